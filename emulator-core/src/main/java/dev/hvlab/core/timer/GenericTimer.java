package dev.hvlab.core.timer;

import static dev.hvlab.core.sysreg.SystemRegisterFile.TIMER_HYP;
import static dev.hvlab.core.sysreg.SystemRegisterFile.TIMER_PHYS;
import static dev.hvlab.core.sysreg.SystemRegisterFile.TIMER_SECURE;
import static dev.hvlab.core.sysreg.SystemRegisterFile.TIMER_VIRT;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.irq.PpiSink;
import dev.hvlab.core.sysreg.SystemCounter;
import dev.hvlab.core.sysreg.SystemRegisterFile;
import dev.hvlab.core.sysreg.TimerListener;
import dev.hvlab.core.time.Clock;
import dev.hvlab.core.time.Event;
import dev.hvlab.core.time.EventQueue;
import dev.hvlab.core.time.LocalTime;
import java.util.Arrays;

/**
 * The ARM Generic Timer (ARM ARM D11 "The Generic Timer in AArch64 state"): the system counter and,
 * per CPU, the EL1 physical (CNTP), EL1 virtual (CNTV), EL2 physical (CNTHP) and secure physical
 * (CNTPS) timers' interrupt outputs.
 *
 * <p>Models: the system counter as a pure function of simulated time at a fixed frequency (8 MHz on
 * the i.MX 8QuadMax), CNTPCT = floor(t * f), read at the reading CPU's own {@link LocalTime};
 * CNTVCT = CNTPCT - CNTVOFF_EL2; each timer's condition (count - CVAL >= 0, unsigned, ARM ARM
 * D11.2.4) turned into a level on the timer's PPI (30, 27, 26, 29) as {@code ENABLE && ISTATUS &&
 * !IMASK}; an {@link Event} on the machine's queue at the exact simulated time the counter reaches
 * the compare value, re-evaluated on every CTL/CVAL/TVAL/CNTVOFF_EL2 write. The register values
 * themselves, TVAL and ISTATUS live in the system register table ({@link SystemRegisterFile#cntCtl},
 * {@link SystemRegisterFile#cntCval}, GenericTimerRegisters); this class is installed behind its
 * {@link SystemRegisterFile#counter} and {@link SystemRegisterFile#timerListener} hooks.
 *
 * <p>Does not model: the event stream (CNTKCTL_EL1/CNTHCTL_EL2.EVNTEN; no WFE wake-up events are
 * generated), the memory-mapped CNTControlBase/CNTReadBase/CNTBaseN frames (the counter cannot be
 * stopped or rescaled), the EL2 virtual timer (ARMv8.1), HCR_EL2.E2H redirections, or CNTFRQ
 * changing the counter (CNTFRQ_EL0 is only what software reads; the board sets it to the frequency).
 */
public final class GenericTimer implements SystemCounter, TimerListener {
    /** The i.MX 8QuadMax system counter frequency. */
    public static final long IMX8QM_FREQUENCY_HZ = 8_000_000L;

    /** The PPIs of the timers (Server Base System Architecture; the Linux DT binding order is S, NS, V, H). */
    public static final int PPI_EL2_PHYSICAL = 26;
    public static final int PPI_VIRTUAL = 27;
    public static final int PPI_SECURE_PHYSICAL = 29;
    public static final int PPI_EL1_PHYSICAL = 30;

    private static final long CTL_ENABLE = 1;
    private static final long CTL_IMASK = 2;
    private static final int TIMERS = 4;
    private static final String[] NAMES = new String[TIMERS];
    private static final int[] PPIS = new int[TIMERS];

    static {
        NAMES[TIMER_PHYS] = "CNTP";
        NAMES[TIMER_VIRT] = "CNTV";
        NAMES[TIMER_HYP] = "CNTHP";
        NAMES[TIMER_SECURE] = "CNTPS";
        PPIS[TIMER_PHYS] = PPI_EL1_PHYSICAL;
        PPIS[TIMER_VIRT] = PPI_VIRTUAL;
        PPIS[TIMER_HYP] = PPI_EL2_PHYSICAL;
        PPIS[TIMER_SECURE] = PPI_SECURE_PHYSICAL;
    }

    private final EventQueue queue;
    private final Clock clock;
    private final LocalTime localTime;
    private final PpiSink ppis;
    private PerCpu[] cpus = new PerCpu[0];

    /** The timers of one CPU: their pending expiry events and the levels last driven. */
    private final class PerCpu {
        final Cpu cpu;
        final Event[] expiry = new Event[TIMERS];
        final boolean[] level = new boolean[TIMERS];

        PerCpu(Cpu cpu) {
            this.cpu = cpu;
            for (int t = 0; t < TIMERS; t++) {
                int timer = t;
                expiry[t] = new Event("cpu" + cpu.index() + "." + NAMES[t],
                        () -> evaluate(this, timer, queue.now()));
            }
        }
    }

    /**
     * @param queue     the machine's event queue, on which expiries are scheduled
     * @param frequency the system counter frequency in Hz
     * @param localTime each CPU's own time, at which it reads the counter and writes the timers
     * @param ppis      the interrupt controller's PPI inputs
     */
    public GenericTimer(EventQueue queue, long frequency, LocalTime localTime, PpiSink ppis) {
        this.queue = queue;
        this.clock = new Clock(frequency);
        this.localTime = localTime;
        this.ppis = ppis;
    }

    /** A timer whose CPUs read the counter at the queue's time. */
    public GenericTimer(EventQueue queue, long frequency, PpiSink ppis) {
        this(queue, frequency, LocalTime.of(queue), ppis);
    }

    public long frequency() {
        return clock.hz();
    }

    /**
     * Makes {@code cpu}'s counter and timers this model's: installs the counter and listener hooks
     * and sets CNTFRQ_EL0 to the counter frequency, as the boot firmware does on real boards (its
     * reset value is UNKNOWN).
     */
    public void attach(Cpu cpu) {
        int i = cpu.index();
        if (i >= cpus.length) {
            cpus = Arrays.copyOf(cpus, i + 1);
        }
        cpus[i] = new PerCpu(cpu);
        cpu.sysregs.counter = this;
        cpu.sysregs.timerListener = this;
        cpu.sysregs.cntfrqEl0 = clock.hz();
    }

    /** The physical count at simulated time {@code ps}: the number of whole counter ticks elapsed. */
    public long countAt(long ps) {
        return clock.toCycles(ps);
    }

    /**
     * The earliest simulated time at which the physical count is at least {@code count}, or
     * {@link Long#MAX_VALUE} when that is beyond what simulated time can express.
     */
    public long timeOfCount(long count) {
        if (count < 0) {
            return Long.MAX_VALUE;
        }
        try {
            long t = clock.toTime(count);
            // toTime rounds down; a frequency that does not divide 10^12 needs the next picosecond.
            while (clock.toCycles(t) < count) {
                t++;
            }
            return t;
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public long physicalCount(Cpu cpu) {
        return countAt(localTime.nowPs(cpu.index()));
    }

    @Override
    public void timerChanged(Cpu cpu, int timer) {
        PerCpu p = perCpu(cpu);
        long now = localTime.nowPs(cpu.index());
        if (timer < 0) {
            for (int t = 0; t < TIMERS; t++) {
                evaluate(p, t, now);
            }
        } else {
            evaluate(p, timer, now);
        }
    }

    /** The level this model drives on {@code timer}'s PPI of CPU {@code cpuIndex} (TIMER_* index). */
    public boolean outputLevel(int cpuIndex, int timer) {
        return cpus[cpuIndex].level[timer];
    }

    /** The PPI INTID of a timer ({@code SystemRegisterFile.TIMER_*}). */
    public static int ppiOf(int timer) {
        return PPIS[timer];
    }

    /** The pending expiry event of a timer, for tests and traces. */
    public Event expiryEvent(int cpuIndex, int timer) {
        return cpus[cpuIndex].expiry[timer];
    }

    private PerCpu perCpu(Cpu cpu) {
        int i = cpu.index();
        if (i >= cpus.length || cpus[i] == null || cpus[i].cpu != cpu) {
            throw new IllegalStateException("CPU " + i + " is not attached to this generic timer");
        }
        return cpus[i];
    }

    /**
     * Drives the timer's output for time {@code nowPs} and schedules its expiry if it will fire
     * later. An expiry is needed only for an enabled, unmasked timer whose condition is not yet met:
     * ISTATUS itself is computed by the register table from the counter when read.
     */
    private void evaluate(PerCpu p, int timer, long nowPs) {
        SystemRegisterFile s = p.cpu.sysregs;
        long ctl = s.cntCtl[timer];
        long cval = s.cntCval[timer];
        long phys = countAt(nowPs);
        long count = timer == TIMER_VIRT ? phys - s.cntvoffEl2 : phys;
        boolean enabled = (ctl & CTL_ENABLE) != 0;
        boolean unmasked = (ctl & CTL_IMASK) == 0;
        boolean met = enabled && Long.compareUnsigned(count, cval) >= 0;
        setLevel(p, timer, met && unmasked);

        Event e = p.expiry[timer];
        long fire = Long.MAX_VALUE;
        if (enabled && unmasked && !met) {
            // count < cval (unsigned): the condition becomes true after cval - count more ticks.
            long delta = cval - count;
            if (delta > 0 && phys + delta > phys) {
                fire = timeOfCount(phys + delta);
            }
        }
        if (fire == Long.MAX_VALUE) {
            queue.cancel(e);
        } else {
            queue.schedule(e, fire);
        }
    }

    private void setLevel(PerCpu p, int timer, boolean level) {
        if (p.level[timer] != level) {
            p.level[timer] = level;
            ppis.setPpi(p.cpu.index(), PPIS[timer], level);
        }
    }
}
