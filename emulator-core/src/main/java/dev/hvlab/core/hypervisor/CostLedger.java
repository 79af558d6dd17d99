package dev.hvlab.core.hypervisor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the cycles of EL2 work went: every step an {@link El2Operations} call performed, keyed by
 * (model, path, step), with how often it ran and the cycles the timing model charged for it; and
 * how often each path was taken. A path's cycles are only ever the sum of its steps.
 */
public final class CostLedger {
    /** One (model, path, step) line: executions and cycles, all CPUs. */
    public record Row(String model, String path, String step, long count, long cycles) {
    }

    /** One (model, path): times taken and the sum of its steps' cycles. */
    public record PathTotal(String model, String path, long taken, long cycles) {
    }

    /** One (model, path): times taken, cycles, and its steps in first-seen order (count, cycles). */
    private static final class PathEntry {
        long taken;
        long cycles;
        final Map<String, long[]> steps = new LinkedHashMap<>();
    }

    // Nested by model and path so that recording a step already seen allocates nothing: a trap
    // path runs millions of times in a Linux run.
    private final Map<String, Map<String, PathEntry>> models = new LinkedHashMap<>();
    private boolean empty = true;

    private PathEntry entry(String model, String path) {
        Map<String, PathEntry> m = models.get(model);
        if (m == null) {
            m = new LinkedHashMap<>();
            models.put(model, m);
        }
        PathEntry e = m.get(path);
        if (e == null) {
            e = new PathEntry();
            m.put(path, e);
        }
        return e;
    }

    /** Records one execution of {@code step} on {@code path} costing {@code cycles}. */
    public void record(String model, String path, String step, long cycles) {
        PathEntry e = entry(model, path);
        long[] v = e.steps.get(step);
        if (v == null) {
            v = new long[2];
            e.steps.put(step, v);
        }
        v[0]++;
        v[1] += cycles;
        e.cycles += cycles;
        empty = false;
    }

    /** Counts one traversal of {@code path}. */
    public void taken(String model, String path) {
        entry(model, path).taken++;
    }

    public List<Row> rows() {
        List<Row> out = new ArrayList<>();
        models.forEach((model, m) -> m.forEach((path, e) -> e.steps.forEach((step, v) ->
                out.add(new Row(model, path, step, v[0], v[1])))));
        return out;
    }

    public List<PathTotal> paths() {
        List<PathTotal> out = new ArrayList<>();
        models.forEach((model, m) -> m.forEach((path, e) -> out.add(new PathTotal(model, path, e.taken, e.cycles))));
        return out;
    }

    /** The steps of one path, in first-seen order. */
    public List<Row> steps(String model, String path) {
        Map<String, PathEntry> m = models.get(model);
        PathEntry e = m == null ? null : m.get(path);
        List<Row> out = new ArrayList<>();
        if (e != null) {
            e.steps.forEach((step, v) -> out.add(new Row(model, path, step, v[0], v[1])));
        }
        return out;
    }

    public boolean isEmpty() {
        return empty;
    }

    /**
     * The ledger as plain maps and lists for a JSON writer: a list of paths, each with its model,
     * name, times taken, cycles (the sum of its steps) and its steps (step, count, cycles).
     */
    public List<Map<String, Object>> toJson() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PathTotal p : paths()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", p.model());
            m.put("path", p.path());
            m.put("taken", p.taken());
            m.put("cycles", p.cycles());
            List<Map<String, Object>> s = new ArrayList<>();
            for (Row r : steps(p.model(), p.path())) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("step", r.step());
                e.put("count", r.count());
                e.put("cycles", r.cycles());
                s.add(e);
            }
            m.put("steps", s);
            out.add(m);
        }
        return out;
    }

    /** A text table: path, step, count, cycles. */
    public String format() {
        StringBuilder b = new StringBuilder();
        for (PathTotal p : paths()) {
            b.append(String.format("%s %s: taken %d, %d cycles%n", p.model(), p.path(), p.taken(), p.cycles()));
            for (Row r : steps(p.model(), p.path())) {
                b.append(String.format("    %-48s %8d x %10d cycles%n", r.step(), r.count(), r.cycles()));
            }
        }
        return b.toString();
    }
}
