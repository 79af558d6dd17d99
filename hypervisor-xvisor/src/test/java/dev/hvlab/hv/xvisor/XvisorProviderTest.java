package dev.hvlab.hv.xvisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.hvlab.core.spi.HypervisorProvider;
import dev.hvlab.core.spi.Providers;
import org.junit.jupiter.api.Test;

class XvisorProviderTest {
    @Test
    void registeredThroughServiceLoaderWithItsConfigRecord() {
        HypervisorProvider p = Providers.hypervisor("xvisor");
        assertInstanceOf(XvisorProvider.class, p);
        assertEquals(XvisorConfig.class, p.configType());
        assertInstanceOf(XvisorModel.class, p.create(null));
    }
}
