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
     * Xen's defaults park the i.MX 8QM's A72s (their MIDR is not the boot A53's): the environment
     * gives the domU one vCPU per A53 and nothing runs on CPUs 4-5, as natively the tests run on A53s.
     */
    @Test
    void theDomUHasOneVcpuPerA53AndTheA72sAreParked() {
        BoardConfig.Cluster boot = IMX8QM.clusters().get(0);
        assertEquals("cortex-a53", boot.coreType());
        RunRecord domU = WorkloadRunner.run(new RunSpec("dhrystone", "xen-domu", IMX8QM, "functional"));
        assertEquals("ok", domU.status(), domU.failure());
        String console = domU.console();
        assertTrue(console.contains("(XEN) *** LOADING DOMU cpus=" + boot.cpus() + " "), console);
        assertTrue(console.contains("(XEN) Brought up " + boot.cpus() + " CPUs\n"), console);
        for (int c = boot.cpus(); c < IMX8QM.clusters().stream().mapToInt(BoardConfig.Cluster::cpus).sum(); c++) {
            assertTrue(console.contains("(XEN) CPU" + c + " never came online\n"), console);
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
