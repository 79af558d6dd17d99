package dev.hvlab.bench.linux;

import dev.hvlab.bench.run.Histogram;
import dev.hvlab.bench.run.Metric;
import dev.hvlab.bench.run.RunRecord;
import java.util.List;
import java.util.Locale;

/**
 * {@code linux.md}: per environment the UnixBench-style table (test, baseline, result, index, and
 * the overall score), then the latencies (cyclictest, IPI, TCP) and hackbench side by side, the
 * cyclictest histograms as text, and each run's simulated and host time.
 */
public final class LinuxReport {
    private LinuxReport() {
    }

    public static String markdown(List<RunRecord> runs) {
        StringBuilder b = new StringBuilder("# hvlab Linux suite\n\n");
        if (!runs.isEmpty()) {
            b.append("Board ").append(runs.get(0).board()).append(", timing ").append(runs.get(0).timing())
                    .append(". Indices against UnixBench's baseline (SPARCstation 20-61 = 10); ")
                    .append("the score is their geometric mean.\n\n");
        }
        for (RunRecord r : runs) {
            b.append("## ").append(r.hypervisor()).append(r.ok() ? "" : " (FAILED: " + r.failure() + ")").append("\n\n");
            b.append("| test | unit | baseline | result | index |\n|---|---|--:|--:|--:|\n");
            for (UnixBenchIndex.Baseline base : UnixBenchIndex.BASELINES) {
                Metric m = r.metrics().get(base.metric());
                Metric i = r.metrics().get(UnixBenchIndex.indexMetric(base.metric()));
                if (m != null) {
                    b.append("| ").append(base.title()).append(" | ").append(base.unit()).append(" | ")
                            .append(num(base.value())).append(" | ").append(num(m.value())).append(" | ")
                            .append(i == null ? "-" : num(i.value())).append(" |\n");
                }
            }
            Metric score = r.metrics().get(UnixBenchIndex.SCORE);
            b.append("| **System benchmarks index score** | | | | **")
                    .append(score == null ? "- (needs every test)" : num(score.value())).append("** |\n\n");
            b.append(String.format(Locale.ROOT, "Simulated %.3f s, %d instructions; host %.1f s.%n%n",
                    r.simulatedPs() / 1e12, r.instructions(), r.host() == null ? 0 : r.host().nanos() / 1e9));
        }
        b.append("## Latencies and hackbench\n\n| metric | unit |");
        runs.forEach(r -> b.append(' ').append(r.hypervisor()).append(" |"));
        b.append("\n|---|---|");
        runs.forEach(r -> b.append("--:|"));
        b.append('\n');
        for (String prefix : List.of("cyclictest_", "cyclictest_t20_", "ipi_", "tcp_", "hackbench")) {
            runs.stream().flatMap(r -> r.metrics().values().stream()).map(Metric::name).distinct()
                    .filter(n -> prefix.endsWith("_") ? n.startsWith(prefix) && !n.startsWith(prefix + "t20")
                            : n.equals(prefix))
                    .forEach(n -> {
                        String unit = runs.stream().map(r -> r.metrics().get(n)).filter(m -> m != null).findFirst()
                                .map(Metric::unit).orElse("");
                        b.append("| ").append(n).append(" | ").append(unit).append(" |");
                        runs.forEach(r -> {
                            Metric m = r.metrics().get(n);
                            b.append(' ').append(m == null ? "-" : num(m.value())).append(" |");
                        });
                        b.append('\n');
                    });
        }
        b.append('\n');
        for (RunRecord r : runs) {
            for (Histogram h : r.histograms().values()) {
                b.append("### ").append(h.name()).append(" histogram, ").append(r.hypervisor()).append("\n\n```\n");
                int last = h.counts().size() - 1;
                for (int i = 0; i <= last; i++) {
                    if (h.counts().get(i) != 0) {
                        String from = num(i * h.width());
                        b.append(i == last ? ">= " + from : from).append(' ').append(h.unit()).append(": ")
                                .append(h.counts().get(i)).append('\n');
                    }
                }
                b.append("```\n\n");
            }
        }
        return b.toString();
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.3f", v);
    }
}
