package dev.hvlab.bench;

import dev.hvlab.core.isa.A64;
import dev.hvlab.core.loader.ElfFile;
import dev.hvlab.core.loader.ElfFormatException;
import dev.hvlab.core.user.UserMode;
import dev.hvlab.core.user.UserProcess;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a static AArch64 Linux program in user mode, like {@code hvlab user}, and reports on stderr
 * the guest instructions retired and the time spent in the interpreter (wall and the thread's CPU
 * time), for scripts/bench-vs-qemu.sh. Usage: {@code java -cp benchmarks.jar dev.hvlab.bench.RunUser PROGRAM
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
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long t1 = System.nanoTime();
        long c1 = threads.getCurrentThreadCpuTime();
        int status = p.run(0);
        long c2 = threads.getCurrentThreadCpuTime();
        long t2 = System.nanoTime();
        System.out.flush();
        long n = p.cpu().instructions;
        double runSeconds = (t2 - t1) / 1e9;
        // The run thread's CPU time too: on a shared machine it is less disturbed by other jobs.
        System.err.printf("hvlab-run: instructions %d load_s %.3f run_s %.3f mips %.1f cpu_s %.3f cpu_mips %.1f%n",
                n, (t1 - t0) / 1e9, runSeconds, n / runSeconds / 1e6, (c2 - c1) / 1e9, n * 1e3 / (c2 - c1));
        System.exit(status);
    }
}
