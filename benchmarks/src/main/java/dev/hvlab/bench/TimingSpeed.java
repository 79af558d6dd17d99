package dev.hvlab.bench;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.time.Clock;
import dev.hvlab.core.timing.ApproximateTiming;
import java.util.Arrays;

/**
 * The approximate timing model's speed relative to functional timing (issue 9), measured for a
 * shared, loaded host: the same subject under both models in one JVM, alternating rounds of 10 M
 * instructions, so that both see the same load; reports the best and the median of the rounds
 * after 5 warm-up rounds. JMH's {@code InterpreterBenchmark} gives the same comparison with error
 * bars on a quiet host.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.hvlab.bench.TimingSpeed [rounds]</pre>
 */
public final class TimingSpeed {
    private static final long ROUND = 10_000_000;
    private static final int WARMUP = 5;

    private TimingSpeed() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        for (String subject : new String[] {"compiledC", "integerLoop"}) {
            Cpu functional = newCpu(subject);
            Cpu approximate = newCpu(subject);
            new ApproximateTiming().attach(approximate, "cortex-a72", new Clock(1_600_000_000L));
            double[] f = new double[rounds];
            double[] a = new double[rounds];
            for (int r = 0; r < rounds + WARMUP; r++) {
                double mf = mips(functional);
                double ma = mips(approximate);
                if (r >= WARMUP) {
                    f[r - WARMUP] = mf;
                    a[r - WARMUP] = ma;
                }
            }
            Arrays.sort(f);
            Arrays.sort(a);
            double bf = f[rounds - 1];
            double ba = a[rounds - 1];
            double medf = f[rounds / 2];
            double meda = a[rounds / 2];
            System.out.printf("%s: functional best %.0f median %.0f MIPS; approximate best %.1f median %.1f MIPS;"
                    + " slowdown best %.2fx median %.2fx%n", subject, bf, medf, ba, meda, bf / ba, medf / meda);
        }
    }

    private static Cpu newCpu(String subject) {
        return subject.equals("integerLoop") ? IntegerLoop.newCpu()
                : GuestWorkload.newProcess(1_000_000_000_000L).cpu();
    }

    private static double mips(Cpu cpu) {
        long start = System.nanoTime();
        long n = cpu.run(ROUND);
        if (n != ROUND) {
            throw new IllegalStateException("retired " + n + " instructions instead of " + ROUND);
        }
        return ROUND / ((System.nanoTime() - start) / 1e3);
    }
}
