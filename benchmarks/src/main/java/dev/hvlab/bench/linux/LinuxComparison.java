package dev.hvlab.bench.linux;

import dev.hvlab.bench.run.ReportWriter;
import dev.hvlab.bench.run.RunRecord;
import dev.hvlab.bench.run.Summary;
import dev.hvlab.core.config.BoardConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code hvlab compare --suite linux}: the Linux suite once per environment (one boot each, in
 * sequence: each boot is one machine, and the environments share the host's processors with
 * nothing else), then the runner's usual files ({@link ReportWriter}) and {@code linux.md}, the
 * UnixBench-style table, latencies and histograms ({@link LinuxReport}).
 */
public final class LinuxComparison {
    private LinuxComparison() {
    }

    public static List<RunRecord> run(Path guestDir, LinuxSuite.Size size, List<String> tests, List<String> environments,
            BoardConfig board, String timing, Consumer<String> progress) {
        environments.forEach(e -> LinuxSuiteRunner.validate(e, timing));
        List<LinuxTest> selected = LinuxSuite.select(size, tests);
        LinuxSuiteRunner.Guest guest = LinuxSuiteRunner.Guest.of(guestDir, size, selected);
        List<RunRecord> runs = new ArrayList<>();
        int i = 0;
        for (String env : environments) {
            long t0 = System.nanoTime();
            RunRecord r;
            try {
                r = LinuxSuiteRunner.run(guest, env, board, timing);
            } catch (RuntimeException e) {
                if (e instanceof dev.hvlab.core.config.UserInputException u) {
                    throw u;
                }
                r = new RunRecord(RunRecord.SCHEMA, LinuxSuite.WORKLOAD, env, board.name(), timing, 0, "failed",
                        "the emulator failed: " + e, -1, "emulator failure", java.util.Map.of(), java.util.Map.of(),
                        java.util.Map.of(), java.util.Map.of(), 0, 0, 0, List.of(), java.util.Map.of(),
                        java.util.Map.of(), "", new RunRecord.Host(0, 0));
            }
            runs.add(r);
            progress.accept(String.format("[%d/%d] %-10s %-10s %s (%.1f s host, %.3f s simulated)", ++i,
                    environments.size(), LinuxSuite.WORKLOAD, r.hypervisor(), r.ok() ? "ok" : "FAILED: " + r.failure(),
                    (System.nanoTime() - t0) / 1e9, r.simulatedPs() / 1e12));
        }
        return runs;
    }

    /** Writes the runner's files and linux.md into {@code out}. */
    public static Summary write(Path out, List<RunRecord> runs) throws IOException {
        Summary s = ReportWriter.write(out, runs);
        Files.writeString(out.resolve("linux.md"), LinuxReport.markdown(runs), StandardCharsets.UTF_8);
        return s;
    }
}
