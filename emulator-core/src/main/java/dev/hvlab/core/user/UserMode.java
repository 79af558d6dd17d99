package dev.hvlab.core.user;

import dev.hvlab.core.isa.A64;
import dev.hvlab.core.loader.ElfFile;
import dev.hvlab.core.loader.ElfFormatException;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * User mode, as qemu-user and gem5's SE mode: runs a static AArch64 Linux executable at EL0 with a
 * Linux system-call shim. The entry point the {@code hvlab user} command calls.
 *
 * <p>Runs are reproducible: the stack and mmap layout are fixed, the clock advances 1 ns per
 * retired instruction from 2024-01-01T00:00:00Z (CLOCK_REALTIME) or from 0 (CLOCK_MONOTONIC), and
 * AT_RANDOM and getrandom come from {@link Options#seed()}.
 */
public final class UserMode {
    private UserMode() {
    }

    /**
     * How to run.
     *
     * @param maxInstructions stop after this many instructions (0 = no limit), exit status 152
     * @param traceState      write the state before every instruction here, in qemu's
     *                        {@code -d cpu} format (null = no trace)
     * @param env             the environment, "NAME=value" strings (the host's is never passed)
     * @param seed            seeds AT_RANDOM and getrandom
     * @param stdin           what the program reads from fd 0
     * @param initialNzcv     PSTATE.NZCV at the entry point: 0 as Linux sets it; qemu-user 7.2
     *                        starts with Z set (0b0100), so pass that to diff a trace against qemu's
     */
    public record Options(long maxInstructions, Path traceState, List<String> env, long seed, InputStream stdin,
                          int initialNzcv) {
        public Options {
            env = List.copyOf(env);
        }

        public static Options defaults() {
            return new Options(0, null, List.of(), 0, new ByteArrayInputStream(new byte[0]), 0);
        }

        public Options withMaxInstructions(long n) {
            return new Options(n, traceState, env, seed, stdin, initialNzcv);
        }

        public Options withTraceState(Path file) {
            return new Options(maxInstructions, file, env, seed, stdin, initialNzcv);
        }

        public Options withEnv(List<String> e) {
            return new Options(maxInstructions, traceState, e, seed, stdin, initialNzcv);
        }

        public Options withSeed(long s) {
            return new Options(maxInstructions, traceState, env, s, stdin, initialNzcv);
        }

        public Options withStdin(InputStream in) {
            return new Options(maxInstructions, traceState, env, seed, in, initialNzcv);
        }

        public Options withInitialNzcv(int nzcv) {
            return new Options(maxInstructions, traceState, env, seed, stdin, nzcv);
        }
    }

    /**
     * Runs {@code program} with arguments {@code args} (argv[0] is {@code program} as given) and
     * returns its exit status: the program's own exit code, 128 + signal when it died of one
     * (132 SIGILL, 139 SIGSEGV...), 126 when the file is not a runnable AArch64 executable, 127
     * when it does not exist. Diagnostics go to {@code err} prefixed "hvlab user:".
     */
    public static int run(Path program, List<String> args, Options opts, PrintStream out, PrintStream err) {
        if (!Files.isRegularFile(program)) {
            err.println("hvlab user: " + program + ": no such file");
            return 127;
        }
        List<String> argv = new ArrayList<>();
        argv.add(program.toString());
        argv.addAll(args);
        try {
            ElfFile elf = ElfFile.read(program);
            UserProcess p = new UserProcess(elf, argv, opts, out, err, A64.decoder(),
                    program.toAbsolutePath().normalize().toString());
            if (opts.traceState() == null) {
                return p.run(opts.maxInstructions());
            }
            try (OutputStream trace = new BufferedOutputStream(Files.newOutputStream(opts.traceState()), 1 << 16)) {
                p.cpu().setTracer(new QemuStateTrace(trace));
                return p.run(opts.maxInstructions());
            }
        } catch (ElfFormatException e) {
            err.println("hvlab user: " + e.getMessage());
            return 126;
        } catch (GuestTermination t) {
            err.println(t.getMessage());
            return t.status;
        } catch (IOException e) {
            err.println("hvlab user: cannot write the state trace: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
        }
    }
}
