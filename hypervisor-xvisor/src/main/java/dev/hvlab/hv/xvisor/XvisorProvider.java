package dev.hvlab.hv.xvisor;

import dev.hvlab.core.spi.HypervisorProvider;

/**
 * Registers the xvisor hypervisor model. The model itself does not exist yet: it arrives with the
 * EL2 model SPI, and until then this provider only makes the name known and says so.
 */
public final class XvisorProvider implements HypervisorProvider {
    @Override
    public String name() {
        return "xvisor";
    }

    @Override
    public String description() {
        return "Xvisor (monolithic type 1, device emulation at EL2): model not implemented yet";
    }

    @Override
    public Class<? extends Record> configType() {
        return null;
    }
}
