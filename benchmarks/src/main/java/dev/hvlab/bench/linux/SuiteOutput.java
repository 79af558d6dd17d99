package dev.hvlab.bench.linux;

import dev.hvlab.bench.run.Histogram;
import dev.hvlab.bench.run.Metric;
import dev.hvlab.bench.run.WorkloadOutput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Linux suite run printed, as metrics: lxbench's RESULT/HIST/SKIP/INFO lines (the bare-metal
 * suite's format, parsed by {@link WorkloadOutput}), and the sections of cyclictest and hackbench
 * (between {@code BEGIN NAME} and {@code END NAME status=S}) parsed from those programs' own
 * output; then the UnixBench indices and score ({@link UnixBenchIndex}). A test that ended with a
 * non-zero status, a section without its figures, or a malformed line fail the run: nothing is
 * guessed.
 *
 * @param tests   the tests whose sections ended, in order
 * @param failure why the run failed, or null
 */
public record SuiteOutput(Map<String, Metric> metrics, Map<String, Histogram> histograms, Map<String, String> skipped,
        Map<String, String> info, List<String> tests, boolean done, String failure) {
    private static final Pattern BEGIN = Pattern.compile("^BEGIN (\\S+)$");
    private static final Pattern END = Pattern.compile("^END (\\S+) status=(\\d+)$");
    private static final Pattern HIST_ROW = Pattern.compile("^(\\d+)((?:\\s+\\d+)+)$");
    private static final Pattern HIST_STAT = Pattern.compile("^# (Min Latencies|Avg Latencies|Max Latencies|Histogram Overflows|Total):((?:\\s+\\d+)+)$");
    private static final Pattern HACKBENCH_TIME = Pattern.compile("^Time: (\\d+(?:\\.\\d+)?)$");

    public static SuiteOutput parse(String console) {
        WorkloadOutput base = WorkloadOutput.parse(console);
        Map<String, Metric> metrics = new LinkedHashMap<>(base.metrics());
        Map<String, Histogram> histograms = new LinkedHashMap<>(base.histograms());
        List<String> tests = new ArrayList<>();
        String failure = base.failure();
        String current = null;
        List<String> section = new ArrayList<>();
        for (String raw : console.split("\n")) {
            String line = raw.replace("\r", "").strip();
            Matcher b = BEGIN.matcher(line);
            Matcher e = END.matcher(line);
            if (b.matches()) {
                current = b.group(1);
                section.clear();
            } else if (e.matches() && e.group(1).equals(current)) {
                tests.add(current);
                String f = null;
                if (!e.group(2).equals("0")) {
                    f = current + " exited with status " + e.group(2);
                } else if (current.startsWith("cyclictest")) {
                    f = cyclictest(current, section, metrics, histograms);
                } else if (current.equals("hackbench")) {
                    f = hackbench(section, metrics);
                }
                failure = failure == null ? f : failure;
                current = null;
            } else if (current != null) {
                section.add(line);
            }
        }
        if (failure == null && current != null) {
            failure = "test " + current + " did not end";
        }
        Map<String, Double> values = new LinkedHashMap<>();
        metrics.forEach((k, v) -> values.put(k, v.value()));
        UnixBenchIndex.indices(values).forEach((k, v) -> metrics.put(k, new Metric(k, "index", "higher", round3(v))));
        return new SuiteOutput(metrics, histograms, base.skipped(), base.info(), tests,
                base.done(), failure);
    }

    /** The value as the guest lines print it: three decimals, so that reports and JSON agree. */
    static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /**
     * cyclictest -h N -q: rows "BUCKET COUNT..." (one count per thread, 1 us buckets; rows of zeros
     * may be left out) and the "# Min/Avg/Max Latencies" and "# Histogram Overflows" lines (one
     * value per thread, us). The histogram sums the threads, with the overflows as its last bucket.
     */
    static String cyclictest(String name, List<String> lines, Map<String, Metric> metrics,
            Map<String, Histogram> histograms) {
        Map<Integer, Long> rows = new LinkedHashMap<>();
        Map<String, long[]> stats = new LinkedHashMap<>();
        for (String l : lines) {
            Matcher r = HIST_ROW.matcher(l);
            Matcher s = HIST_STAT.matcher(l);
            if (r.matches()) {
                rows.merge(Integer.parseInt(r.group(1)), sum(numbers(r.group(2))), Long::sum);
            } else if (s.matches()) {
                stats.put(s.group(1), numbers(s.group(2)));
            }
        }
        long[] min = stats.get("Min Latencies");
        long[] avg = stats.get("Avg Latencies");
        long[] max = stats.get("Max Latencies");
        long[] over = stats.get("Histogram Overflows");
        if (rows.isEmpty() || min == null || avg == null || max == null || over == null) {
            return name + ": no histogram and latency summary in cyclictest's output";
        }
        // Every bucket of -h, whether or not cyclictest printed its row, then the overflows.
        int buckets = Math.max(LinuxSuite.CYCLICTEST_BUCKETS, rows.keySet().stream().mapToInt(i -> i + 1).max().orElse(0));
        List<Long> counts = new ArrayList<>();
        for (int i = 0; i < buckets; i++) {
            counts.add(rows.getOrDefault(i, 0L));
        }
        long overflows = sum(over);
        counts.add(overflows);
        long total = counts.stream().mapToLong(Long::longValue).sum();
        metrics.put(name + "_min", new Metric(name + "_min", "us", "lower", java.util.Arrays.stream(min).min().orElseThrow()));
        long[] totals = stats.get("Total");
        metrics.put(name + "_avg", new Metric(name + "_avg", "us", "lower", round3(mean(avg, totals))));
        metrics.put(name + "_max", new Metric(name + "_max", "us", "lower", java.util.Arrays.stream(max).max().orElseThrow()));
        // p99 by nearest rank over the summed histogram; in the overflow bucket it is at least its start
        long rank = (99 * total + 99) / 100;
        long seen = 0;
        for (int i = 0; i < counts.size(); i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                metrics.put(name + "_p99", new Metric(name + "_p99", "us", "lower", i));
                break;
            }
        }
        metrics.put(name + "_samples", new Metric(name + "_samples", "count", "higher", total));
        histograms.put(name, new Histogram(name, "us", 1, List.copyOf(counts)));
        return null;
    }

    /** hackbench: "Time: SECONDS", the time for all messages. */
    static String hackbench(List<String> lines, Map<String, Metric> metrics) {
        for (String l : lines) {
            Matcher m = HACKBENCH_TIME.matcher(l);
            if (m.matches()) {
                metrics.put("hackbench", new Metric("hackbench", "s", "lower", Double.parseDouble(m.group(1))));
                return null;
            }
        }
        return "hackbench: no 'Time:' line in its output";
    }

    private static long[] numbers(String s) {
        return java.util.Arrays.stream(s.strip().split("\\s+")).mapToLong(Long::parseLong).toArray();
    }

    private static long sum(long[] v) {
        long s = 0;
        for (long x : v) {
            s += x;
        }
        return s;
    }

    /** The mean of the threads' averages weighted by their sample counts (equal weights without them). */
    private static double mean(long[] avg, long[] totals) {
        if (totals == null || totals.length != avg.length || sum(totals) == 0) {
            return (double) sum(avg) / avg.length;
        }
        double s = 0;
        for (int i = 0; i < avg.length; i++) {
            s += (double) avg[i] * totals[i];
        }
        return s / sum(totals);
    }
}
