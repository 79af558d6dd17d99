package dev.hvlab.hv.jailhouse;

import dev.hvlab.core.hypervisor.HypervisorModel;
import dev.hvlab.core.spi.HypervisorProvider;

/** Registers the Jailhouse model; its config file is a {@link JailhouseConfig}. */
public final class JailhouseProvider implements HypervisorProvider {
    @Override
    public String name() {
        return "jailhouse";
    }

    @Override
    public String description() {
        return "Jailhouse (static partitioning into cells, no scheduler; GICv3, PSCI, hypercalls, ivshmem; "
                + "no run-time cell management)";
    }

    @Override
    public Class<? extends Record> configType() {
        return JailhouseConfig.class;
    }

    @Override
    public HypervisorModel create(Record config) {
        return new JailhouseModel((JailhouseConfig) config);
    }
}
