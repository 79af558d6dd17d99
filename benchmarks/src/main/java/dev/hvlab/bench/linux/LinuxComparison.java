package dev.hvlab.bench.linux;

import dev.hvlab.bench.run.ReportWriter;
import dev.hvlab.bench.run.RunRecord;
import dev.hvlab.bench.run.Summary;
import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.config.UserInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * {@code hvlab compare --suite linux}: the Linux suite once per environment (one boot each), then the runner's usual files ({@link ReportWriter}) and {@code linux.md}, the
 * UnixBench-style table, latencies and histograms ({@link LinuxReport}).
 */
public final class LinuxComparison {
    private LinuxComparison() {
    }

    /**
     * Runs the suite once per environment, on up to {@code jobs} host threads (each run is its own
     * machine and depends only on its inputs, so the records are the same whatever the jobs); the
     * records come back in the environments' order.
     */
    public static List<RunRecord> run(Path guestDir, LinuxSuite.Size size, List<String> tests, List<String> environments,
            BoardConfig board, String timing, int jobs, Consumer<String> progress) {
        environments.forEach(e -> LinuxSuiteRunner.validate(e, timing));
        List<LinuxTest> selected = LinuxSuite.select(size, tests);
        LinuxSuiteRunner.Guest guest = LinuxSuiteRunner.Guest.of(guestDir, size, selected);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(jobs, environments.size())), r -> {
            Thread t = new Thread(r, "hvlab-linux");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger finished = new AtomicInteger();
        try {
            List<Future<RunRecord>> futures = new ArrayList<>();
            for (String env : environments) {
                futures.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    RunRecord r = runOne(guest, env, board, timing);
                    synchronized (progress) {
                        progress.accept(String.format("[%d/%d] %-10s %-10s %s (%.1f s host, %.3f s simulated)",
                                finished.incrementAndGet(), environments.size(), LinuxSuite.WORKLOAD, r.hypervisor(),
                                r.ok() ? "ok" : "FAILED: " + r.failure(), (System.nanoTime() - t0) / 1e9,
                                r.simulatedPs() / 1e12));
                    }
                    return r;
                }));
            }
            List<RunRecord> runs = new ArrayList<>();
            for (Future<RunRecord> f : futures) {
                runs.add(f.get());
            }
            return runs;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UserInputException u) {
                throw u;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One environment's run; an emulator crash becomes a failed record rather than stopping the others. */
    private static RunRecord runOne(LinuxSuiteRunner.Guest guest, String env, BoardConfig board, String timing) {
        try {
            return LinuxSuiteRunner.run(guest, env, board, timing);
        } catch (UserInputException e) {
            throw e;
        } catch (RuntimeException e) {
            return new RunRecord(RunRecord.SCHEMA, LinuxSuite.WORKLOAD, env, board.name(), timing, 0, "failed",
                    "the emulator failed: " + e, -1, "emulator failure", Map.of(), Map.of(), Map.of(), Map.of(), 0, 0, 0,
                    List.of(), Map.of(), Map.of(), "", new RunRecord.Host(0, 0));
        }
    }

    /** Writes the runner's files and linux.md into {@code out}. */
    public static Summary write(Path out, List<RunRecord> runs) throws IOException {
        Summary s = ReportWriter.write(out, runs);
        Files.writeString(out.resolve("linux.md"), LinuxReport.markdown(runs), StandardCharsets.UTF_8);
        return s;
    }
}
