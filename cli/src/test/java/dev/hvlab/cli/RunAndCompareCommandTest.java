package dev.hvlab.cli;

import static dev.hvlab.cli.CliRun.hvlab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunAndCompareCommandTest {
    @TempDir
    Path dir;

    @Test
    void runPrintsTheMetricsAndWritesTheJson() throws Exception {
        CliRun r = hvlab("run", "timer_latency", "--out", dir.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("timer_latency on none (board imx8qm, timing functional, entered at EL2): ok"), r.out());
        assertTrue(r.out().contains("  timer_latency_p99 "), r.out());
        var json = new ObjectMapper().readTree(dir.resolve("timer_latency--none.json").toFile());
        assertEquals("hvlab-run/1", json.get("schema").asText());
        assertEquals(1000, json.at("/histograms/timer_latency/counts").size() > 0
                ? sum(json.at("/histograms/timer_latency/counts")) : -1);
        assertTrue(json.get("trapsByPath").isObject() && json.get("costLedger").isObject());
    }

    private static long sum(com.fasterxml.jackson.databind.JsonNode counts) {
        long s = 0;
        for (var c : counts) {
            s += c.asLong();
        }
        return s;
    }

    @Test
    void aHypervisorWithoutItsEl2ModelIsOneLine() {
        // A registered model that cannot be built yet, while there is one.
        for (var p : dev.hvlab.core.spi.Providers.hypervisors()) {
            if (p.create(null) == null) {
                assertEquals("hvlab run: hypervisor '" + p.name() + "': the model is not available yet; use none",
                        hvlab("run", "microbench", "--hypervisor", p.name()).oneLineError(2));
                assertEquals("hvlab compare: hypervisor '" + p.name() + "': the model is not available yet; use none",
                        hvlab("compare", "--hypervisors", "native," + p.name(), "--out", dir.toString()).oneLineError(2));
            }
        }
        assertTrue(hvlab("compare", "--hypervisors", "hyperv").oneLineError(2)
                .startsWith("hvlab compare: unknown hypervisor model 'hyperv' (known: "));
    }

    @Test
    void aBoardWithAnotherMemoryMapIsOneLine() {
        assertEquals("hvlab run: board 'virt-compat': the workloads are built for the i.MX 8QM memory map (DDR at "
                + "0x80000000, LPUART0 at 0x5a060000, GICv3 GICD 0x51a00000 / GICR 0x51b00000)",
                hvlab("run", "dhrystone", "--board", "virt-compat").oneLineError(2));
    }

    @Test
    void badTolerancesAndJobsAreUsageErrors() {
        assertEquals("hvlab compare: --tolerance 'five' is not a percentage (e.g. 5%)",
                hvlab("compare", "--tolerance", "five").oneLineError(2));
        assertEquals("hvlab compare: --tolerance must not be negative, not -1%",
                hvlab("compare", "--tolerance", "-1%").oneLineError(2));
        assertEquals("hvlab compare: --jobs must be at least 1, not 0", hvlab("compare", "--jobs", "0").oneLineError(2));
    }

    /**
     * The CI mode: a comparison checked against its own summary passes; with one metric of the
     * baseline made better than what the run can achieve (as if a cost had changed), it fails and
     * names that metric.
     */
    @Test
    void compareWritesEveryOutputAndTheBaselineCatchesAChangedMetric() throws Exception {
        Path first = dir.resolve("first");
        CliRun r = hvlab("compare", "--workloads", "microbench,dhrystone", "--out", first.toString(), "--jobs", "2");
        assertEquals(0, r.status(), r.err());
        for (String f : List.of("summary.json", "overhead.md", "overhead.csv", "report.html", "runs/microbench--none.json",
                "runs/dhrystone--none.json")) {
            assertTrue(Files.size(first.resolve(f)) > 0, f);
        }
        assertTrue(r.out().contains("| microbench | hvc | ns | lower |"), r.out());
        // By default: the bare board and every model that exists (Jailhouse at least).
        List<String> environments = dev.hvlab.bench.run.Environments.available();
        assertTrue(environments.contains("none") && environments.contains("jailhouse"), environments.toString());
        int runs = 2 * environments.size();
        assertTrue(r.err().contains("[" + runs + "/" + runs + "] "), r.err());
        assertTrue(Files.size(first.resolve("runs/microbench--jailhouse.json")) > 0);

        Path again = dir.resolve("again");
        CliRun same = hvlab("compare", "--workloads", "microbench,dhrystone", "--out", again.toString(), "--jobs", "1",
                "--baseline", first.resolve("summary.json").toString(), "--tolerance", "0%");
        assertEquals(0, same.status(), same.err());
        assertTrue(same.err().contains("hvlab compare: no regression beyond 0% of "), same.err());
        assertEquals(Files.readString(first.resolve("overhead.csv")), Files.readString(again.resolve("overhead.csv")),
                "the same inputs give the same metrics");

        ObjectMapper json = new ObjectMapper();
        ObjectNode baseline = (ObjectNode) json.readTree(first.resolve("summary.json").toFile());
        for (var row : baseline.get("rows")) {
            if (row.get("metric").asText().equals("hvc")) {
                ObjectNode values = (ObjectNode) row.get("values");
                values.put("none", values.get("none").asDouble() * 0.9);
            }
        }
        Path changed = dir.resolve("changed.json");
        json.writeValue(changed.toFile(), baseline);
        CliRun worse = hvlab("compare", "--workloads", "microbench", "--out", dir.resolve("third").toString(),
                "--baseline", changed.toString(), "--tolerance", "5%");
        assertEquals(1, worse.status(), worse.err());
        List<String> regressions = worse.err().lines().filter(l -> l.startsWith("hvlab compare: regression: ")).toList();
        assertEquals(1, regressions.size(), worse.err());
        assertTrue(regressions.get(0).startsWith("hvlab compare: regression: microbench/none/hvc: ")
                && regressions.get(0).contains(" ns (+11.1%, lower is better, tolerance 5%)"), regressions.get(0));
        assertTrue(worse.err().contains("hvlab compare: 1 metric(s) regressed beyond 5% of " + changed), worse.err());
    }

    /**
     * A changed cost parameter, not a doctored baseline: the same comparison under the approximate
     * model with a slower exception entry on the Cortex-A53 (CPU 0) makes the null hypercall regress
     * under every environment, which the baseline check names; an unknown parameter is one line.
     */
    @Test
    void aChangedCostParameterFailsTheBaselineCheck() throws Exception {
        Path base = dir.resolve("base");
        CliRun first = hvlab("compare", "--workloads", "microbench", "--hypervisors", "none,jailhouse", "--timing",
                "approximate", "--out", base.toString());
        assertEquals(0, first.status(), first.err());
        CliRun slower = hvlab("compare", "--workloads", "microbench", "--hypervisors", "none,jailhouse", "--timing",
                "approximate", "--timing-param", "cortex-a53.system.exceptionEntry=60", "--out",
                dir.resolve("slower").toString(), "--baseline", base.resolve("summary.json").toString());
        assertEquals(1, slower.status(), slower.err());
        List<String> regressions = slower.err().lines().filter(l -> l.startsWith("hvlab compare: regression: ")).toList();
        assertTrue(regressions.stream().anyMatch(l -> l.startsWith("hvlab compare: regression: microbench/none/hvc: ")),
                slower.err());
        assertTrue(regressions.stream().anyMatch(l -> l.startsWith("hvlab compare: regression: microbench/jailhouse/hvc: ")),
                slower.err());
        assertTrue(regressions.stream().noneMatch(l -> l.contains("/mmio_read")), "an MMIO read takes no exception: "
                + slower.err());
        assertTrue(hvlab("compare", "--workloads", "microbench", "--timing", "approximate", "--timing-param",
                "cortex-a53.system.exceptionEntri=60").oneLineError(2).contains("no parameter system.exceptionEntri"));
    }
}
