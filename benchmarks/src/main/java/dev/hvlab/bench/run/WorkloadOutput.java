package dev.hvlab.bench.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a workload printed, parsed from its console (the line format of docs/WORKLOADS.md):
 * {@code RESULT}, {@code HIST}, {@code SKIP}, {@code INFO}, {@code DONE} and {@code FAIL} lines;
 * every other line is ignored (a hypervisor or firmware may print too). Carriage returns are
 * ignored. A malformed result line is an error: the runner must not guess numbers.
 *
 * @param failure why the workload failed (its FAIL line, or a malformed line), or null
 */
public record WorkloadOutput(Map<String, Metric> metrics, Map<String, Histogram> histograms,
        Map<String, String> skipped, Map<String, String> info, boolean done, String failure) {

    public static WorkloadOutput parse(String console) {
        Map<String, Metric> metrics = new LinkedHashMap<>();
        Map<String, Histogram> histograms = new LinkedHashMap<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        Map<String, String> info = new LinkedHashMap<>();
        boolean done = false;
        String failure = null;
        for (String raw : console.split("\n")) {
            String line = raw.replace("\r", "").strip();
            int sp = line.indexOf(' ');
            String tag = sp < 0 ? line : line.substring(0, sp);
            String rest = sp < 0 ? "" : line.substring(sp + 1);
            try {
                switch (tag) {
                    case "RESULT" -> {
                        Map<String, String> f = fields(rest, false);
                        String better = require(f, "better");
                        if (!better.equals("lower") && !better.equals("higher")) {
                            throw new IllegalArgumentException("better must be lower or higher");
                        }
                        Metric m = new Metric(require(f, "name"), require(f, "unit"), better,
                                Double.parseDouble(require(f, "value")));
                        if (metrics.put(m.name(), m) != null) {
                            throw new IllegalArgumentException("metric " + m.name() + " reported twice");
                        }
                    }
                    case "HIST" -> {
                        Map<String, String> f = fields(rest, false);
                        List<Long> counts = new ArrayList<>();
                        for (String c : require(f, "counts").split(",")) {
                            counts.add(Long.parseLong(c));
                        }
                        Histogram h = new Histogram(require(f, "name"), require(f, "unit"),
                                Double.parseDouble(require(f, "width")), List.copyOf(counts));
                        histograms.put(h.name(), h);
                    }
                    case "SKIP" -> {
                        Map<String, String> f = fields(rest, true);
                        skipped.put(require(f, "name"), f.getOrDefault("reason", ""));
                    }
                    case "INFO" -> info.putAll(fields(rest, false));
                    case "DONE" -> done = true;
                    case "FAIL" -> failure = failure == null ? rest : failure;
                    default -> {
                    }
                }
            } catch (IllegalArgumentException e) {
                failure = failure == null ? "malformed line '" + line + "': " + e.getMessage() : failure;
            }
        }
        return new WorkloadOutput(metrics, histograms, skipped, info, done, failure);
    }

    /** key=value fields separated by spaces; with {@code lastTakesRest}, the last key's value runs to the end. */
    static Map<String, String> fields(String text, boolean lastTakesRest) {
        Map<String, String> f = new LinkedHashMap<>();
        String s = text;
        while (!s.isEmpty()) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value at '" + s + "'");
            }
            String key = s.substring(0, eq);
            String after = s.substring(eq + 1);
            int next = after.indexOf(' ');
            if (lastTakesRest && key.equals("reason")) {
                next = -1;
            }
            f.put(key, next < 0 ? after : after.substring(0, next));
            s = next < 0 ? "" : after.substring(next + 1).strip();
        }
        return f;
    }

    private static String require(Map<String, String> f, String key) {
        String v = f.get(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("no " + key + "=");
        }
        return v;
    }
}
