package dev.hvlab.hv.xen;

import dev.hvlab.core.spi.HypervisorProvider;

/**
 * Registers the xen hypervisor model. The model itself does not exist yet: it arrives with the
 * EL2 model SPI, and until then this provider only makes the name known and says so.
 */
public final class XenProvider implements HypervisorProvider {
    @Override
    public String name() {
        return "xen";
    }

    @Override
    public String description() {
        return "Xen (type 1: full vGIC emulation, dom0 and PV split drivers): model not implemented yet";
    }

    @Override
    public Class<? extends Record> configType() {
        return null;
    }
}
