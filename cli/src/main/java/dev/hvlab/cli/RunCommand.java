package dev.hvlab.cli;

import dev.hvlab.bench.Workloads;
import dev.hvlab.bench.run.Environments;
import dev.hvlab.bench.run.Metric;
import dev.hvlab.bench.run.ReportWriter;
import dev.hvlab.bench.run.RunRecord;
import dev.hvlab.bench.run.RunSpec;
import dev.hvlab.bench.run.WorkloadRunner;
import dev.hvlab.core.config.BoardConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hvlab run WORKLOAD}: run one workload on one board under one hypervisor (or none), print
 * its metrics and optionally write its JSON. Exits 0 when the workload finished, 1 when it failed.
 */
@Command(name = "run", description = "Run a workload on a board under a hypervisor and print its metrics.")
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WORKLOAD", description = "A workload from 'hvlab info'.")
    String workload;

    @Mixin
    BoardOption board;

    @Option(names = "--hypervisor", paramLabel = "NAME", defaultValue = "none",
            description = "A hypervisor model from 'hvlab info', or none. Default: ${DEFAULT-VALUE}.")
    String hypervisor;

    @Option(names = "--timing", paramLabel = "MODEL", defaultValue = "functional",
            description = "The timing model: functional or approx. Default: ${DEFAULT-VALUE}.")
    String timing;

    @Option(names = "--timing-param", paramLabel = "FILE.PATH=VALUE",
            description = "Override one approximate-model parameter, e.g. cortex-a53.system.exceptionEntry=40 "
                    + "(the files are in emulator-core's dev/hvlab/core/timing resources; repeatable).")
    java.util.List<String> timingParams = new java.util.ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Also write the run's JSON into DIR/WORKLOAD--HYPERVISOR.json.")
    Path out;

    @Option(names = "--console", description = "Also print the workload's console output.")
    boolean console;

    @Override
    public Integer call() throws IOException {
        Workloads.get(workload);
        BoardConfig b = board.resolve();
        Environments.of(hypervisor); // checks the name
        if (out != null) {
            RunnerOutput.requireDirectory(out);
        }
        RunSpec s = new RunSpec(workload, hypervisor, b, dev.hvlab.bench.run.TimingModels.withParams(timing, timingParams));
        WorkloadRunner.validate(s);
        RunRecord r = WorkloadRunner.run(s);
        PrintWriter w = spec.commandLine().getOut();
        if (console) {
            w.print(r.console());
        }
        print(w, r);
        w.flush();
        if (out != null) {
            ReportWriter.writeRun(out.resolve(s.id() + ".json"), r);
        }
        if (!r.ok()) {
            spec.commandLine().getErr().println("hvlab run: " + r.workload() + " failed: " + r.failure());
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }

    static void print(PrintWriter w, RunRecord r) {
        w.printf(Locale.ROOT, "%s on %s (board %s, timing %s, entered at EL%d): %s%n", r.workload(), r.hypervisor(),
                r.board(), r.timing(), r.entryEl(), r.status());
        for (Metric m : r.metrics().values()) {
            w.printf(Locale.ROOT, "  %-34s %14.3f %-8s (%s is better)%n", m.name(), m.value(), m.unit(), m.better());
        }
        for (Map.Entry<String, String> e : r.skipped().entrySet()) {
            w.printf(Locale.ROOT, "  %-34s skipped: %s%n", e.getKey(), e.getValue());
        }
        w.printf(Locale.ROOT, "  %d instructions, %d cycles, %.3f ms simulated%n", r.instructions(), r.cycles(),
                r.simulatedPs() / 1e9);
    }
}
