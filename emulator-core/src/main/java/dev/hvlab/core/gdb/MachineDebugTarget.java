package dev.hvlab.core.gdb;

import dev.hvlab.core.cpu.AccessType;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.StateTracer;
import dev.hvlab.core.cpu.WatchpointFilter;
import dev.hvlab.core.machine.Machine;
import dev.hvlab.core.machine.RunResult;
import java.util.List;

/**
 * A {@link DebugTarget} over a whole {@link Machine}: gdb thread n is CPU n-1, all-stop.
 *
 * <p>The machine runs its own {@link Machine#run} on a thread of its own, exactly as without a
 * debugger. A stop is that thread blocking, between two instructions, in a hook the machine calls
 * anyway: a CPU's {@link StateTracer} (breakpoints, single-step; installed only while gdb has a
 * breakpoint or steps), its {@link WatchpointFilter} (only accesses to watched pages reach it), or
 * the machine's round hook (Ctrl-C, attaching). While it blocks nothing else runs, so every CPU
 * is stopped and no simulated time passes; resuming returns from the hook and the run goes on
 * where it was. The schedule, the instruction counts and the simulated time are therefore those of
 * a run without the debugger, whatever gdb does, unless gdb writes registers or memory.
 *
 * <p>Consequences of keeping the schedule: a single step of one CPU runs the machine until that
 * CPU has executed one instruction (or taken an exception); CPUs scheduled in between run too (their
 * breakpoints are only checked when gdb lets them run). A watchpoint stops its CPU inside the
 * accessing instruction, before the access: gdb's step over it completes that instruction.
 *
 * <p>Threads: the stub's thread calls everything but {@link #interrupt()}; CPU state is handed
 * over between the two threads under one lock, so only one of them touches the machine at a time.
 */
public final class MachineDebugTarget implements DebugTarget {
    /** The exit status of a run that gdb killed. */
    public static final int KILLED_STATUS = 137;

    private final Machine machine;
    private final List<Cpu> cpus;
    private final Object lock = new Object();
    private final Thread thread;
    private final StateTracer[] previousTracers;
    private final WatchpointFilter watchFilter = new WatchFilter();
    private Runnable onEnd = () -> { };

    // Guarded by lock: the hand-over between the stub's thread and the machine's.
    private boolean started;
    private boolean mayRun;
    private StopEvent stop;
    private RunResult result;
    private Throwable failure;

    /** Set from any thread: stop at the next hook. */
    private volatile boolean interruptRequested;

    // Owned by whichever thread holds the machine: what the current resume checks.
    private StopConditions conditions;
    private int stepCpu = -1;
    private long stepFromPc;
    private long stepFromInstructions;
    private boolean othersBreak;
    private boolean armed;
    private boolean watchesArmed;
    private int lastCpu;

    /** Wraps {@code machine}, ready to run (see {@link #start}); nothing runs before. */
    public MachineDebugTarget(Machine machine) {
        this.machine = machine;
        this.cpus = machine.cpus();
        this.previousTracers = new StateTracer[cpus.size()];
        machine.setRoundHook(this::atRound);
        this.thread = new Thread(this::runMachine, "hvlab-machine");
        thread.setDaemon(true);
    }

    /**
     * Starts the machine's thread. With {@code paused}, the machine stops before its first
     * instruction until a debugger resumes it ({@code --wait-gdb}); otherwise it runs freely until a
     * debugger attaches.
     */
    public void start(boolean paused) {
        interruptRequested = paused;
        synchronized (lock) {
            started = true;
            mayRun = true;
        }
        thread.start();
    }

    /** Blocks until the run ends and returns its result; rethrows what ended the machine's thread. */
    public RunResult awaitResult() throws InterruptedException {
        synchronized (lock) {
            while (result == null && failure == null) {
                lock.wait();
            }
            if (failure != null) {
                if (failure instanceof RuntimeException r) {
                    throw r;
                }
                if (failure instanceof Error e) {
                    throw e;
                }
                throw new IllegalStateException(failure);
            }
            return result;
        }
    }

    /** Whether the run has ended (the guest exited, a limit was reached, or it was killed). */
    public boolean ended() {
        synchronized (lock) {
            return result != null || failure != null;
        }
    }

    /** Calls {@code action} on the machine's thread when the run ends (e.g. to stop listening for gdb). */
    public void onEnd(Runnable action) {
        this.onEnd = action;
    }

    private void runMachine() {
        RunResult r = null;
        Throwable t = null;
        try {
            r = machine.run();
        } catch (Throwable e) { // reported to the caller of awaitResult
            t = e;
        }
        synchronized (lock) {
            result = r;
            failure = t;
            stop = endEvent();
            lock.notifyAll();
        }
        onEnd.run();
    }

    private StopEvent endEvent() {
        return new StopEvent(StopEvent.Reason.ENDED, 0, 0, result == null ? 1 : result.exitCode());
    }

    // ---- DebugTarget -------------------------------------------------------------------------

    @Override
    public List<Cpu> cpus() {
        return cpus;
    }

    @Override
    public void interrupt() {
        interruptRequested = true;
    }

    @Override
    public StopEvent attach() {
        synchronized (lock) {
            if (stop == null) {
                interruptRequested = true; // it runs: stop it at the next hook
            }
        }
        StopEvent e = awaitStop();
        // A new client sees the machine as stopped by a trap where it is, not as interrupted.
        return e.reason() == StopEvent.Reason.ENDED ? e : StopEvent.of(StopEvent.Reason.STEP, e.cpu());
    }

    @Override
    public StopEvent resume(int stepCpu, boolean othersRun, StopConditions conditions) {
        synchronized (lock) {
            if (result != null || failure != null) {
                return endEvent();
            }
        }
        arm(stepCpu, othersRun, conditions);
        release();
        StopEvent e = awaitStop();
        disarm();
        return e;
    }

    @Override
    public String threadInfo(int index) {
        Cpu c = cpus.get(index);
        return "CPU " + index + " EL" + c.el + (machine.isOn(index) ? "" : " off");
    }

    @Override
    public String monitor(String command, Cpu cpu) {
        String[] w = command.trim().split("\\s+");
        return switch (w[0]) {
            case "time" -> time();
            case "help", "" -> MonitorCommands.HELP
                    + "  time            simulated time, and each CPU's instructions and local time\n";
            default -> null;
        };
    }

    private String time() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("simulated time %d ps (start of the current round)%n", machine.queue().now()));
        for (Cpu c : cpus) {
            sb.append(String.format("CPU %d: %s, EL%d, %d instructions, local time %d ps%n", c.index(),
                    machine.isOn(c.index()) ? "on" : "off", c.el, c.instructions, machine.nowPs(c.index())));
        }
        return sb.toString();
    }

    /**
     * Lets the machine run on without a debugger (gdb detached or went away): no breakpoint,
     * watchpoint or step is armed, and a later {@link #attach} stops it again.
     */
    public void detach() {
        disarm();
        interruptRequested = false;
        release();
    }

    /** Ends the run (gdb's kill) with {@link #KILLED_STATUS}; the machine must be stopped. */
    public void kill() {
        synchronized (lock) {
            if (result != null || failure != null) {
                return;
            }
        }
        disarm();
        machine.exit(cpus.get(lastCpu), KILLED_STATUS, "killed from gdb");
        interruptRequested = false;
        release();
    }

    // ---- the hand-over -------------------------------------------------------------------------

    /** Stub thread: let the stopped machine run on. */
    private void release() {
        synchronized (lock) {
            stop = null;
            mayRun = true;
            lock.notifyAll();
        }
    }

    /** Stub thread: wait for the machine to stop (or end). */
    private StopEvent awaitStop() {
        synchronized (lock) {
            if (!started) {
                throw new IllegalStateException("the machine has not been started");
            }
            try {
                while (stop == null) {
                    lock.wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the machine runs", e);
            }
            return stop;
        }
    }

    /** Machine thread: report {@code e} and block until the stub releases the machine. */
    private void pause(StopEvent e) {
        lastCpu = e.cpu();
        synchronized (lock) {
            interruptRequested = false; // this stop answers it
            stop = e;
            mayRun = false;
            lock.notifyAll();
            while (!mayRun) {
                try {
                    lock.wait();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return; // the process is going away: run on
                }
            }
        }
    }

    // ---- the hooks (machine thread) ----------------------------------------------------------

    private void atRound() {
        if (interruptRequested) {
            pause(StopEvent.of(StopEvent.Reason.INTERRUPTED, lastCpu));
        }
    }

    /** Before each instruction of an armed CPU: a step that is done, a breakpoint, a Ctrl-C. */
    private void beforeInstruction(Cpu cpu, long pc) {
        StateTracer previous = previousTracers[cpu.index()];
        if (previous != null) {
            previous.beforeInstruction(cpu, pc);
        }
        if (cpu.index() == stepCpu) {
            // One instruction executed or one exception taken since the step began.
            if (cpu.instructions != stepFromInstructions || pc != stepFromPc) {
                pause(StopEvent.of(StopEvent.Reason.STEP, cpu.index()));
            }
            return;
        }
        if (interruptRequested) {
            pause(StopEvent.of(StopEvent.Reason.INTERRUPTED, cpu.index()));
            return;
        }
        if (othersBreak) {
            StopEvent e = conditions.breakpointAt(cpu, pc);
            if (e != null) {
                pause(e);
            }
        }
    }

    private final class WatchFilter implements WatchpointFilter {
        @Override
        public boolean watchesPage(long vpn) {
            return conditions != null && conditions.watchesPage(vpn);
        }

        @Override
        public void access(Cpu cpu, long va, int size, AccessType type) {
            StopEvent e = conditions == null ? null : conditions.watchpointAt(cpu, va, size, type);
            if (e != null) {
                pause(e);
            }
        }
    }

    // ---- arming --------------------------------------------------------------------------------

    /** Stub thread, machine stopped: install what this resume checks. */
    private void arm(int step, boolean othersRun, StopConditions c) {
        conditions = c;
        stepCpu = step;
        othersBreak = othersRun && c.hasBreakpoints();
        if (step >= 0) {
            Cpu s = cpus.get(step);
            stepFromPc = s.pc;
            stepFromInstructions = s.instructions;
        }
        for (Cpu cpu : cpus) {
            int i = cpu.index();
            previousTracers[i] = cpu.tracer();
            if (i == step || othersBreak) {
                cpu.setTracer(this::beforeInstruction);
            }
            if (c.hasWatchpoints()) {
                cpu.setWatchpoints(watchFilter);
            }
        }
        watchesArmed = c.hasWatchpoints();
        armed = true;
    }

    /** Stub thread, machine stopped: back to the fast loop. */
    private void disarm() {
        if (!armed) {
            return;
        }
        for (Cpu cpu : cpus) {
            int i = cpu.index();
            if (cpu.tracer() != previousTracers[i]) {
                cpu.setTracer(previousTracers[i]);
            }
            if (watchesArmed) {
                cpu.setWatchpoints(null);
            }
            previousTracers[i] = null;
        }
        stepCpu = -1;
        othersBreak = false;
        watchesArmed = false;
        armed = false;
    }
}
