package dev.hvlab.cli;

import dev.hvlab.bench.Workloads;
import dev.hvlab.core.config.UserInputException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hvlab run [WORKLOAD]}: run one workload on one board under one hypervisor. */
@Command(name = "run",
        description = "Run a workload on a board under a hypervisor and write its result (not implemented yet: issue 12).")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "WORKLOAD",
            description = "A workload from 'hvlab info' (default: the embedded default job).")
    String workload;

    @Mixin
    BoardOption board;

    @Option(names = "--hypervisor", paramLabel = "NAME", defaultValue = "none",
            description = "A hypervisor model from 'hvlab info', or none. Default: ${DEFAULT-VALUE}.")
    String hypervisor;

    @Override
    public Integer call() {
        if (workload != null && !Workloads.names().contains(workload)) {
            throw new UserInputException("unknown workload '" + workload + "' (known: "
                    + (Workloads.names().isEmpty() ? "none yet" : String.join(", ", Workloads.names())) + ")");
        }
        board.resolve();
        HypervisorNames.check(hypervisor);
        throw new NotImplementedYet(12);
    }
}
