package dev.hvlab.hv.jailhouse;

import dev.hvlab.core.spi.HypervisorProvider;

/**
 * Registers the jailhouse hypervisor model. The model itself does not exist yet: it arrives with the
 * EL2 model SPI, and until then this provider only makes the name known and says so.
 */
public final class JailhouseProvider implements HypervisorProvider {
    @Override
    public String name() {
        return "jailhouse";
    }

    @Override
    public String description() {
        return "Jailhouse (static partitioning into cells, no scheduler): model not implemented yet";
    }

    @Override
    public Class<? extends Record> configType() {
        return null;
    }
}
