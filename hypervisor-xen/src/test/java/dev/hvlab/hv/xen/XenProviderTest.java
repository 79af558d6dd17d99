package dev.hvlab.hv.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.hvlab.core.spi.HypervisorProvider;
import dev.hvlab.core.spi.Providers;
import org.junit.jupiter.api.Test;

class XenProviderTest {
    @Test
    void registeredThroughServiceLoader() {
        HypervisorProvider p = Providers.hypervisor("xen");
        assertInstanceOf(XenProvider.class, p);
        assertEquals(1, Providers.hypervisors().size(), "this module registers exactly one model");
        assertEquals(XenConfig.class, p.configType());
        assertInstanceOf(XenModel.class, p.create(null));
    }
}
