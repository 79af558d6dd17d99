package dev.hvlab.bench.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CI's regression check: every metric of a stored summary (the baseline) must be present in the new
 * one and no worse than the baseline by more than the tolerance, in the metric's own direction
 * ({@code better}). Improvements never fail; a baseline of 0 for a lower-is-better metric admits
 * no increase at all.
 */
public final class BaselineCheck {
    private BaselineCheck() {
    }

    /** One line per regressed metric, {@code workload/hypervisor/metric: ...}; empty when none. */
    public static List<String> regressions(Summary baseline, Summary current, double tolerancePercent) {
        List<String> out = new ArrayList<>();
        for (Summary.Row b : baseline.rows()) {
            Summary.Row c = current.rows().stream()
                    .filter(r -> r.workload().equals(b.workload()) && r.metric().equals(b.metric()))
                    .findFirst().orElse(null);
            for (var e : b.values().entrySet()) {
                String where = b.workload() + "/" + e.getKey() + "/" + b.metric();
                Double now = c == null ? null : c.values().get(e.getKey());
                if (now == null) {
                    if (current.hypervisors().contains(e.getKey()) && current.workloads().contains(b.workload())) {
                        out.add(where + ": missing from this run");
                    }
                    continue;
                }
                double base = e.getValue();
                double worse = "higher".equals(b.better()) ? base - now : now - base;
                if (worse > tolerancePercent / 100 * Math.abs(base)) {
                    String pct = base == 0 ? "new" : String.format(Locale.ROOT, "%+.1f%%", (now - base) / Math.abs(base) * 100);
                    out.add(String.format(Locale.ROOT, "%s: %s -> %s %s (%s, %s is better, tolerance %s%%)", where,
                            fmt(base), fmt(now), b.unit(), pct, b.better(), fmt(tolerancePercent)));
                }
            }
        }
        return out;
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v);
    }
}
