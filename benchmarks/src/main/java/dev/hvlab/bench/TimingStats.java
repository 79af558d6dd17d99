package dev.hvlab.bench;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.time.Clock;
import dev.hvlab.core.timing.ApproximateTiming;

/**
 * Prints everything the approximate timing model computes for the {@link TimingSpeed} subjects on
 * both core types: the full statistics after a long run, and the instructions of each quantum of a
 * run cut into small cycle budgets (so the quantum ends are checked too). A change meant only to
 * make the model faster must leave this output byte for byte the same:
 *
 * <pre>java -cp before.jar dev.hvlab.bench.TimingStats 20000000 &gt; before.txt
 * java -cp after.jar dev.hvlab.bench.TimingStats 20000000 &gt; after.txt
 * cmp before.txt after.txt</pre>
 */
public final class TimingStats {
    private TimingStats() {
    }

    public static void main(String[] args) {
        long instructions = args.length > 0 ? Long.parseLong(args[0]) : 20_000_000L;
        for (String subject : new String[] {"compiledC", "integerLoop"}) {
            for (String core : new String[] {"cortex-a72", "cortex-a53"}) {
                long hz = core.equals("cortex-a72") ? 1_600_000_000L : 1_200_000_000L;
                Cpu cpu = newCpu(subject);
                ApproximateTiming model = new ApproximateTiming();
                model.attach(cpu, core, new Clock(hz));
                long done = 0;
                while (done < instructions) {
                    done += cpu.run(Math.min(1_000_000, instructions - done));
                }
                System.out.println(subject + " " + core + " pc=" + Long.toHexString(cpu.pc) + " "
                        + model.cpuStatistics(cpu) + " " + model.sharedStatistics());

                // Quanta: a small cycle budget each, as the machine gives; every quantum's length is printed.
                Cpu q = newCpu(subject);
                ApproximateTiming qm = new ApproximateTiming();
                qm.attach(q, core, new Clock(hz));
                StringBuilder sb = new StringBuilder();
                long total = 0;
                for (int i = 0; i < 2000 && total < instructions / 4; i++) {
                    qm.beginQuantum(q, 997 + (i * 37) % 3000);
                    long n = q.run(1_000_000);
                    total += n;
                    sb.append(n).append('/').append(qm.cycles(q, n)).append(' ');
                }
                System.out.println(subject + " " + core + " quanta " + sb + qm.cpuStatistics(q));
            }
        }
    }

    private static Cpu newCpu(String subject) {
        return subject.equals("integerLoop") ? IntegerLoop.newCpu()
                : GuestWorkload.newProcess(1_000_000_000_000L).cpu();
    }
}
