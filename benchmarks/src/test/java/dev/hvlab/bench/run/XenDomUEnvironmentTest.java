package dev.hvlab.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.bench.Workload;
import dev.hvlab.bench.Workloads;
import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.spi.Providers;
import org.junit.jupiter.api.Test;

/** The bare-metal workloads, built for Xen's guest layout, as a dom0less domU. */
class XenDomUEnvironmentTest {
    private static final BoardConfig IMX8QM = Providers.board("imx8qm");

    @Test
    void everyWorkloadRunsAsADomUWithTheSameMetricsAsNatively() {
        assertInstanceOf(XenDomU.class, Environments.of("xen-domu"));
        assertTrue(Environments.available().contains("xen-domu"), "in the default matrix");
        for (Workload w : Workloads.all()) {
            RunRecord nat = WorkloadRunner.run(new RunSpec(w.name(), "none", IMX8QM, "functional"));
            RunRecord domU = WorkloadRunner.run(new RunSpec(w.name(), "xen-domu", IMX8QM, "functional"));
            assertEquals("ok", domU.status(), w.name() + ": " + domU.failure() + "\n" + domU.console());
            assertEquals(1, domU.entryEl());
            assertEquals(nat.metrics().keySet(), domU.metrics().keySet(), w.name());
            assertTrue(domU.console().contains("\nhvlab-workload entry-el=1 cpu=0\n"),
                    "the domain's own lines, without Xen's prefix: " + domU.console());
            assertTrue(domU.trapsByPath().containsKey("gicd-access"), "the distributor is emulated: " + domU.trapsByPath());
            assertTrue(domU.trapsByPath().keySet().stream().anyMatch(p -> p.contains("vpl011")),
                    "the console is Xen's emulated UART: " + domU.trapsByPath());
        }
    }

    /**
     * The same workload in a domU pays what dom0 pays plus the emulated console: dom0 has the
     * board's UART passed through, the domU's every console access traps to vpl011.
     */
    @Test
    void theDomUsConsoleReadCostsAnExitWhereDom0sDoesNot() {
        RunRecord dom0 = WorkloadRunner.run(new RunSpec("microbench", "xen", IMX8QM, "functional"));
        RunRecord domU = WorkloadRunner.run(new RunSpec("microbench", "xen-domu", IMX8QM, "functional"));
        double d0 = dom0.metrics().get("mmio_read").value();
        double dU = domU.metrics().get("mmio_read").value();
        assertTrue(dU > 10 * d0, "a trapped read (" + dU + " ns) against a passed-through one (" + d0 + " ns)");
    }
}
