package dev.hvlab.bench.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The comparison of a matrix of runs, written as {@code summary.json}: one row per workload and
 * metric with each environment's value and, when the native run is in the matrix, each
 * hypervisor's overhead over it. A later run's summary is checked against a stored one with
 * {@link BaselineCheck}.
 *
 * @param schema      {@value #SCHEMA}
 * @param hypervisors the environments in matrix order ({@code none} first when present)
 * @param runs        one entry per run: its id, status and file
 * @param rows        the metrics
 */
public record Summary(String schema, String board, String timing, List<String> hypervisors, List<String> workloads,
        List<RunEntry> runs, List<Row> rows) {
    public static final String SCHEMA = "hvlab-summary/1";

    public record RunEntry(String id, String workload, String hypervisor, String status, String failure, String file) {
    }

    /**
     * One metric of one workload across the environments.
     *
     * @param values          environment name to value
     * @param overheadPercent hypervisor name to how much worse than native, in percent (for a
     *                        higher-is-better metric, the equivalent slow-down: native / value - 1);
     *                        absent without a native run or when the native value is 0
     */
    public record Row(String workload, String metric, String unit, String better, Map<String, Double> values,
            Map<String, Double> overheadPercent) {
    }

    /** The summary of {@code runs} (in matrix order: workload-major, then hypervisor). */
    public static Summary of(List<RunRecord> runs) {
        Set<String> hypervisors = new LinkedHashSet<>();
        Set<String> workloads = new LinkedHashSet<>();
        List<RunEntry> entries = new ArrayList<>();
        for (RunRecord r : runs) {
            hypervisors.add(r.hypervisor());
            workloads.add(r.workload());
            entries.add(new RunEntry(r.workload() + "--" + r.hypervisor(), r.workload(), r.hypervisor(), r.status(),
                    r.failure(), "runs/" + r.workload() + "--" + r.hypervisor() + ".json"));
        }
        List<String> hvs = new ArrayList<>(hypervisors);
        if (hvs.remove(Native.NAME)) {
            hvs.add(0, Native.NAME);
        }
        List<Row> rows = new ArrayList<>();
        for (String w : workloads) {
            Map<String, Metric> proto = new LinkedHashMap<>();
            for (RunRecord r : runs) {
                if (r.workload().equals(w)) {
                    r.metrics().values().forEach(m -> proto.putIfAbsent(m.name(), m));
                }
            }
            for (Metric m : proto.values()) {
                Map<String, Double> values = new LinkedHashMap<>();
                for (String hv : hvs) {
                    for (RunRecord r : runs) {
                        if (r.workload().equals(w) && r.hypervisor().equals(hv) && r.metrics().containsKey(m.name())) {
                            values.put(hv, r.metrics().get(m.name()).value());
                        }
                    }
                }
                Map<String, Double> overhead = new LinkedHashMap<>();
                Double nat = values.get(Native.NAME);
                for (Map.Entry<String, Double> e : values.entrySet()) {
                    if (!e.getKey().equals(Native.NAME) && nat != null) {
                        Double o = overhead(m.lowerIsBetter(), nat, e.getValue());
                        if (o != null) {
                            overhead.put(e.getKey(), o);
                        }
                    }
                }
                rows.add(new Row(w, m.name(), m.unit(), m.better(), values, overhead));
            }
        }
        String board = runs.isEmpty() ? "" : runs.get(0).board();
        String timing = runs.isEmpty() ? "" : runs.get(0).timing();
        return new Summary(SCHEMA, board, timing, hvs, List.copyOf(workloads), entries, rows);
    }

    /** How much worse {@code value} is than {@code base}, in percent; null when undefined. */
    static Double overhead(boolean lowerIsBetter, double base, double value) {
        if (lowerIsBetter) {
            return base == 0 ? null : (value / base - 1) * 100;
        }
        return value == 0 ? null : (base / value - 1) * 100;
    }
}
