package dev.hvlab.bench;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.time.Clock;
import dev.hvlab.core.timing.ApproximateTiming;
import dev.hvlab.core.user.UserProcess;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Interpreter speed in guest instructions per microsecond, i.e. MIPS: each invocation runs
 * {@value #BUDGET} instructions, counted as that many operations. Only execution is measured: the
 * code is loaded once per trial, and after the first invocation every instruction comes from the
 * decode cache.
 *
 * <ul>
 *   <li>{@code integerLoop}: the hand-assembled loop of {@link IntegerLoop} on a bare CPU at EL1.
 *   <li>{@code compiledC}: the compiled C program of {@link GuestWorkload} (sorts, CRC-32, FNV-1a,
 *       SHA-256) at EL0 under user mode, through its page-table translation; given enough rounds
 *       that it never exits during a trial, so no system call is measured.
 *   <li>{@code integerLoopApproximate}, {@code compiledCApproximate}: the same under the
 *       approximate timing model as a Cortex-A72 (its timed dispatch loop, caches, TLBs, walks).
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class InterpreterBenchmark {
    /** Instructions per invocation. */
    public static final int BUDGET = 1_000_000;

    private Cpu loop;
    private Cpu guest;
    private Cpu loopTimed;
    private Cpu guestTimed;

    @Setup
    public void setUp() {
        loop = IntegerLoop.newCpu();
        UserProcess p = GuestWorkload.newProcess(1_000_000_000_000L);
        guest = p.cpu();
        // The same two subjects under the approximate timing model (issue 9), as a Cortex-A72.
        loopTimed = IntegerLoop.newCpu();
        new ApproximateTiming().attach(loopTimed, "cortex-a72", new Clock(1_600_000_000L));
        guestTimed = GuestWorkload.newProcess(1_000_000_000_000L).cpu();
        new ApproximateTiming().attach(guestTimed, "cortex-a72", new Clock(1_600_000_000L));
    }

    @Benchmark
    @OperationsPerInvocation(BUDGET)
    public long integerLoop() {
        return check(loop.run(BUDGET));
    }

    @Benchmark
    @OperationsPerInvocation(BUDGET)
    public long compiledC() {
        return check(guest.run(BUDGET));
    }

    @Benchmark
    @OperationsPerInvocation(BUDGET)
    public long integerLoopApproximate() {
        return check(loopTimed.run(BUDGET));
    }

    @Benchmark
    @OperationsPerInvocation(BUDGET)
    public long compiledCApproximate() {
        return check(guestTimed.run(BUDGET));
    }

    private static long check(long retired) {
        if (retired != BUDGET) {
            throw new IllegalStateException("retired " + retired + " instructions instead of " + BUDGET);
        }
        return retired;
    }
}
