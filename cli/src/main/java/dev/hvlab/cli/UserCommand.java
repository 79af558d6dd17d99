package dev.hvlab.cli;

import dev.hvlab.core.config.InputFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hvlab user PROGRAM [ARGS...]}: run a static AArch64 Linux program at EL0 (user mode).
 * Everything after PROGRAM is passed to the program, options included.
 */
@Command(name = "user",
        description = "Run a static AArch64 Linux ELF at EL0 with a Linux syscall layer (not implemented yet: issue 3).")
final class UserCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROGRAM", description = "The static AArch64 Linux ELF to run.")
    Path program;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments passed to the program.")
    List<String> args = new ArrayList<>();

    @Option(names = "--trace-state", paramLabel = "FILE",
            description = "Write the CPU state before every instruction to FILE (qemu -d cpu format).")
    Path traceState;

    @Option(names = "--max-instructions", paramLabel = "N", description = "Stop after N instructions.")
    Long maxInstructions;

    @Override
    public Integer call() {
        InputFiles.requireReadable(program, "program");
        if (traceState != null) {
            InputFiles.requireWritable(traceState, "trace file");
        }
        if (maxInstructions != null) {
            Checks.positive(maxInstructions, "--max-instructions");
        }
        throw new NotImplementedYet(3);
    }
}
