package dev.hvlab.core.exception;

import dev.hvlab.core.cpu.Cpu;

/**
 * The EL3 firmware model: services an SMC taken to EL3 when no EL3 software runs in the guest
 * (PSCI, SMCCC). Returns false to let the exception be taken architecturally instead.
 */
@FunctionalInterface
public interface SecureMonitorCall {
    boolean handleSmc(Cpu cpu);
}
