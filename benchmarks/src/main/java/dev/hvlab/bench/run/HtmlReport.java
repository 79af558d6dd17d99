package dev.hvlab.bench.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTML report: one self-contained file that opens from disk, with Chart.js (MIT licence, the
 * vendored {@code chart.umd.js} beside this class's resources) inlined and the data as JSON
 * written by Jackson. Charts: each workload's metrics per unit as bars per environment, each latency
 * histogram, and each hypervisor's cost ledger as stacked bars per path. When the charts are drawn
 * the element {@code #render-status} says {@code rendered N charts}; a script error says
 * {@code error: ...} there instead (the headless-browser test reads it).
 */
public final class HtmlReport {
    private static final String RESOURCES = "/dev/hvlab/bench/report/";

    private HtmlReport() {
    }

    public static String render(Summary summary, List<RunRecord> runs) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("summary", summary);
        List<Map<String, Object>> rs = runs.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("workload", r.workload());
            m.put("hypervisor", r.hypervisor());
            m.put("status", r.status());
            m.put("histograms", r.histograms());
            m.put("trapsByPath", r.trapsByPath());
            m.put("costLedger", r.costLedger());
            return m;
        }).toList();
        data.put("runs", rs);
        String json;
        try {
            json = new ObjectMapper().writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // Inside <script>, "</" could end the element: JSON allows escaping the slash.
        json = json.replace("</", "<\\/");
        String title = "hvlab comparison: board " + summary.board() + ", timing " + summary.timing();
        Map<String, String> parts = Map.of("TITLE", escape(title), "TABLE", table(summary),
                "CHARTJS", resource("chart.umd.js").replace("</script", "<\\/script"), "SCRIPT", resource("report.js"),
                "DATA", json);
        return fill(resource("report.html"), parts);
    }

    /** The template with each @KEY@ replaced; only the template is scanned, never what is inserted. */
    static String fill(String template, Map<String, String> parts) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (true) {
            int at = template.indexOf('@', i);
            int end = at < 0 ? -1 : template.indexOf('@', at + 1);
            String key = end < 0 ? null : template.substring(at + 1, end);
            if (key != null && parts.containsKey(key)) {
                b.append(template, i, at).append(parts.get(key));
                i = end + 1;
            } else if (at >= 0) {
                b.append(template, i, at + 1);
                i = at + 1;
            } else {
                return b.append(template.substring(i)).toString();
            }
        }
    }

    private static String table(Summary s) {
        List<String> over = Tables.overheadColumns(s);
        StringBuilder b = new StringBuilder("<table>\n<tr><th>workload</th><th>metric</th><th>unit</th><th>better</th>");
        s.hypervisors().forEach(h -> b.append("<th>").append(escape(h)).append("</th>"));
        over.forEach(h -> b.append("<th>").append(escape(h)).append(" overhead</th>"));
        b.append("</tr>\n");
        for (Summary.Row r : s.rows()) {
            b.append("<tr><td>").append(escape(r.workload())).append("</td><td>").append(escape(r.metric()))
                    .append("</td><td>").append(escape(r.unit())).append("</td><td>").append(escape(r.better()))
                    .append("</td>");
            s.hypervisors().forEach(h -> b.append("<td class=num>").append(Tables.value(r.values().get(h))).append("</td>"));
            over.forEach(h -> b.append("<td class=num>").append(Tables.percent(r.overheadPercent().get(h))).append("</td>"));
            b.append("</tr>\n");
        }
        b.append("</table>\n");
        s.runs().stream().filter(e -> !"ok".equals(e.status())).forEach(e -> b.append("<p class=failed>")
                .append(escape(e.id())).append(" failed: ").append(escape(String.valueOf(e.failure()))).append("</p>\n"));
        return b.toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCES + name + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
