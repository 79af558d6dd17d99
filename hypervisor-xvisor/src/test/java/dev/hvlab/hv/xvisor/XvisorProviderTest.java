package dev.hvlab.hv.xvisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.spi.HypervisorProvider;
import dev.hvlab.core.spi.Providers;
import org.junit.jupiter.api.Test;

class XvisorProviderTest {
    @Test
    void registeredThroughServiceLoader() {
        HypervisorProvider p = Providers.hypervisor("xvisor");
        assertInstanceOf(XvisorProvider.class, p);
        assertEquals(1, Providers.hypervisors().size(), "this module registers exactly one model");
    }

    @Test
    void saysPlainlyThatTheModelIsNotImplemented() {
        assertTrue(new XvisorProvider().description().endsWith("model not implemented yet"));
    }
}
