package dev.hvlab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code hvlab bench}: JMH benchmarks of the emulator's hot paths and trap paths. */
@Command(name = "bench",
        description = "Run the JMH benchmarks of the emulator's hot paths and trap paths (not implemented yet: issue 12).")
final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new NotImplementedYet(12);
    }
}
