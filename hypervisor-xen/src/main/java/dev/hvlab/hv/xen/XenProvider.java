package dev.hvlab.hv.xen;

import dev.hvlab.core.hypervisor.HypervisorModel;
import dev.hvlab.core.spi.HypervisorProvider;

/** Registers the Xen model; its config file is a {@link XenConfig}. */
public final class XenProvider implements HypervisorProvider {
    @Override
    public String name() {
        return "xen";
    }

    @Override
    public String description() {
        return "Xen (type 1: dom0 + dom0less domUs (Linux or bare metal; dom0 optional), credit2/credit/null/RTDS schedulers, "
                + "emulated GICv3 with the old vGIC, vtimer, vPSCI, vpl011, hypercalls and event channels; no PV drivers)";
    }

    @Override
    public Class<? extends Record> configType() {
        return XenConfig.class;
    }

    @Override
    public HypervisorModel create(Record config) {
        return new XenModel((XenConfig) config);
    }
}
