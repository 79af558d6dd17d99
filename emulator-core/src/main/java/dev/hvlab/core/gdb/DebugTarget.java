package dev.hvlab.core.gdb;

import dev.hvlab.core.cpu.Cpu;
import java.util.List;

/**
 * What {@link GdbStub} drives: a set of CPUs (gdb threads 1..n are CPUs 0..n-1) that run until a
 * stop condition. All calls but {@link #interrupt()} come from the stub's thread while the target
 * is stopped; CPU state may then be read and written directly.
 *
 * <p>An implementation runs its CPUs as it always does (a machine: round-robin quanta) with
 * {@code conditions.arm(cpu)} applied to each CPU for the duration of {@link #resume}, and after
 * each CPU's slice asks {@code conditions.stopFor(cpu)}; a {@link WatchpointHit} thrown out of
 * {@link Cpu#run} is a stop too ({@link StopConditions#stopFor} reports it). It must not count the
 * debugger's pauses as simulated time: a stop only pauses between instructions.
 */
public interface DebugTarget {
    /** The CPUs, by index. */
    List<Cpu> cpus();

    /**
     * Runs until a stop and reports it. With {@code stepCpu >= 0}, that CPU executes one
     * instruction (or takes one exception) and the run stops with {@link StopEvent.Reason#STEP};
     * the other CPUs run meanwhile only if {@code othersRun}. With {@code stepCpu < 0}, all CPUs
     * run until a breakpoint, a watchpoint, an interrupt, or the end of the run.
     */
    StopEvent resume(int stepCpu, boolean othersRun, StopConditions conditions);

    /** From any thread: make the current or next {@link #resume} stop at an instruction boundary. */
    void interrupt();

    /**
     * A client connected: stop the target if it runs (it may have run without a debugger) and
     * report where it is, the reply to gdb's first {@code ?}.
     */
    default StopEvent attach() {
        return StopEvent.of(StopEvent.Reason.STEP, 0);
    }

    /** What {@code info threads} shows for CPU {@code index}. */
    default String threadInfo(int index) {
        return "CPU " + index + " EL" + cpus().get(index).el;
    }

    /** The output of a monitor command this target adds to {@link MonitorCommands}, or null. */
    default String monitor(String command, Cpu cpu) {
        return null;
    }
}
