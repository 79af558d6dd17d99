package dev.hvlab.hv.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.spi.HypervisorProvider;
import dev.hvlab.core.spi.Providers;
import org.junit.jupiter.api.Test;

class KvmProviderTest {
    @Test
    void registeredThroughServiceLoader() {
        HypervisorProvider p = Providers.hypervisor("kvm");
        assertInstanceOf(KvmProvider.class, p);
        assertEquals(1, Providers.hypervisors().size(), "this module registers exactly one model");
    }

    @Test
    void createsItsModelAndSaysWhatIsAWhatIf() {
        KvmProvider p = new KvmProvider();
        assertTrue(p.description().contains("vhe=true is an ARMv8.1 what-if"), p.description());
        assertTrue(p.create(null) != null, "the model exists");
    }
}
