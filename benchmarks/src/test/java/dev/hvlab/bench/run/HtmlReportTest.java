package dev.hvlab.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.tools.ExternalTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    @TempDir
    Path dir;

    private final List<RunRecord> runs = List.of(
            Records.of("micro", "none", Records.lower("hvc", 10), Records.higher("rate", 100)),
            Records.of("micro", "xen", Records.lower("hvc", 30), Records.higher("rate", 50)),
            Records.of("lat</script>", "none", Records.lower("x", 1)));

    @Test
    void theReportIsOneFileWithChartJsAndItsData() throws Exception {
        ReportWriter.write(dir, runs);
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("Chart.js v4.4.7") && html.contains("Released under the MIT License"));
        assertTrue(html.contains("<td>lat&lt;/script&gt;</td>"), "names are escaped in the table");
        assertEquals(3, html.split("</script>", -1).length - 1, "three script elements: no name ends one early");
        assertTrue(html.contains("\"costLedger\":{\"hvc\":{"), "the ledger is in the data");
        for (String f : List.of("summary.json", "overhead.md", "overhead.csv", "runs/micro--none.json", "runs/micro--xen.json")) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
    }

    @Test
    void templatesFillOnlyTheirOwnPlaceholders() {
        assertEquals("a[@B@]c@", HtmlReport.fill("a@A@c@", Map.of("A", "[@B@]", "B", "no")));
    }

    /**
     * Headless Chromium opens the report from disk and the page's script draws every chart: per
     * workload one per unit (micro: ns and loops/s; the other: ns), one per histogram, and the xen
     * run's cost ledger: 2 + 1 + 1 + 1 + 1 = 6.
     */
    @Test
    void rendersInHeadlessChromium() throws Exception {
        Optional<Path> chromium = ExternalTool.find("chromium-headless-shell").or(() -> ExternalTool.find("chromium"));
        Assumptions.assumeTrue(chromium.isPresent(), ExternalTool.notInstalled("chromium-headless-shell"));
        ReportWriter.write(dir, runs);
        Process p = new ProcessBuilder(chromium.get().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--virtual-time-budget=5000", "--dump-dom", dir.resolve("report.html").toUri().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium finished");
        Matcher m = Pattern.compile("id=\"render-status\">([^<]*)<").matcher(dom);
        assertTrue(m.find(), "status element in " + dom.length() + " characters of DOM");
        assertEquals("rendered 6 charts", m.group(1));
        assertEquals(6, dom.split("<canvas", -1).length - 1);
    }
}
