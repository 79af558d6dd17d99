package dev.hvlab.hv.xvisor;

import dev.hvlab.core.hypervisor.HypervisorModel;
import dev.hvlab.core.spi.HypervisorProvider;

/** Registers the Xvisor model; its config file is an {@link XvisorConfig}. */
public final class XvisorProvider implements HypervisorProvider {
    @Override
    public String name() {
        return "xvisor";
    }

    @Override
    public String description() {
        return "Xvisor (monolithic type 1, device emulation at EL2: emulated GIC on the list registers, PL011, "
                + "virtio; PRR/PRM scheduler, WFI blocking; a what-if on the GIC-500)";
    }

    @Override
    public Class<? extends Record> configType() {
        return XvisorConfig.class;
    }

    @Override
    public HypervisorModel create(Record config) {
        return new XvisorModel((XvisorConfig) config);
    }
}
