package dev.hvlab.bench;

import dev.hvlab.core.isa.A64;
import dev.hvlab.core.loader.ElfFile;
import dev.hvlab.core.loader.ElfFormatException;
import dev.hvlab.core.user.UserMode;
import dev.hvlab.core.user.UserProcess;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a static AArch64 Linux program in user mode, like {@code hvlab user}, and reports on stderr
 * the guest instructions retired and the time spent in the interpreter, for
 * scripts/bench-vs-qemu.sh. Usage: {@code java -cp benchmarks.jar dev.hvlab.bench.RunUser PROGRAM
 * [ARGS...]}. The exit status is the program's.
 */
public final class RunUser {
    private RunUser() {
    }

    public static void main(String[] args) throws ElfFormatException {
        if (args.length == 0) {
            System.err.println("usage: RunUser PROGRAM [ARGS...]");
            System.exit(2);
        }
        Path program = Path.of(args[0]);
        List<String> argv = List.of(args);
        long t0 = System.nanoTime();
        UserProcess p = new UserProcess(ElfFile.read(program), argv, UserMode.Options.defaults(), System.out,
                System.err, A64.decoder(), program.toAbsolutePath().normalize().toString());
        long t1 = System.nanoTime();
        int status = p.run(0);
        long t2 = System.nanoTime();
        System.out.flush();
        long n = p.cpu().instructions;
        double runSeconds = (t2 - t1) / 1e9;
        System.err.printf("hvlab-run: instructions %d load_s %.3f run_s %.3f mips %.1f%n",
                n, (t1 - t0) / 1e9, runSeconds, n / runSeconds / 1e6);
        System.exit(status);
    }
}
