package dev.hvlab.hv.xvisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.hypervisor.CostLedger;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bare-metal workload suite natively and as the single guest of the default Xvisor config: both
 * finish, report the same metrics, INFO lines and checksums, and the ledger shows Xvisor's paths.
 */
class WorkloadsUnderXvisorTest {
    private static final long LIMIT = 400_000_000L;

    @ParameterizedTest
    @ValueSource(strings = {"microbench", "ipi_latency", "timer_latency", "timer_latency_interference", "dhrystone",
        "whetstone"})
    void runsAsTheGuestWithTheSameOutputShape(String workload) throws Exception {
        byte[] image = Rig.workload(workload);
        Rig n = Rig.nativeRun(image).run(LIMIT);
        Rig x = Rig.xvisor(image, null).run(LIMIT);
        String xo = x.output();
        assertTrue(xo.contains("DONE"), xo);
        assertFalse(xo.contains("FAIL"), xo);
        assertEquals("PSCI SYSTEM_OFF", x.result.reason());
        assertEquals(lines(n.output(), "(?m)^RESULT name=(\\S+)"), lines(xo, "(?m)^RESULT name=(\\S+)"));
        assertEquals(lines(n.output(), "(?m)^INFO .*$"), lines(xo, "(?m)^INFO .*$"));
        assertTrue(x.dispatcher.reports().isEmpty(), x.dispatcher.reports().toString());
        List<String> paths = x.dispatcher.ledger().paths().stream().map(CostLedger.PathTotal::path).toList();
        assertTrue(paths.contains("boot+vcpu-switch"), paths.toString());
        if (workload.startsWith("timer") || workload.equals("microbench")) {
            assertTrue(paths.stream().anyMatch(s -> s.startsWith("vtimer") || s.startsWith("host-timer")), paths.toString());
            assertTrue(paths.contains("wfi"), paths.toString());
            assertTrue(paths.contains("wfi-block+vcpu-switch"), paths.toString());
        }
        if (workload.equals("microbench") || workload.equals("ipi_latency")) {
            assertTrue(paths.contains("sgi"), paths.toString());
            assertTrue(paths.contains("mmio-gicv3-view-redistributor"), paths.toString());
        }
    }

    /**
     * Upstream Xvisor answers only PSCI over HVC: SMCCC_VERSION (hv_abi 0) gets an injected undefined
     * exception, which the workload runtime reports as FAIL; the opt-in deviation answers NOT_SUPPORTED.
     */
    @org.junit.jupiter.api.Test
    void smcccVersionIsUndefinedUpstreamAndNotSupportedWithTheDeviation() throws Exception {
        Rig upstream = Rig.xvisor(Rig.workload("microbench"), Rig.HV_ABI_SMCCC, List.of()).run(LIMIT);
        assertTrue(upstream.output().contains("FAIL unexpected exception at EL1"), upstream.output());
        assertTrue(upstream.dispatcher.ledger().paths().stream().anyMatch(p -> p.path().equals("inject-undef")),
                upstream.dispatcher.ledger().paths().toString());
        Rig deviated = Rig.xvisor(Rig.workload("microbench"), Rig.HV_ABI_SMCCC,
                List.of(XvisorConfig.SMCCC_NOT_SUPPORTED)).run(LIMIT);
        assertTrue(deviated.output().contains("DONE"), deviated.output());
        assertFalse(deviated.output().contains("FAIL"), deviated.output());
    }

    /** The timer workloads re-enable the timer as Linux does, so the vtimer-eoi-unmask deviation changes no result. */
    @org.junit.jupiter.api.Test
    void timerLatencyNeedsNoDeviationButStillRunsWithVtimerEoiUnmask() throws Exception {
        Rig deviated = Rig.xvisor(Rig.workload("timer_latency"), Rig.HV_ABI_PSCI_VERSION,
                List.of(XvisorConfig.VTIMER_EOI_UNMASK)).run(LIMIT);
        assertTrue(deviated.output().contains("DONE"), deviated.output());
        assertFalse(deviated.output().contains("FAIL"), deviated.output());
        List<String> paths = deviated.dispatcher.ledger().paths().stream().map(CostLedger.PathTotal::path).toList();
        assertTrue(paths.stream().anyMatch(p -> p.startsWith("maintenance")), "the deviation's EOI maintenance: " + paths);
        Rig upstream = Rig.xvisor(Rig.workload("timer_latency"), null).run(LIMIT);
        List<String> upstreamPaths = upstream.dispatcher.ledger().paths().stream().map(CostLedger.PathTotal::path).toList();
        assertFalse(upstreamPaths.stream().anyMatch(p -> p.startsWith("maintenance")), upstreamPaths.toString());
    }

    @org.junit.jupiter.api.Test
    void theApproximateTimingModelPricesTheSamePaths() throws Exception {
        Rig x = Rig.xvisorApproximate(Rig.workload("microbench")).run(LIMIT);
        assertTrue(x.output().contains("DONE"), x.output());
        assertFalse(x.output().contains("FAIL"), x.output());
        Rig f = Rig.xvisor(Rig.workload("microbench"), null).run(LIMIT);
        String path = "mmio-gicv3-view-distributor";
        List<String> approxSteps = x.dispatcher.ledger().steps("xvisor", path).stream().map(CostLedger.Row::step).toList();
        List<String> functionalSteps = f.dispatcher.ledger().steps("xvisor", path).stream().map(CostLedger.Row::step).toList();
        assertEquals(functionalSteps, approxSteps, "the same mechanism whatever the timing model");
        long approx = x.dispatcher.ledger().paths().stream().filter(p -> p.path().equals(path)).findFirst().orElseThrow().cycles();
        long functional = f.dispatcher.ledger().paths().stream().filter(p -> p.path().equals(path)).findFirst().orElseThrow().cycles();
        assertTrue(approx != functional, "priced by the approximate model: " + approx + " vs " + functional);
    }

    private static String lines(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text.replace("\r", ""));
        return m.results().map(r -> r.groupCount() > 0 ? r.group(1) : r.group()).collect(Collectors.joining("\n"));
    }
}
