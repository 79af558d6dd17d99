package dev.hvlab.core.sysreg;

import dev.hvlab.core.cpu.Cpu;

/**
 * The system counter as a CPU sees it (ARM ARM D11.1, "The Generic Timer"): the physical count that
 * CNTPCT_EL0 reads. The generic-timer model provides one derived from simulated time.
 */
@FunctionalInterface
public interface SystemCounter {
    long physicalCount(Cpu cpu);

    /** Deterministic stand-in until the timer exists: one tick per retired instruction of this CPU. */
    SystemCounter INSTRUCTIONS = cpu -> cpu.instructions;
}
