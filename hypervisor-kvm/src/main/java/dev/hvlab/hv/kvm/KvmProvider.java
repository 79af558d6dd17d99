package dev.hvlab.hv.kvm;

import dev.hvlab.core.hypervisor.HypervisorModel;
import dev.hvlab.core.spi.HypervisorProvider;

/** Registers the KVM model; its config file is a {@link KvmConfig}. */
public final class KvmProvider implements HypervisorProvider {
    @Override
    public String name() {
        return "kvm";
    }

    @Override
    public String description() {
        return "KVM/arm64 on ARMv8.0 in split mode (world switch at EL2, host kernel at EL1, user-space VMM); "
                + "vhe=true is an ARMv8.1 what-if; one VM, vCPUs pinned 1:1, LPUART console from the VMM";
    }

    @Override
    public Class<? extends Record> configType() {
        return KvmConfig.class;
    }

    @Override
    public HypervisorModel create(Record config) {
        return new KvmModel((KvmConfig) config);
    }
}
