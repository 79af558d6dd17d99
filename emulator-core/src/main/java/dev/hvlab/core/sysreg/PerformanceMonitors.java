package dev.hvlab.core.sysreg;

import dev.hvlab.core.cpu.Cpu;

/**
 * The PMUv3 state of one CPU (ARM ARM D7, "The Performance Monitors Extension") and the register
 * semantics that are more than storage. The cycle counter counts what
 * {@link SystemRegisterFile#cycles} reports while PMCR_EL0.E and PMCNTENSET_EL0.C are both set;
 * the event counters hold what software writes and count only SW_INCR (event 0x00), the one event
 * hvlab implements, which is all PMCEID0_EL0 advertises. Not modelled: PMCR_EL0.D (divide by 64),
 * the PMCCFILTR_EL0/PMEVTYPER filtering by EL, overflow of the cycle counter, the overflow interrupt.
 */
public final class PerformanceMonitors {
    public static final long PMCR_E = 1L << 0;
    public static final long PMCR_P = 1L << 1;
    public static final long PMCR_C = 1L << 2;
    /** PMCR_EL0 bits software can set: E, D, X, DP, LC (P and C are write-only actions). */
    public static final long PMCR_RW = PMCR_E | 1L << 3 | 1L << 4 | 1L << 5 | 1L << 6;
    /** PMCNTENSET/PMOVSSET/PMINTENSET bit of the cycle counter. */
    public static final long C = 1L << 31;
    /** PMEVTYPER<n>_EL0: P, U, NSK, NSU, NSH, M and evtCount[9:0]; PMCCFILTR_EL0 has the filter bits only. */
    public static final long EVTYPER_MASK = 0xFC0003FFL;
    public static final long CCFILTR_MASK = 0xFC000000L;
    /** Event counters on both cores (PMCR_EL0.N = 6). */
    public static final int COUNTERS = 6;
    /** Enable/overflow/interrupt bits that exist: C and P0..P5. */
    public static final long COUNTER_BITS = C | (1L << COUNTERS) - 1;
    /** SW_INCR, the only common event hvlab counts: PMCEID0_EL0 bit 0. */
    public static final long PMCEID0 = 1L;

    public long pmcr;
    public long cntenset;
    public long ovsset;
    public long intenset;
    public long selr;
    public long ccfiltr;
    public long userenr;
    public final long[] evcntr = new long[COUNTERS];
    public final long[] evtyper = new long[COUNTERS];
    /** The cycle counter: {@code cycles - ccntrBase} while counting, {@code ccntrFrozen} while stopped. */
    private long ccntrBase;
    private long ccntrFrozen;

    private boolean cycleCounting() {
        return (pmcr & PMCR_E) != 0 && (cntenset & C) != 0;
    }

    public long readCycleCounter(Cpu cpu) {
        return cycleCounting() ? cpu.sysregs.cycles.read(cpu) - ccntrBase : ccntrFrozen;
    }

    public void writeCycleCounter(Cpu cpu, long value) {
        ccntrFrozen = value;
        ccntrBase = cpu.sysregs.cycles.read(cpu) - value;
    }

    /** Applies a change of PMCR_EL0.E or PMCNTENSET.C without losing the count. */
    private void changeEnables(Cpu cpu, long newPmcr, long newCntenset) {
        long count = readCycleCounter(cpu);
        pmcr = newPmcr;
        cntenset = newCntenset;
        writeCycleCounter(cpu, count);
    }

    /** PMCR_EL0 as read: IMP/IDCODE/N from the core, N replaced by MDCR_EL2.HPMN at EL0/EL1 while EL2 is enabled. */
    public long readPmcr(Cpu cpu) {
        SystemRegisterFile s = cpu.sysregs;
        long id = s.identity.pmcrIdentification();
        if (cpu.el < 2 && s.el2Enabled()) {
            id = (id & ~(0x1FL << 11)) | (s.mdcrEl2 & SystemRegisterFile.MDCR_HPMN) << 11;
        }
        return id | pmcr;
    }

    public void writePmcr(Cpu cpu, long value) {
        if ((value & PMCR_P) != 0) {
            java.util.Arrays.fill(evcntr, 0);
        }
        changeEnables(cpu, value & PMCR_RW, cntenset);
        if ((value & PMCR_C) != 0) {
            writeCycleCounter(cpu, 0);
        }
    }

    public void setCounterEnables(Cpu cpu, long bits, boolean set) {
        long v = bits & COUNTER_BITS;
        changeEnables(cpu, pmcr, set ? cntenset | v : cntenset & ~v);
    }

    /** PMSWINC_EL0: each written bit increments its counter if it is enabled and counts SW_INCR. */
    public void softwareIncrement(long bits) {
        if ((pmcr & PMCR_E) == 0) {
            return;
        }
        for (int n = 0; n < COUNTERS; n++) {
            if ((bits >>> n & 1) != 0 && (cntenset >>> n & 1) != 0 && (evtyper[n] & 0x3FF) == 0) {
                evcntr[n] = (evcntr[n] + 1) & 0xFFFFFFFFL;
                if (evcntr[n] == 0) {
                    ovsset |= 1L << n;
                }
            }
        }
    }

    /** PMSELR_EL0.SEL, or -1 when it selects no implemented event counter. */
    public int selectedCounter() {
        int sel = (int) selr & 0x1F;
        return sel < COUNTERS ? sel : -1;
    }
}
