package dev.hvlab.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hvlab.bench.Workload;
import dev.hvlab.bench.Workloads;
import dev.hvlab.board.imx8qm.Board;
import dev.hvlab.board.imx8qm.Boot;
import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.spi.Providers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every workload on the bare i.MX 8QM, and what the runner makes of it. */
class WorkloadRunnerTest {
    private static final BoardConfig IMX8QM = Providers.board("imx8qm");

    private static RunRecord run(String workload) {
        return WorkloadRunner.run(new RunSpec(workload, "none", IMX8QM, "functional"));
    }

    private static double metric(RunRecord r, String name) {
        Metric m = r.metrics().get(name);
        assertTrue(m != null, name + " in " + r.metrics().keySet() + "\n" + r.console());
        return m.value();
    }

    @Test
    void everyWorkloadFinishesNatively() {
        for (Workload w : Workloads.all()) {
            RunRecord r = run(w.name());
            assertEquals("ok", r.status(), w.name() + ": " + r.failure() + "\n" + r.console());
            assertEquals(2, r.entryEl());
            assertTrue(r.skipped().isEmpty(), w.name() + " skipped " + r.skipped());
            assertTrue(!r.metrics().isEmpty() && r.instructions() > 0 && r.simulatedPs() > 0, w.name());
            assertEquals(r.cpus().stream().mapToLong(RunRecord.CpuStats::cycles).sum(), r.cycles());
            assertTrue(r.trapsByPath().isEmpty() && r.costLedger().isEmpty(), "natively no hypervisor statistics");
        }
    }

    /**
     * Under the Jailhouse model every workload runs in the root cell to its DONE line (Jailhouse
     * refuses SYSTEM_OFF); the null hypercall takes Jailhouse's ABI, and the hypervisor's work shows
     * as traps by path and a ledger whose paths are the sums of their steps.
     */
    @Test
    void everyWorkloadFinishesAsTheJailhouseRootCell() {
        for (Workload w : Workloads.all()) {
            RunRecord r = WorkloadRunner.run(new RunSpec(w.name(), "jailhouse", IMX8QM, "functional"));
            assertEquals("ok", r.status(), w.name() + ": " + r.failure() + "\n" + r.console());
            assertEquals("workload done", r.reason(), w.name());
            assertTrue(r.skipped().isEmpty(), w.name() + " skipped " + r.skipped());
        }
        RunRecord native_ = run("microbench");
        RunRecord jh = WorkloadRunner.run(new RunSpec("microbench", "jailhouse", IMX8QM, "functional"));
        assertTrue(jh.trapsByPath().getOrDefault("hypercall", 0L) >= 10000, "each null hypercall exits: " + jh.trapsByPath());
        assertTrue(jh.trapsByPath().getOrDefault("gicd-access", 0L) >= 10000, "each GICD read traps: " + jh.trapsByPath());
        assertTrue(jh.costLedger().get("hypercall").values().stream().mapToLong(Long::longValue).sum() > 0);
        assertTrue(metric(jh, "hvc_cycles") > metric(native_, "hvc_cycles"), "Jailhouse's hypercall costs more than none");
        assertTrue(metric(jh, "gicd_read_cycles") > 10 * metric(native_, "gicd_read_cycles"),
                "a trapped and emulated GICD read costs far more than a direct one");
        assertEquals(metric(native_, "mmio_read_cycles"), metric(jh, "mmio_read_cycles"), 0.01,
                "the LPUART is passed through to the root cell");
    }

    /**
     * Functional timing is one cycle per instruction on CPU 0, a Cortex-A53 at 1.2 GHz, so each
     * micro-benchmark's ns per operation (virtual counter, 8 MHz: 125 ns per tick over 10000
     * iterations, 1000 for the IPI and timer) is its PMU cycles / 1.2, within the counter's resolution.
     */
    @Test
    void microbenchCountersAgreeWithTheCoreClock() {
        RunRecord r = run("microbench");
        Map<String, Integer> iterations = Map.of("hvc", 10000, "mmio_read", 10000, "gicd_read", 10000, "eoi", 10000,
                "timer_irq", 1000, "ipi", 1000);
        for (var e : iterations.entrySet()) {
            double ns = metric(r, e.getKey());
            double cycles = metric(r, e.getKey() + "_cycles");
            assertTrue(cycles >= 1, e.getKey() + " costs something: " + cycles);
            double tick = 125.0 / e.getValue();
            assertTrue(Math.abs(ns - cycles / 1.2) <= 2 * tick + 0.002,
                    e.getKey() + ": " + ns + " ns vs " + cycles + " cycles at 1.2 GHz");
        }
        // The IPI waits for CPU 1's acknowledgement, which a round-robin quantum (1 us) delays.
        assertTrue(metric(r, "ipi") >= 1000, "ipi " + metric(r, "ipi"));
    }

    @Test
    void latencyWorkloadsReportConsistentStatistics() {
        for (String w : List.of("ipi_latency", "timer_latency", "timer_latency_interference")) {
            RunRecord r = run(w);
            Histogram h = r.histograms().get(w);
            assertEquals(w.equals("timer_latency_interference") ? 500 : 1000, h.total(), w + " samples");
            assertEquals(125.0, h.width(), "one 8 MHz counter tick per bucket");
            double min = metric(r, w + "_min");
            double avg = metric(r, w + "_avg");
            double max = metric(r, w + "_max");
            double p99 = metric(r, w + "_p99");
            assertTrue(min <= avg && avg <= max && min <= p99 && p99 <= max, w + ": " + r.metrics());
            int first = 0;
            while (h.counts().get(first) == 0) {
                first++;
            }
            assertEquals(first * 125.0, min, w + ": the minimum is the first non-empty bucket");
        }
    }

    @Test
    void interferenceDelaysTheTimer() {
        assertTrue(metric(run("timer_latency_interference"), "timer_latency_interference_max")
                > metric(run("timer_latency"), "timer_latency_max"));
    }

    /** Entered at EL1 with no EL2 software, HVC is UNDEFINED (SCR_EL3.HCE = 0): the benchmark says so. */
    @Test
    void withoutEl2TheHypercallIsSkipped() {
        Environment el1 = new Environment() {
            @Override
            public String name() {
                return "el1";
            }

            @Override
            public void boot(Board board, String imageName, byte[] image) {
                Boot.load(board, Boot.Spec.elf(imageName, image, 1));
            }

            @Override
            public int guestEntryEl() {
                return 1;
            }
        };
        RunRecord r = WorkloadRunner.run(new RunSpec("microbench", "none", IMX8QM, "functional"), el1);
        assertEquals("ok", r.status(), r.failure());
        assertTrue(r.skipped().get("hvc").contains("UNDEFINED"), r.skipped().toString());
        assertTrue(!r.metrics().containsKey("hvc") && r.metrics().containsKey("gicd_read"), r.metrics().keySet().toString());
    }

    /** Same inputs, same record (less host time), whether run alone or two at a time. */
    @Test
    void runsAreDeterministicSequentialOrParallel() throws Exception {
        List<RunSpec> specs = new ArrayList<>();
        for (String w : List.of("microbench", "ipi_latency", "timer_latency_interference", "whetstone")) {
            specs.add(new RunSpec(w, "native", IMX8QM, "functional"));
        }
        ObjectMapper json = new ObjectMapper();
        List<String> lines = new ArrayList<>();
        List<RunRecord> a = Matrix.run(specs, 1, lines::add);
        List<RunRecord> b = Matrix.run(specs, 2, lines::add);
        assertEquals(8, lines.size());
        for (int i = 0; i < specs.size(); i++) {
            assertEquals(json.writeValueAsString(a.get(i).withoutHost()), json.writeValueAsString(b.get(i).withoutHost()),
                    specs.get(i).workload());
            assertEquals("none", a.get(i).hypervisor());
        }
    }
}
