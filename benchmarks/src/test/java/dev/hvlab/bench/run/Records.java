package dev.hvlab.bench.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-made run records for the summary, table and baseline tests. */
final class Records {
    private Records() {
    }

    static RunRecord of(String workload, String hypervisor, Metric... metrics) {
        Map<String, Metric> m = new LinkedHashMap<>();
        for (Metric x : metrics) {
            m.put(x.name(), x);
        }
        return new RunRecord(RunRecord.SCHEMA, workload, hypervisor, "imx8qm", "functional", 2, "ok", null, 0,
                "PSCI SYSTEM_OFF", m, Map.of("lat", new Histogram("lat", "ns", 125, List.of(5L, 3L, 0L))), Map.of(),
                Map.of(), 100, 100, 1000, List.of(), Map.of(), hypervisor.equals("none") ? Map.of()
                        : Map.of("hvc", Map.of("trap entry", 40L, "dispatch", 25L)), "", new RunRecord.Host(1, 1));
    }

    static Metric lower(String name, double v) {
        return new Metric(name, "ns", "lower", v);
    }

    static Metric higher(String name, double v) {
        return new Metric(name, "loops/s", "higher", v);
    }
}
