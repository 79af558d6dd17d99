package dev.hvlab.cli;

import dev.hvlab.bench.Workloads;
import dev.hvlab.core.config.InputFiles;
import dev.hvlab.core.config.UserInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hvlab compare}: run the matrix of hypervisors x workloads and compare the results. */
@Command(name = "compare",
        description = "Run hypervisors x workloads and write comparison tables and a report (not implemented yet: issue 12).")
final class CompareCommand implements Callable<Integer> {
    @Option(names = "--hypervisors", paramLabel = "NAME", split = ",",
            description = "Hypervisor models to compare, native meaning none (default: all).")
    List<String> hypervisors = new ArrayList<>();

    @Option(names = "--workloads", paramLabel = "NAME", split = ",", description = "Workloads to run (default: all).")
    List<String> workloads = new ArrayList<>();

    @Mixin
    BoardOption board;

    @Option(names = "--out", paramLabel = "DIR", description = "Directory for the results and the report.")
    Path out;

    @Option(names = "--baseline", paramLabel = "FILE", description = "Compare against this stored summary (CI mode).")
    Path baseline;

    @Option(names = "--tolerance", paramLabel = "PERCENT", description = "Allowed deviation from the baseline.")
    Double tolerance;

    @Override
    public Integer call() {
        hypervisors.forEach(HypervisorNames::check);
        for (String w : workloads) {
            if (!Workloads.names().contains(w)) {
                throw new UserInputException("unknown workload '" + w + "' (known: "
                        + (Workloads.names().isEmpty() ? "none yet" : String.join(", ", Workloads.names())) + ")");
            }
        }
        board.resolve();
        if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserInputException("--out '" + out + "' exists and is not a directory");
        }
        if (baseline != null) {
            InputFiles.requireReadable(baseline, "baseline");
        }
        if (tolerance != null && (tolerance < 0 || tolerance.isNaN())) {
            throw new UserInputException("--tolerance must not be negative, not " + tolerance);
        }
        throw new NotImplementedYet(12);
    }
}
