package dev.hvlab.bench.linux;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * UnixBench's index: each test's result divided by the baseline system's and multiplied by 10 (the
 * baseline system scores 10 on every test), and the overall score as the geometric mean of the
 * indices. The baselines are those of UnixBench 5.1's {@code pgms/index.base}, measured on
 * "George", a SPARCstation 20-61 (shell1's extrapolated by UnixBench's authors from George's
 * shell8). Our tests implement the UnixBench tests' definitions, not their code: see
 * docs/WORKLOADS.md for where they differ (notably dhrystone, our own integer loop).
 */
public final class UnixBenchIndex {
    /** A baseline: our metric, UnixBench's test name, its unit and the baseline system's result. */
    public record Baseline(String metric, String unixBench, String title, String unit, double value) {
    }

    public static final List<Baseline> BASELINES = List.of(
            new Baseline("dhrystone", "dhry2reg", "Dhrystone-style integer loop", "lps", 116700),
            new Baseline("whetstone", "whetstone-double", "Double-precision Whetstone", "MWIPS", 55.0),
            new Baseline("execl", "execl", "Execl throughput", "lps", 43.0),
            new Baseline("fcopy_1024_2000", "fstime", "File copy 1024 bufsize 2000 maxblocks", "KBps", 3960),
            new Baseline("fcopy_256_500", "fsbuffer", "File copy 256 bufsize 500 maxblocks", "KBps", 1655),
            new Baseline("fcopy_4096_8000", "fsdisk", "File copy 4096 bufsize 8000 maxblocks", "KBps", 5800),
            new Baseline("pipe", "pipe", "Pipe throughput", "lps", 12440),
            new Baseline("context", "context1", "Pipe-based context switching", "lps", 4000),
            new Baseline("spawn", "spawn", "Process creation", "lps", 126),
            new Baseline("shell", "shell1", "Shell scripts (1 concurrent)", "lpm", 42.4),
            new Baseline("syscall", "syscall", "System call overhead", "lps", 15000));

    /** The metric name of a test's index. */
    public static String indexMetric(String metric) {
        return "index_" + metric;
    }

    /** The overall score's metric name. */
    public static final String SCORE = "unixbench_score";

    private UnixBenchIndex() {
    }

    public static double index(Baseline b, double result) {
        return result / b.value() * 10;
    }

    /** The geometric mean of {@code indices}; NaN when there are none or one is not positive. */
    public static double score(List<Double> indices) {
        if (indices.isEmpty()) {
            return Double.NaN;
        }
        double logs = 0;
        for (double i : indices) {
            if (!(i > 0)) {
                return Double.NaN;
            }
            logs += Math.log(i);
        }
        return Math.exp(logs / indices.size());
    }

    /**
     * The indices of the tests among {@code results} (metric name to value) that have a baseline,
     * in baseline order, and the overall score when all of them are there (UnixBench gives no
     * score for a partial run): index metric name to value.
     */
    public static Map<String, Double> indices(Map<String, Double> results) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Baseline b : BASELINES) {
            Double v = results.get(b.metric());
            if (v != null) {
                out.put(indexMetric(b.metric()), index(b, v));
            }
        }
        if (out.size() == BASELINES.size()) {
            out.put(SCORE, score(List.copyOf(out.values())));
        }
        return out;
    }
}
