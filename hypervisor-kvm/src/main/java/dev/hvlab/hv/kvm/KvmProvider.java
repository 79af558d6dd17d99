package dev.hvlab.hv.kvm;

import dev.hvlab.core.spi.HypervisorProvider;

/**
 * Registers the kvm hypervisor model. The model itself does not exist yet: it arrives with the
 * EL2 model SPI, and until then this provider only makes the name known and says so.
 */
public final class KvmProvider implements HypervisorProvider {
    @Override
    public String name() {
        return "kvm";
    }

    @Override
    public String description() {
        return "KVM on ARMv8.0 (split mode: lowvisor at EL2, host kernel at EL1): model not implemented yet";
    }

    @Override
    public Class<? extends Record> configType() {
        return null;
    }
}
