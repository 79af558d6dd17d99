package dev.hvlab.cli;

import dev.hvlab.bench.Workloads;
import dev.hvlab.bench.linux.LinuxComparison;
import dev.hvlab.bench.linux.LinuxSuite;
import dev.hvlab.bench.run.BaselineCheck;
import dev.hvlab.bench.run.Environments;
import dev.hvlab.bench.run.Matrix;
import dev.hvlab.bench.run.ReportWriter;
import dev.hvlab.bench.run.RunRecord;
import dev.hvlab.bench.run.RunSpec;
import dev.hvlab.bench.run.Summary;
import dev.hvlab.bench.run.Tables;
import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.config.InputFiles;
import dev.hvlab.core.config.UserInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hvlab compare}: run the matrix of hypervisors x workloads, write per-run JSON, a summary,
 * Markdown/CSV overhead tables and an HTML report, and in CI mode check against a baseline. Exits
 * 0 when every run finished (and nothing regressed), 1 otherwise.
 */
@Command(name = "compare",
        description = "Run hypervisors x workloads and write comparison tables and a report.")
final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--hypervisors", paramLabel = "NAME", split = ",",
            description = "Environments to compare: none (or native) for the bare board, or hypervisor models. "
                    + "Default: none and every model that exists.")
    List<String> hypervisors = new ArrayList<>();

    @Option(names = "--workloads", paramLabel = "NAME", split = ",", description = "Workloads to run (default: all).")
    List<String> workloads = new ArrayList<>();

    @Mixin
    BoardOption board;

    @Option(names = "--timing", paramLabel = "MODEL", defaultValue = "functional",
            description = "The timing model: functional or approx. Default: ${DEFAULT-VALUE}.")
    String timing;

    @Option(names = "--timing-param", paramLabel = "FILE.PATH=VALUE",
            description = "Override one approximate-model parameter, e.g. cortex-a53.system.exceptionEntry=40 "
                    + "(the files are in emulator-core's dev/hvlab/core/timing resources; repeatable).")
    java.util.List<String> timingParams = new java.util.ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "hvlab-compare",
            description = "Directory for the results and the report. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "A stored summary.json to check against (CI mode): exit 1 naming every metric that regressed.")
    Path baseline;

    @Option(names = "--tolerance", paramLabel = "PERCENT", defaultValue = "5%",
            description = "How much worse than the baseline a metric may be. Default: ${DEFAULT-VALUE}.")
    String tolerance;

    @Option(names = "--jobs", paramLabel = "N",
            description = "Runs in parallel on up to N host threads (default: the host's processors).")
    Integer jobs;

    @Option(names = "--suite", paramLabel = "SUITE", defaultValue = "bare",
            description = "bare: the bare-metal workloads; linux: the Linux suite, one Debian boot per environment "
                    + "(--workloads then selects its tests). Default: ${DEFAULT-VALUE}.")
    String suite;

    @Option(names = "--suite-size", paramLabel = "SIZE", defaultValue = "full",
            description = "For --suite linux: full, or quick (small counts, for CI). Default: ${DEFAULT-VALUE}.")
    String suiteSize;

    @Option(names = "--debian-guest", paramLabel = "DIR",
            description = "For --suite linux: the Debian guest of scripts/fetch-debian-guest.sh "
                    + "(default: cache/debian-guest here or in a parent directory).")
    Path debianGuest;

    @Override
    public Integer call() throws IOException {
        List<String> hvs = new ArrayList<>(new LinkedHashSet<>(
                (hypervisors.isEmpty() ? Environments.available() : hypervisors).stream().map(Environments::canonical).toList()));
        hvs.forEach(Environments::of); // checks each name (kvm-vhe is an environment, not a provider)
        boolean linux = switch (suite) {
            case "bare" -> false;
            case "linux" -> true;
            default -> throw new UserInputException("--suite " + suite + ": bare or linux");
        };
        LinuxSuite.Size size = switch (suiteSize) {
            case "full" -> LinuxSuite.Size.FULL;
            case "quick" -> LinuxSuite.Size.QUICK;
            default -> throw new UserInputException("--suite-size " + suiteSize + ": full or quick");
        };
        List<String> ws = linux ? List.copyOf(new LinkedHashSet<>(workloads))
                : workloads.isEmpty() ? Workloads.names() : List.copyOf(new LinkedHashSet<>(workloads));
        if (linux) {
            LinuxSuite.select(size, ws);
        } else {
            ws.forEach(Workloads::get);
        }
        BoardConfig b = board.resolve();
        RunnerOutput.requireDirectory(out);
        if (baseline != null) {
            InputFiles.requireReadable(baseline, "baseline");
        }
        double tol = RunnerOutput.tolerancePercent(tolerance);
        int n = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
        if (n < 1) {
            throw new UserInputException("--jobs must be at least 1, not " + n);
        }
        Summary base = null;
        if (baseline != null) {
            try {
                base = ReportWriter.readSummary(baseline);
            } catch (IOException e) {
                throw new UserInputException("baseline '" + baseline + "': not a summary.json of hvlab compare: "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        List<RunSpec> specs = new ArrayList<>();
        for (String w : linux ? List.<String>of() : ws) {
            for (String h : hvs) {
                specs.add(new RunSpec(w, h, b, dev.hvlab.bench.run.TimingModels.withParams(timing, timingParams)));
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        List<RunRecord> runs;
        Summary s;
        if (linux) {
            Path guest = debianGuest != null ? debianGuest : LinuxSuite.guestDirectory();
            runs = LinuxComparison.run(guest, size, ws, hvs, b, dev.hvlab.bench.run.TimingModels.withParams(timing, timingParams), n, line -> {
                err.println(line);
                err.flush();
            });
            s = LinuxComparison.write(out, runs);
        } else {
            runs = Matrix.run(specs, n, line -> {
                err.println(line);
                err.flush();
            });
            s = ReportWriter.write(out, runs);
        }
        PrintWriter o = spec.commandLine().getOut();
        o.print(Tables.markdown(s));
        o.println();
        o.println("Wrote " + out.resolve("report.html") + ", overhead.md, overhead.csv, summary.json"
                + (linux ? ", linux.md" : "") + " and runs/*.json.");
        o.flush();
        int status = ExitCodes.OK;
        for (RunRecord r : runs) {
            if (!r.ok()) {
                err.println("hvlab compare: " + r.workload() + " under " + r.hypervisor() + " failed: " + r.failure());
                status = ExitCodes.FAILURE;
            }
        }
        if (base != null) {
            List<String> regressed = BaselineCheck.regressions(base, s, tol);
            for (String line : regressed) {
                err.println("hvlab compare: regression: " + line);
            }
            if (!regressed.isEmpty()) {
                err.println("hvlab compare: " + regressed.size() + " metric(s) regressed beyond " + tolerance
                        + " of " + baseline);
                status = ExitCodes.FAILURE;
            } else {
                err.println("hvlab compare: no regression beyond " + tolerance + " of " + baseline);
            }
        }
        return status;
    }
}
