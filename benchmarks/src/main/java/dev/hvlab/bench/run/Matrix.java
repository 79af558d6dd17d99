package dev.hvlab.bench.run;

import dev.hvlab.core.config.UserInputException;
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
 * Runs a list of specs on up to {@code jobs} host threads. Every run has its own machine and its
 * results depend only on its spec, so the records are the same whatever the number of jobs; they
 * come back in the specs' order.
 */
public final class Matrix {
    private Matrix() {
    }

    /**
     * Runs {@code specs}; {@code progress} receives one line as each run ends (from any thread, one
     * at a time). A run that crashes the emulator becomes a failed record rather than stopping the
     * others.
     */
    public static List<RunRecord> run(List<RunSpec> specs, int jobs, Consumer<String> progress) {
        specs.forEach(WorkloadRunner::validate);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(jobs, specs.size())), r -> {
            Thread t = new Thread(r, "hvlab-run");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger finished = new AtomicInteger();
        try {
            List<Future<RunRecord>> futures = new ArrayList<>();
            for (RunSpec s : specs) {
                futures.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    RunRecord r = runOne(s);
                    synchronized (progress) {
                        progress.accept(String.format("[%d/%d] %-28s %-10s %s (%.1f s)", finished.incrementAndGet(),
                                specs.size(), s.workload(), s.hypervisor(), r.ok() ? "ok" : "FAILED: " + r.failure(),
                                (System.nanoTime() - t0) / 1e9));
                    }
                    return r;
                }));
            }
            List<RunRecord> out = new ArrayList<>();
            for (Future<RunRecord> f : futures) {
                out.add(f.get());
            }
            return out;
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

    private static RunRecord runOne(RunSpec s) {
        try {
            return WorkloadRunner.run(s);
        } catch (UserInputException e) {
            throw e;
        } catch (RuntimeException e) {
            return new RunRecord(RunRecord.SCHEMA, s.workload(), s.hypervisor(), s.board().name(), s.timing(), 0,
                    "failed", "the emulator failed: " + e, -1, "emulator failure", Map.of(), Map.of(), Map.of(),
                    Map.of(), 0, 0, 0, List.of(), Map.of(), Map.of(), "", new RunRecord.Host(0, 0));
        }
    }
}
