package dev.hvlab.core.gdb;

import dev.hvlab.core.cpu.Cpu;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * A {@link DebugTarget} of one CPU that runs in quanta of {@link #QUANTUM} instructions. A run
 * that the CPU ends itself (its exception handler requested the stop: a user-mode exit, a
 * semihosting exit) is the end of the program.
 */
public final class SingleCpuTarget implements DebugTarget {
    /** Instructions per {@link Cpu#run} call: how often an interrupt flag set late is looked at. */
    static final long QUANTUM = 1 << 16;

    private final Cpu cpu;
    private final IntSupplier exitCode;
    private volatile boolean interrupted;
    private boolean ended;

    /** {@code exitCode} gives the program's exit status once the run has ended. */
    public SingleCpuTarget(Cpu cpu, IntSupplier exitCode) {
        this.cpu = cpu;
        this.exitCode = exitCode;
    }

    public SingleCpuTarget(Cpu cpu) {
        this(cpu, () -> 0);
    }

    @Override
    public List<Cpu> cpus() {
        return List.of(cpu);
    }

    @Override
    public void interrupt() {
        interrupted = true;
        cpu.requestStop(); // seen at once in the usual case; the flag covers a lost race
    }

    @Override
    public StopEvent resume(int stepCpu, boolean othersRun, StopConditions conditions) {
        if (ended) {
            return new StopEvent(StopEvent.Reason.ENDED, 0, 0, exitCode.getAsInt());
        }
        conditions.reset();
        boolean step = stepCpu >= 0;
        // The stepped instruction runs even if a breakpoint is set on it (gdb steps over them so).
        conditions.arm(cpu, !step);
        try {
            while (true) {
                if (interrupted) {
                    interrupted = false;
                    return StopEvent.of(StopEvent.Reason.INTERRUPTED, 0);
                }
                long budget = step ? 1 : QUANTUM;
                long ran;
                try {
                    ran = cpu.run(budget);
                } catch (WatchpointHit h) {
                    return conditions.stopFor(cpu);
                }
                StopEvent e = conditions.stopFor(cpu);
                if (e != null) {
                    return e;
                }
                if (cpu.stopRequested && !interrupted && ran < budget) {
                    ended = true;
                    return new StopEvent(StopEvent.Reason.ENDED, 0, 0, exitCode.getAsInt());
                }
                if (step) {
                    return StopEvent.of(StopEvent.Reason.STEP, 0);
                }
            }
        } finally {
            conditions.disarmAll();
        }
    }

    /** Whether the program has ended (a later resume reports the end again). */
    public boolean ended() {
        return ended;
    }
}
