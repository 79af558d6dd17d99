package dev.hvlab.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.spi.Providers;
import org.junit.jupiter.api.Test;

/** The Xvisor environment in the runner: a workload runs as its guest and the record carries its ledger. */
class XvisorEnvironmentTest {
    @Test
    void microbenchUnderXvisorRecordsTrapsAndLedger() {
        assertInstanceOf(Xvisor.class, Environments.of("xvisor"));
        RunRecord r = WorkloadRunner.run(new RunSpec("microbench", "xvisor", Providers.board("imx8qm"), "functional"));
        assertEquals("ok", r.status(), r.failure());
        assertEquals("xvisor", r.hypervisor());
        assertEquals(1, r.entryEl());
        assertTrue(r.trapsByPath().getOrDefault("mmio-gicv3-view-distributor", 0L) >= 10_000, r.trapsByPath().toString());
        assertTrue(r.trapsByPath().getOrDefault("hvc-psci", 0L) >= 10_000, r.trapsByPath().toString());
        assertTrue(r.costLedger().get("sgi").containsKey("MSR ICC_SGI1R_EL1"), r.costLedger().get("sgi").toString());
    }
}
