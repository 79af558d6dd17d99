package dev.hvlab.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.bench.Workload;
import dev.hvlab.bench.Workloads;
import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.spi.Providers;
import dev.hvlab.hv.xen.XenConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bare-metal workloads natively and as Xen's dom0. */
class XenEnvironmentTest {
    private static final BoardConfig IMX8QM = Providers.board("imx8qm");

    @Test
    void everyWorkloadRunsAsDom0WithTheSameMetricsAsNatively() {
        assertInstanceOf(Xen.class, Environments.of("xen"));
        for (Workload w : Workloads.all()) {
            RunRecord nat = WorkloadRunner.run(new RunSpec(w.name(), "none", IMX8QM, "functional"));
            RunRecord xen = WorkloadRunner.run(new RunSpec(w.name(), "xen", IMX8QM, "functional"));
            assertEquals("ok", xen.status(), w.name() + ": " + xen.failure() + "\n" + xen.console());
            assertEquals(1, xen.entryEl());
            assertEquals(nat.metrics().keySet(), xen.metrics().keySet(), w.name());
            assertTrue(!xen.trapsByPath().isEmpty() && !xen.costLedger().isEmpty(), w.name());
            assertTrue(xen.trapsByPath().containsKey("gicd-access"), "the distributor is emulated: " + xen.trapsByPath());
        }
    }

    private static RunRecord timerLatency(String sched, String vwfi) {
        XenConfig c = new XenConfig(new XenConfig.CommandLine(sched, vwfi, "", 0, false, 50_000, true, false), true,
                List.of());
        RunRecord r = WorkloadRunner.run(new RunSpec("timer_latency", "xen", IMX8QM, "functional"), new Xen(c));
        assertEquals("ok", r.status(), r.failure());
        return r;
    }

    /**
     * vwfi=trap: the idle vCPU blocks in WFI, the soft timer on CNTHP wakes it and the scheduler
     * switches it back in from idle; vwfi=native: WFI runs on the pCPU and the virtual timer's
     * interrupt is injected directly (vtimer_interrupt), with no block, wake or switch.
     */
    @Test
    void vwfiTrapBlocksAndWakesWhereVwfiNativeInjectsDirectly() {
        Map<String, Long> trap = timerLatency("credit2", "trap").trapsByPath();
        Map<String, Long> nat = timerLatency("credit2", "native").trapsByPath();
        assertEquals(1000L, trap.get("wfi-block+switch-to-idle"), trap.toString());
        assertEquals(1000L, trap.get("idle-hyp-timer"), trap.toString());
        assertFalse(trap.containsKey("vtimer-irq"), trap.toString());
        assertFalse(nat.keySet().stream().anyMatch(p -> p.startsWith("wfi") || p.contains("switch") || p.startsWith("idle-hyp")),
                nat.toString());
        assertEquals(1000L, nat.get("vtimer-irq"), nat.toString());
        RunRecord t = timerLatency("credit2", "trap");
        RunRecord n = timerLatency("credit2", "native");
        assertTrue(t.metrics().get("timer_latency_avg").value() > n.metrics().get("timer_latency_avg").value(),
                "block/wake/switch is slower than direct injection");
        assertTrue(t.costLedger().get("idle-hyp-timer").containsKey("MSR VTTBR_EL2"), "the wake-up restores the vCPU");
    }

    @Test
    void theNullSchedulerNeverSwitchesBetweenVcpus() {
        for (String w : List.of("ipi_latency", "timer_latency_interference")) {
            XenConfig c = new XenConfig(new XenConfig.CommandLine("null", "native", "", 0, false, 50_000, true, false),
                    true, List.of());
            RunRecord r = WorkloadRunner.run(new RunSpec(w, "xen", IMX8QM, "functional"), new Xen(c));
            assertEquals("ok", r.status(), r.failure());
            assertFalse(r.trapsByPath().keySet().stream().anyMatch(p -> p.contains("switch") || p.startsWith("wfi")),
                    r.trapsByPath().toString());
        }
    }
}
