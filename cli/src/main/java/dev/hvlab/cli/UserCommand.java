package dev.hvlab.cli;

import dev.hvlab.core.config.InputFiles;
import dev.hvlab.core.user.UserMode;
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
        description = "Run a static AArch64 Linux ELF at EL0 with a Linux syscall layer, as qemu-user does. "
                + "Exits with the program's exit code (128+signal when it dies of one).")
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

    @Option(names = "--seed", paramLabel = "N", description = "Seed of AT_RANDOM and getrandom (default ${DEFAULT-VALUE}).")
    long seed = 0;

    @Option(names = "--qemu-initial-flags",
            description = "Start with PSTATE.Z set, as qemu-aarch64 7.2 does, so --trace-state output diffs cleanly.")
    boolean qemuInitialFlags;

    @Override
    public Integer call() {
        InputFiles.requireReadable(program, "program");
        if (traceState != null) {
            InputFiles.requireWritable(traceState, "trace file");
        }
        if (maxInstructions != null) {
            Checks.positive(maxInstructions, "--max-instructions");
        }
        UserMode.Options opts = UserMode.Options.defaults().withSeed(seed).withStdin(System.in);
        if (maxInstructions != null) {
            opts = opts.withMaxInstructions(maxInstructions);
        }
        if (traceState != null) {
            opts = opts.withTraceState(traceState);
        }
        if (qemuInitialFlags) {
            opts = opts.withInitialNzcv(0b0100);
        }
        // The guest's bytes go to the process's own stdout unchanged (not through picocli's writer).
        return UserMode.run(program, args, opts, System.out, System.err);
    }
}
