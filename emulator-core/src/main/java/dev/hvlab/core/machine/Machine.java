package dev.hvlab.core.machine;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.WaitHandler;
import dev.hvlab.core.firmware.El3Firmware;
import dev.hvlab.core.firmware.PowerController;
import dev.hvlab.core.isa.A64;
import dev.hvlab.core.mem.PhysicalMemory;
import dev.hvlab.core.sysreg.TlbBroadcast;
import dev.hvlab.core.time.Clock;
import dev.hvlab.core.time.EventQueue;
import dev.hvlab.core.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * CPUs, one physical address space, devices and one event queue in simulated time (picoseconds),
 * run deterministically on the calling thread.
 *
 * <p>Scheduling: CPUs run in quanta, round-robin in index order. A round covers the simulated time
 * from {@code now} to {@code end = min(now + quantum, next event, max time)}; each running CPU gets
 * the cycles of its own clock up to {@code end} (its cycle count is absolute, from time 0, so A53
 * and A72 clusters at different frequencies stay in step); then the event queue advances to
 * {@code end}. Ending a round at the next event delivers device and timer interrupts at their exact
 * time when they were scheduled before the round; one scheduled during a round is seen at its end.
 * A spin loop without WFE/YIELD still lets the others progress because quanta are short.
 *
 * <p>Waiting ({@link WaitHandler}): WFI parks a CPU until one of its interrupt lines (IRQ, FIQ,
 * SError, vIRQ, vFIQ, or HCR_EL2.VI/VF/VSE) is pending, whatever PSTATE's masks say (ARM ARM D1.17.2
 * WFI wake-up events); WFE parks it until its Event Register is set (SEV from any CPU, a cleared
 * exclusive monitor) or an interrupt line is pending; YIELD ends the CPU's quantum, the rest of which
 * it spends idle. A parked CPU costs nothing; when every CPU is parked, time jumps to the next event.
 * A parked CPU whose interrupt input another CPU raises during a round (an SGI, a hypervisor model's
 * injection) resumes in that round at the raiser's local time (after the raiser's turn if it came
 * earlier in the order); woken by a device event, it resumes at the start of the round the event
 * ends. Either way a cross-CPU wake-up from WFI costs no more than the woken CPU's own work.
 *
 * <p>Exclusive monitors: after each CPU's quantum every CPU's monitor is cleared. This is the
 * simplest choice that is correct for the global monitor (ARM ARM B2.9.2): another CPU's store to a
 * monitored address can only happen in another quantum, and a cleared monitor makes the pending
 * store-exclusive fail, which software retries. Clearing an open monitor is a WFE wake-up event, as
 * on silicon, so LDAXR/WFE spin locks wake up.
 */
public final class Machine implements WaitHandler, PowerController, LocalTime, TlbBroadcast {
    /** The default quantum: 1 microsecond of simulated time (1200 A53 or 1600 A72 cycles). */
    public static final long DEFAULT_QUANTUM_PS = 1_000_000L;

    private static final int OFF = 0;
    private static final int RUNNING = 1;
    private static final int WFI = 2;
    private static final int WFE = 3;
    /** More instructions per cycle than any modelled core retires: bounds a cycle-driven quantum. */
    private static final long MAX_IPC = 8;
    private static final long HCR_VIRTUAL_PENDING = (1L << 6) | (1L << 7) | (1L << 8); // VF, VI, VSE

    private final PhysicalMemory memory;
    private final EventQueue queue = new EventQueue();
    private final TimingModel timing;
    private final long quantumPs;
    private final List<Cpu> cpus = new ArrayList<>();
    private final List<Clock> clocks = new ArrayList<>();
    private final List<String> coreTypes = new ArrayList<>();
    private int[] state = new int[0];
    private long[] cycles = new long[0];
    private long[] activeCycles = new long[0];
    /** Cycles charged by EL2 models to a CPU during its current quantum (see {@link #chargeCycles}). */
    private long[] chargedCycles = new long[0];
    private long[] quantumStartCycles = new long[0];
    private long[] quantumStartInstructions = new long[0];
    /** The cycle count at which the running CPU's current quantum ends (its round's end on its clock). */
    private long[] quantumEndCycles = new long[0];
    private boolean[] yielded = new boolean[0];
    /**
     * When another CPU, during the current round, raised an interrupt input of a parked CPU (its
     * local time at that moment, ps), or -1: the parked CPU resumes then, in the same round.
     */
    private long[] wakeAt = new long[0];
    private boolean[] startPending = new boolean[0];
    private El3Firmware firmware;
    private long maxInstructions = Long.MAX_VALUE;
    private long maxTimePs = Long.MAX_VALUE;
    private int running = -1;
    private long roundStart;
    private long totalInstructions;
    /** Run-budget steps used (instructions retired plus exceptions taken): what the instruction limit bounds. */
    private long totalSteps;
    private Integer exitCode;
    private String exitReason;
    /** The simulated time at which a CPU ended the run (its local time), or -1. */
    private long exitTimePs = -1;
    /** Called between rounds (see {@link #setRoundHook}), or null. */
    private Runnable roundHook;

    public Machine(PhysicalMemory memory, TimingModel timing, long quantumPs) {
        if (quantumPs <= 0) {
            throw new IllegalArgumentException("quantum must be positive: " + quantumPs);
        }
        this.memory = memory;
        this.timing = timing;
        this.quantumPs = quantumPs;
    }

    public Machine(PhysicalMemory memory) {
        this(memory, TimingModel.FUNCTIONAL, DEFAULT_QUANTUM_PS);
    }

    /** Adds a CPU (index = the number added before) with its clock; it starts powered off. */
    public Cpu addCpu(Clock clock, String coreType) {
        int i = cpus.size();
        Cpu cpu = new Cpu(i, memory, A64.decoder());
        cpu.waitHandler = this;
        cpu.sysregs.tlbBroadcast = this;
        cpus.add(cpu);
        clocks.add(clock);
        coreTypes.add(coreType);
        timing.attach(cpu, coreType, clock);
        // PMCCNTR_EL0 counts the cycles the timing model charged (not the idle ones: WFI gates the clock).
        cpu.sysregs.cycles = c -> cyclesNow(c.index());
        int n = i + 1;
        state = java.util.Arrays.copyOf(state, n);
        cycles = java.util.Arrays.copyOf(cycles, n);
        activeCycles = java.util.Arrays.copyOf(activeCycles, n);
        chargedCycles = java.util.Arrays.copyOf(chargedCycles, n);
        quantumStartCycles = java.util.Arrays.copyOf(quantumStartCycles, n);
        quantumStartInstructions = java.util.Arrays.copyOf(quantumStartInstructions, n);
        quantumEndCycles = java.util.Arrays.copyOf(quantumEndCycles, n);
        yielded = java.util.Arrays.copyOf(yielded, n);
        wakeAt = java.util.Arrays.copyOf(wakeAt, n);
        wakeAt[i] = -1;
        startPending = java.util.Arrays.copyOf(startPending, n);
        return cpu;
    }

    public List<Cpu> cpus() {
        return List.copyOf(cpus);
    }

    public Cpu cpu(int index) {
        return cpus.get(index);
    }

    public Clock clock(int index) {
        return clocks.get(index);
    }

    public PhysicalMemory memory() {
        return memory;
    }

    public EventQueue queue() {
        return queue;
    }

    public TimingModel timing() {
        return timing;
    }

    /** The firmware told when a CPU turned on by CPU_ON starts running (PSCI ON_PENDING to ON). */
    public void setFirmware(El3Firmware firmware) {
        this.firmware = firmware;
    }

    /**
     * Stops the run when this many steps (all CPUs; instructions retired plus exceptions taken, the
     * CPU's run budget) are used; {@link Long#MAX_VALUE} for no limit.
     */
    public void setMaxInstructions(long n) {
        this.maxInstructions = n;
    }

    /** Stops the run at this simulated time (ps); {@link Long#MAX_VALUE} for no limit. */
    public void setMaxTimePs(long ps) {
        this.maxTimePs = ps;
    }

    /**
     * Installs {@code hook} (null: none), called on the running thread before each round, where
     * every CPU is between two instructions and no time is being spent: the point where a debugger
     * can stop the whole machine (by blocking in the hook) without changing the schedule. It may
     * call {@link #exit}.
     */
    public void setRoundHook(Runnable hook) {
        this.roundHook = hook;
    }

    /** Makes CPU {@code index} runnable from the start of the run (the boot CPU). */
    public void start(int index) {
        state[index] = RUNNING;
    }

    /** Whether CPU {@code index} is powered on (running or waiting). */
    public boolean isOn(int index) {
        return state[index] != OFF;
    }

    /** Ends the run with {@code status} after the current instruction (semihosting exit, SYSTEM_OFF). */
    public void exit(Cpu cpu, int status, String reason) {
        if (exitCode == null) {
            exitCode = status;
            exitReason = reason;
            exitTimePs = nowPs(cpu.index());
        }
        cpu.requestStop();
    }

    /** Runs until an exit, a limit or a deadlock. */
    public RunResult run() {
        long hostStart = System.nanoTime();
        while (exitCode == null) {
            if (roundHook != null) {
                roundHook.run();
                if (exitCode != null) {
                    break;
                }
            }
            long now = queue.now();
            queue.advanceTo(now);
            wakeParked(now);
            if (now >= maxTimePs) {
                finish(RunResult.LIMIT_REACHED, "simulated time limit reached");
                break;
            }
            if (!anyRunning()) {
                long next = queue.nextTime();
                if (next == Long.MAX_VALUE) {
                    finish(RunResult.DEADLOCK, anyWaiting()
                            ? "deadlock: every CPU waits (WFI/WFE) and no event is pending"
                            : "every CPU is off");
                    break;
                }
                queue.advanceTo(Math.min(next, maxTimePs));
                continue;
            }
            long end = Math.min(Math.min(now + quantumPs, queue.nextTime()), maxTimePs);
            if (end <= now) {
                end = now + 1;
            }
            runRound(now, end);
            if (exitCode == null && totalSteps >= maxInstructions) {
                finish(RunResult.LIMIT_REACHED, "instruction limit reached");
            }
            if (exitTimePs < 0) {
                queue.advanceTo(end);
            }
        }
        long host = System.nanoTime() - hostStart;
        List<RunResult.CpuStats> stats = new ArrayList<>();
        for (int i = 0; i < cpus.size(); i++) {
            stats.add(new RunResult.CpuStats(i, coreTypes.get(i), clocks.get(i).hz(), cpus.get(i).instructions,
                    activeCycles[i]));
        }
        long endTime = exitTimePs >= 0 ? Math.max(exitTimePs, queue.now()) : queue.now();
        return new RunResult(exitCode, exitReason, totalInstructions, endTime, host, List.copyOf(stats));
    }

    private void runRound(long now, long end) {
        roundStart = now;
        for (int i = 0; i < cpus.size() && exitCode == null; i++) {
            wakeInRound(i);
            if (state[i] == RUNNING) {
                runQuantum(i, end);
            }
        }
        // CPUs woken during the round by a CPU that ran after them run the rest of it now (a wake-up
        // there may wake another in turn: at most one more pass per CPU).
        for (int pass = 0; pass < cpus.size() && exitCode == null; pass++) {
            boolean woke = false;
            for (int i = 0; i < cpus.size() && exitCode == null; i++) {
                if (wakeInRound(i)) {
                    woke = true;
                    runQuantum(i, end);
                }
            }
            if (!woke) {
                break;
            }
        }
        java.util.Arrays.fill(wakeAt, -1);
    }

    /**
     * Wakes parked CPU {@code i} if another CPU raised one of its interrupt inputs during this
     * round and it is still pending: it resumes at the raiser's time of the raise, not at the next
     * round boundary (a GIC delivers an SGI to a core in WFI in well under a microsecond; waiting
     * for the boundary added up to a quantum to every cross-CPU wake-up from WFI).
     */
    private boolean wakeInRound(int i) {
        if (wakeAt[i] < 0 || (state[i] != WFI && state[i] != WFE)) {
            return false;
        }
        long t = wakeAt[i];
        wakeAt[i] = -1;
        if (!interruptPending(cpus.get(i))) {
            return false;
        }
        if (state[i] == WFE) {
            cpus.get(i).eventRegister = false; // as wakeParked: the wait is over
        }
        state[i] = RUNNING;
        cycles[i] = Math.max(cycles[i], clocks.get(i).toCycles(t));
        return true;
    }

    private void runQuantum(int i, long end) {
        {
            Cpu cpu = cpus.get(i);
            Clock clock = clocks.get(i);
            long target = clock.toCycles(end);
            long budget = Math.min(target - cycles[i], maxInstructions - totalSteps);
            if (budget <= 0) {
                return;
            }
            if (startPending[i]) {
                startPending[i] = false;
                if (firmware != null) {
                    firmware.cpuStarted(i);
                }
            }
            running = i;
            yielded[i] = false;
            quantumStartCycles[i] = cycles[i];
            quantumStartInstructions[i] = cpu.instructions;
            quantumEndCycles[i] = target;
            long exceptionsBefore = 0;
            if (timing.cycleDriven()) {
                // The model stops the CPU when the cycles are spent; the instruction budget only
                // bounds the run (at most MAX_IPC instructions per cycle) and the instruction limit.
                long cycleBudget = target - cycles[i];
                timing.beginQuantum(cpu, cycleBudget);
                exceptionsBefore = exceptionsTaken(cpu);
                budget = Math.min(cycleBudget * MAX_IPC, maxInstructions - totalSteps);
            }
            cpu.run(budget);
            long executed = cpu.instructions - quantumStartInstructions[i];
            long spent = timing.cycles(cpu, executed) + chargedCycles[i];
            chargedCycles[i] = 0;
            if (timing.cycleDriven()) {
                budget = executed + exceptionsTaken(cpu) - exceptionsBefore; // the steps actually used
            }
            running = -1;
            cycles[i] += spent;
            activeCycles[i] += spent;
            totalInstructions += executed;
            // A run that was not stopped used its whole budget, exceptions included: an exception
            // loop (a guest faulting on its own vector) still reaches --max-instructions.
            totalSteps += cpu.stopRequested ? executed : budget;
            if (yielded[i]) {
                cycles[i] = Math.max(cycles[i], target); // idle for the rest of the quantum
            }
            // A CPU that parked keeps its time: woken later in this round, it resumes from there.
            clearExclusiveMonitors();
        }
    }

    /** Exceptions {@code cpu} has taken so far (all kinds, all ELs). */
    private static long exceptionsTaken(Cpu cpu) {
        long n = 0;
        for (long e : cpu.exceptionCounts) {
            n += e;
        }
        return n;
    }

    /** Cycles CPU {@code index} has spent running so far, including the current quantum's. */
    private long cyclesNow(int index) {
        long c = activeCycles[index];
        if (index == running) {
            Cpu cpu = cpus.get(index);
            c += timing.cycles(cpu, cpu.instructions - quantumStartInstructions[index]);
        }
        return c;
    }

    private void clearExclusiveMonitors() {
        for (Cpu c : cpus) {
            if (c.exclusiveOpen) {
                c.exclusiveOpen = false;
                c.eventRegister = true; // clearing the global monitor is a WFE wake-up event
            }
        }
    }

    private void wakeParked(long now) {
        for (int i = 0; i < cpus.size(); i++) {
            Cpu c = cpus.get(i);
            boolean wake = switch (state[i]) {
                case WFI -> interruptPending(c);
                case WFE -> c.eventRegister || interruptPending(c);
                default -> false;
            };
            if (wake) {
                if (state[i] == WFE) {
                    c.eventRegister = false; // the event the WFE waited for is consumed by it
                }
                state[i] = RUNNING;
                cycles[i] = Math.max(cycles[i], clocks.get(i).toCycles(now));
            }
        }
    }

    private static boolean interruptPending(Cpu c) {
        return c.irqLine || c.fiqLine || c.serrorLine || c.virqLine || c.vfiqLine
                || (c.sysregs.hcrEl2 & HCR_VIRTUAL_PENDING) != 0;
    }

    private boolean anyRunning() {
        for (int s : state) {
            if (s == RUNNING) {
                return true;
            }
        }
        return false;
    }

    private boolean anyWaiting() {
        for (int s : state) {
            if (s == WFI || s == WFE) {
                return true;
            }
        }
        return false;
    }

    private void finish(int status, String reason) {
        if (exitCode == null) {
            exitCode = status;
            exitReason = reason;
        }
    }

    // ---------------------------------------------------------------------------------------
    // LocalTime
    // ---------------------------------------------------------------------------------------

    /** The CPU's time: the start of the round plus the cycles it has spent, on its own clock. */
    @Override
    public long nowPs(int cpuIndex) {
        if (cpuIndex < 0 || cpuIndex >= cpus.size()) {
            return queue.now();
        }
        long c = cycles[cpuIndex];
        if (cpuIndex == running) {
            Cpu cpu = cpus.get(cpuIndex);
            c = quantumStartCycles[cpuIndex] + chargedCycles[cpuIndex]
                    + timing.cycles(cpu, cpu.instructions - quantumStartInstructions[cpuIndex]);
            return Math.max(roundStart, clocks.get(cpuIndex).toTime(c));
        }
        return Math.max(queue.now(), clocks.get(cpuIndex).toTime(c));
    }

    /**
     * Adds {@code n} cycles of work done on CPU {@code index} outside guest instructions (a
     * hypervisor model's EL2 steps) to its clock and its running cycles.
     */
    public void chargeCycles(int index, long n) {
        if (index == running) {
            chargedCycles[index] += n;
            // The charge is time of this quantum: once it reaches the round's end the CPU stops
            // there. The run budget counts instructions only, so without this a CPU trapping on
            // every few instructions (a trapped WFE spin) ran its whole budget plus every charge,
            // far past the round, and saw the other CPUs' progress that much later.
            Cpu cpu = cpus.get(index);
            long spent = quantumStartCycles[index] + chargedCycles[index]
                    + timing.cycles(cpu, cpu.instructions - quantumStartInstructions[index]);
            if (spent >= quantumEndCycles[index]) {
                cpu.requestStop();
            }
        } else {
            cycles[index] += n;
            activeCycles[index] += n;
        }
    }

    /** Cycles CPU {@code index} has spent running (its timing model's count). */
    public long cycles(int index) {
        return activeCycles[index];
    }

    // ---------------------------------------------------------------------------------------
    // WaitHandler
    // ---------------------------------------------------------------------------------------

    @Override
    public void waitForInterrupt(Cpu cpu) {
        if (!interruptPending(cpu)) {
            state[cpu.index()] = WFI;
            cpu.requestStop();
        }
    }

    @Override
    public void waitForEvent(Cpu cpu) {
        if (!interruptPending(cpu)) {
            state[cpu.index()] = WFE;
            cpu.requestStop();
        }
    }

    /** An input raised by the CPU now running (an SGI, a model's injection) wakes a parked CPU in this round. */
    @Override
    public void interruptInputsChanged(Cpu cpu) {
        int k = cpu.index();
        if (running >= 0 && running != k && k < state.length && (state[k] == WFI || state[k] == WFE)
                && wakeAt[k] < 0 && interruptPending(cpu)) {
            wakeAt[k] = nowPs(running);
        }
    }

    @Override
    public void sendEvent(Cpu cpu) {
        for (Cpu c : cpus) {
            c.eventRegister = true;
        }
    }

    @Override
    public void yieldHint(Cpu cpu) {
        yielded[cpu.index()] = true;
        cpu.requestStop();
    }

    // ---------------------------------------------------------------------------------------
    // PowerController
    // ---------------------------------------------------------------------------------------

    @Override
    public void powerOn(int cpuIndex) {
        state[cpuIndex] = RUNNING;
        startPending[cpuIndex] = true;
        // It starts where the caller is in time, not at the beginning of the run.
        long t = running >= 0 ? nowPs(running) : queue.now();
        cycles[cpuIndex] = Math.max(cycles[cpuIndex], clocks.get(cpuIndex).toCycles(t));
    }

    @Override
    public void powerOff(Cpu cpu) {
        state[cpu.index()] = OFF;
    }

    @Override
    public void systemOff(Cpu caller) {
        exit(caller, 0, "PSCI SYSTEM_OFF");
    }

    @Override
    public void systemReset(Cpu caller) {
        exit(caller, RunResult.SYSTEM_RESET, "PSCI SYSTEM_RESET (the machine does not reboot)");
    }

    // ---------------------------------------------------------------------------------------
    // TlbBroadcast
    // ---------------------------------------------------------------------------------------

    /** TLBI ...IS reaches every CPU's software TLB (the Inner Shareable domain is the whole machine). */
    @Override
    public void invalidateAll(Cpu origin) {
        for (Cpu c : cpus) {
            c.flushTlb();
        }
    }
}
