package dev.hvlab.hv.jailhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.spi.HypervisorProvider;
import dev.hvlab.core.spi.Providers;
import org.junit.jupiter.api.Test;

class JailhouseProviderTest {
    @Test
    void registeredThroughServiceLoader() {
        HypervisorProvider p = Providers.hypervisor("jailhouse");
        assertInstanceOf(JailhouseProvider.class, p);
        assertEquals(1, Providers.hypervisors().size(), "this module registers exactly one model");
    }

    @Test
    void createsItsModelAndSaysWhatItLeavesOut() {
        JailhouseProvider p = new JailhouseProvider();
        assertTrue(p.description().contains("no run-time cell management"), p.description());
        assertTrue(p.create(null) != null, "the model exists");
    }
}
