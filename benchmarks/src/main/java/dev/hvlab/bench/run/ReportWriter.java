package dev.hvlab.bench.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a comparison's files into a directory: {@code runs/WORKLOAD--HYPERVISOR.json} per run,
 * {@code summary.json}, {@code overhead.md}, {@code overhead.csv} and {@code report.html}.
 */
public final class ReportWriter {
    public static final String SUMMARY = "summary.json";

    private ReportWriter() {
    }

    public static ObjectMapper json() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    public static void writeRun(Path file, RunRecord r) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        json().writeValue(file.toFile(), r);
    }

    public static Summary write(Path dir, List<RunRecord> runs) throws IOException {
        Files.createDirectories(dir.resolve("runs"));
        for (RunRecord r : runs) {
            writeRun(dir.resolve("runs").resolve(r.workload() + "--" + r.hypervisor() + ".json"), r);
        }
        Summary s = Summary.of(runs);
        json().writeValue(dir.resolve(SUMMARY).toFile(), s);
        Files.writeString(dir.resolve("overhead.md"), Tables.markdown(s), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("overhead.csv"), Tables.csv(s), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), HtmlReport.render(s, runs), StandardCharsets.UTF_8);
        return s;
    }

    /** Reads a stored summary (the baseline). */
    public static Summary readSummary(Path file) throws IOException {
        return new ObjectMapper().readValue(file.toFile(), Summary.class);
    }
}
