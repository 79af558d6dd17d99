package dev.hvlab.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Compares the speed of several builds of the emulator on the {@link TimingSpeed} subjects under a
 * loaded host: each benchmarks jar is loaded in a class loader of its own in this one JVM, and
 * rounds of 10 M instructions alternate between the jars (functional, then approximate as a
 * Cortex-A72), timed by this thread's CPU time, so that every jar sees the same load and time
 * stolen by other processes is not counted. Prints the median and best MIPS of each jar after 5
 * warm-up rounds. The jars are driven by reflection, so any two builds can be compared.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.hvlab.bench.TimingAB 15 old.jar new.jar</pre>
 */
public final class TimingAB {
    private static final long ROUND = 10_000_000;
    private static final int WARMUP = 5;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private TimingAB() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        String[] jars = Arrays.copyOfRange(args, 1, args.length);
        for (String subject : new String[] {"compiledC", "integerLoop"}) {
            int n = jars.length;
            Object[] functional = new Object[n];
            Object[] approximate = new Object[n];
            Method[] run = new Method[n];
            for (int k = 0; k < n; k++) {
                ClassLoader cl = new URLClassLoader(new URL[] {Path.of(jars[k]).toUri().toURL()},
                        ClassLoader.getPlatformClassLoader());
                functional[k] = newCpu(cl, subject);
                approximate[k] = newCpu(cl, subject);
                Class<?> cpu = cl.loadClass("dev.hvlab.core.cpu.Cpu");
                Class<?> clock = cl.loadClass("dev.hvlab.core.time.Clock");
                Class<?> model = cl.loadClass("dev.hvlab.core.timing.ApproximateTiming");
                model.getMethod("attach", cpu, String.class, clock).invoke(model.getConstructor().newInstance(),
                        approximate[k], "cortex-a72", clock.getConstructor(long.class).newInstance(1_600_000_000L));
                run[k] = cpu.getMethod("run", long.class);
            }
            double[][] f = new double[n][rounds];
            double[][] a = new double[n][rounds];
            for (int r = 0; r < rounds + WARMUP; r++) {
                for (int k = 0; k < n; k++) {
                    double mf = mips(run[k], functional[k]);
                    double ma = mips(run[k], approximate[k]);
                    if (r >= WARMUP) {
                        f[k][r - WARMUP] = mf;
                        a[k][r - WARMUP] = ma;
                    }
                }
            }
            for (int k = 0; k < n; k++) {
                Arrays.sort(f[k]);
                Arrays.sort(a[k]);
                double mf = f[k][rounds / 2];
                double ma = a[k][rounds / 2];
                System.out.printf("%-12s %-28s functional median %.0f (best %.0f), approximate median %.1f (best %.1f)"
                        + " CPU-time MIPS; slowdown %.2fx%n", subject, Path.of(jars[k]).getFileName(), mf,
                        f[k][rounds - 1], ma, a[k][rounds - 1], mf / ma);
            }
        }
    }

    private static Object newCpu(ClassLoader cl, String subject) throws Exception {
        if (subject.equals("integerLoop")) {
            return cl.loadClass("dev.hvlab.bench.IntegerLoop").getMethod("newCpu").invoke(null);
        }
        Object process = cl.loadClass("dev.hvlab.bench.GuestWorkload").getMethod("newProcess", long.class)
                .invoke(null, 1_000_000_000_000L);
        return process.getClass().getMethod("cpu").invoke(process);
    }

    private static double mips(Method run, Object cpu) throws Exception {
        long start = THREADS.getCurrentThreadCpuTime();
        long n = (Long) run.invoke(cpu, ROUND);
        if (n != ROUND) {
            throw new IllegalStateException("retired " + n + " instructions instead of " + ROUND);
        }
        return ROUND / ((THREADS.getCurrentThreadCpuTime() - start) / 1e3);
    }
}
