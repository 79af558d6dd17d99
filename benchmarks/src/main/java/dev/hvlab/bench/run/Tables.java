package dev.hvlab.bench.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The Markdown and CSV tables of a summary: each metric's values and each hypervisor's overhead over native. */
public final class Tables {
    private Tables() {
    }

    static List<String> overheadColumns(Summary s) {
        List<String> hvs = new ArrayList<>();
        if (s.hypervisors().contains(Native.NAME)) {
            s.hypervisors().stream().filter(h -> !h.equals(Native.NAME)).forEach(hvs::add);
        }
        return hvs;
    }

    public static String markdown(Summary s) {
        StringBuilder b = new StringBuilder();
        b.append("# hvlab comparison: board ").append(s.board()).append(", timing ").append(s.timing()).append("\n\n");
        b.append("Overhead: how much worse than native (none), in percent; for a higher-is-better metric, the "
                + "equivalent slow-down.\n\n");
        List<String> over = overheadColumns(s);
        b.append("| workload | metric | unit | better |");
        s.hypervisors().forEach(h -> b.append(' ').append(h).append(" |"));
        over.forEach(h -> b.append(' ').append(h).append(" overhead |"));
        b.append("\n|---|---|---|---|");
        s.hypervisors().forEach(h -> b.append("--:|"));
        over.forEach(h -> b.append("--:|"));
        b.append('\n');
        for (Summary.Row r : s.rows()) {
            b.append("| ").append(r.workload()).append(" | ").append(r.metric()).append(" | ").append(r.unit())
                    .append(" | ").append(r.better()).append(" |");
            s.hypervisors().forEach(h -> b.append(' ').append(value(r.values().get(h))).append(" |"));
            over.forEach(h -> b.append(' ').append(percent(r.overheadPercent().get(h))).append(" |"));
            b.append('\n');
        }
        List<Summary.RunEntry> failed = s.runs().stream().filter(e -> !"ok".equals(e.status())).toList();
        if (!failed.isEmpty()) {
            b.append("\n## Failed runs\n\n");
            failed.forEach(e -> b.append("- ").append(e.id()).append(": ").append(e.failure()).append('\n'));
        }
        return b.toString();
    }

    public static String csv(Summary s) {
        StringBuilder b = new StringBuilder("workload,metric,unit,better");
        List<String> over = overheadColumns(s);
        s.hypervisors().forEach(h -> b.append(",value_").append(h));
        over.forEach(h -> b.append(",overhead_percent_").append(h));
        b.append('\n');
        for (Summary.Row r : s.rows()) {
            b.append(r.workload()).append(',').append(r.metric()).append(',').append(r.unit()).append(',')
                    .append(r.better());
            s.hypervisors().forEach(h -> b.append(',').append(csvNumber(r.values().get(h))));
            over.forEach(h -> b.append(',').append(csvNumber(r.overheadPercent().get(h))));
            b.append('\n');
        }
        return b.toString();
    }

    static String value(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    static String percent(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%+.1f%%", v);
    }

    private static String csvNumber(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.3f", v);
    }
}
