package dev.hvlab.core.gic;

/**
 * The GICv3 virtual CPU interface of one CPU: the hypervisor's ICH_*_EL2 controls and list
 * registers, and the ICV_* behaviour of EL1 accesses to ICC_* registers while HCR_EL2.IMO/FMO
 * route them here (GICv3 spec, chapter 6 "Virtual Interrupt Handling and Prioritization", and
 * the ICH_* and ICV_* register descriptions).
 *
 * <p>What it models: 4 list registers (ICH_VTR_EL2.ListRegs = 3), 5 virtual priority and
 * preemption bits (ICH_AP0R0/AP1R0_EL2 hold 32 bits each), 16-bit vINTIDs; ICH_HCR_EL2's En, UIE,
 * LRENPIE, NPIE, VGrp0EIE/DIE, VGrp1EIE/DIE, TC, TALL0, TALL1, TDIR (ICH_VTR_EL2.TDS = 1) and
 * EOIcount; ICH_VMCR_EL2; ICH_MISR_EL2, ICH_EISR_EL2, ICH_ELRSR_EL2; acknowledge, priority drop and
 * deactivation of virtual interrupts with EOImode (VEOIM); a HW = 1 list register deactivating its
 * physical INTID; EOIcount for EOIs that match no list register; the maintenance interrupt (PPI 25,
 * level-sensitive, asserted while En = 1 and ICH_MISR_EL2 is not zero); the virtual IRQ (Group 1)
 * and FIQ (Group 0) signals.
 *
 * <p>What it does not: virtual LPIs beyond turning an acknowledged vINTID of 8192 or more into an
 * invalid entry; TSEI/SEIs; GICv4 direct injection; Aff3 in virtual SGI generation (SGI registers
 * trap to EL2 whenever IMO or FMO is set, as the architecture requires).
 */
public final class VirtualCpuInterface {
    static final int LIST_REGISTERS = 4;
    /** ICH_VTR_EL2: PRIbits [31:29] = 4, PREbits [28:26] = 4, IDbits [25:23] = 0, TDS [19] = 1, ListRegs = 3. */
    public static final long VTR = 4L << 29 | 4L << 26 | 1L << 19 | (LIST_REGISTERS - 1);

    static final long HCR_EN = 1;
    static final long HCR_UIE = 1 << 1;
    static final long HCR_LRENPIE = 1 << 2;
    static final long HCR_NPIE = 1 << 3;
    static final long HCR_VGRP0EIE = 1 << 4;
    static final long HCR_VGRP0DIE = 1 << 5;
    static final long HCR_VGRP1EIE = 1 << 6;
    static final long HCR_VGRP1DIE = 1 << 7;
    static final long HCR_TC = 1 << 10;
    static final long HCR_TALL0 = 1 << 11;
    static final long HCR_TALL1 = 1 << 12;
    static final long HCR_TDIR = 1 << 14;
    static final int HCR_EOICOUNT_SHIFT = 27;
    static final long HCR_MASK = 0xFF | HCR_TC | HCR_TALL0 | HCR_TALL1 | HCR_TDIR | 0x1FL << HCR_EOICOUNT_SHIFT;

    static final long VMCR_VENG0 = 1;
    static final long VMCR_VENG1 = 1 << 1;
    /** VFIQEn is RES1 with the System register interface. */
    static final long VMCR_VFIQEN = 1 << 3;
    static final long VMCR_VCBPR = 1 << 4;
    static final long VMCR_VEOIM = 1 << 9;
    static final int VMCR_VBPR1_SHIFT = 18;
    static final int VMCR_VBPR0_SHIFT = 21;
    static final int VMCR_VPMR_SHIFT = 24;

    static final int LR_STATE_SHIFT = 62;
    static final long LR_PENDING = 1L << 62;
    static final long LR_ACTIVE = 1L << 63;
    static final long LR_HW = 1L << 61;
    static final long LR_GROUP = 1L << 60;
    /** With HW = 0: EOI [41], a maintenance interrupt when the entry is deactivated. */
    static final long LR_EOI = 1L << 41;
    /** vINTID [15:0] (16 bits implemented), pINTID [41:32], Priority [55:51] (5 bits), Group, HW, State. */
    static final long LR_MASK = 0xFFFFL | 0x3FFL << 32 | 0xF8L << 48 | LR_GROUP | LR_HW | 3L << 62;

    private static final int SPURIOUS = 1023;

    /** ICH_VMCR_EL2 at reset: VFIQEn, and VBPR0/VBPR1 at their minimum (the architecture leaves them UNKNOWN). */
    static final long VMCR_RESET = VMCR_VFIQEN | (long) CpuInterface.MIN_BPR << VMCR_VBPR0_SHIFT
            | (long) (CpuInterface.MIN_BPR + 1) << VMCR_VBPR1_SHIFT;

    private final CpuInterface physical;
    long hcr;
    long vmcr = VMCR_RESET;
    final long[] lr = new long[LIST_REGISTERS];
    /** ICH_AP0R0_EL2 and ICH_AP1R0_EL2. */
    final int[] apr = new int[2];

    VirtualCpuInterface(CpuInterface physical) {
        this.physical = physical;
    }

    private void changed() {
        physical.gic.update();
    }

    // ---------------------------------------------------------------------------------------
    // ICH_* registers
    // ---------------------------------------------------------------------------------------

    long readHcr() {
        return hcr;
    }

    void writeHcr(long v) {
        hcr = v & HCR_MASK;
        changed();
    }

    long readVmcr() {
        return vmcr;
    }

    /** ICH_VMCR_EL2: VBPR0/VBPR1 below their minimum read back as the minimum; VFIQEn RES1. */
    void writeVmcr(long v) {
        long bpr0 = Math.max(v >>> VMCR_VBPR0_SHIFT & 7, CpuInterface.MIN_BPR);
        long bpr1 = Math.max(v >>> VMCR_VBPR1_SHIFT & 7, CpuInterface.MIN_BPR + 1);
        vmcr = v & (VMCR_VENG0 | VMCR_VENG1 | VMCR_VCBPR | VMCR_VEOIM | 0xF8L << VMCR_VPMR_SHIFT)
                | VMCR_VFIQEN | bpr0 << VMCR_VBPR0_SHIFT | bpr1 << VMCR_VBPR1_SHIFT;
        changed();
    }

    long readLr(int n) {
        return lr[n];
    }

    void writeLr(int n, long v) {
        lr[n] = v & LR_MASK;
        changed();
    }

    long readApr(int group) {
        return apr[group] & 0xFFFFFFFFL;
    }

    void writeApr(int group, long v) {
        apr[group] = (int) v;
        changed();
    }

    private static int state(long l) {
        return (int) (l >>> LR_STATE_SHIFT);
    }

    /** ICH_EISR_EL2: entries that are invalid, HW = 0 and EOI = 1 (an EOI maintenance request). */
    long eisr() {
        long v = 0;
        for (int n = 0; n < LIST_REGISTERS; n++) {
            if (state(lr[n]) == 0 && (lr[n] & LR_HW) == 0 && (lr[n] & LR_EOI) != 0) {
                v |= 1L << n;
            }
        }
        return v;
    }

    /** ICH_ELRSR_EL2: entries that are free: invalid and not waiting for an EOI maintenance interrupt. */
    long elrsr() {
        long v = 0;
        for (int n = 0; n < LIST_REGISTERS; n++) {
            if (state(lr[n]) == 0 && ((lr[n] & LR_HW) != 0 || (lr[n] & LR_EOI) == 0)) {
                v |= 1L << n;
            }
        }
        return v;
    }

    private int eoiCount() {
        return (int) (hcr >>> HCR_EOICOUNT_SHIFT) & 0x1F;
    }

    /** ICH_MISR_EL2: EOI, U, LRENP, NP, VGrp0E, VGrp0D, VGrp1E, VGrp1D (bits 0-7). */
    long misr() {
        long m = 0;
        if (eisr() != 0) {
            m |= 1;
        }
        int valid = 0;
        boolean anyPending = false;
        for (long l : lr) {
            if (state(l) != 0) {
                valid++;
            }
            if (state(l) == 1) {
                anyPending = true;
            }
        }
        if ((hcr & HCR_UIE) != 0 && valid <= 1) {
            m |= 1 << 1;
        }
        if ((hcr & HCR_LRENPIE) != 0 && eoiCount() != 0) {
            m |= 1 << 2;
        }
        if ((hcr & HCR_NPIE) != 0 && !anyPending) {
            m |= 1 << 3;
        }
        boolean eng0 = (vmcr & VMCR_VENG0) != 0;
        boolean eng1 = (vmcr & VMCR_VENG1) != 0;
        if ((hcr & HCR_VGRP0EIE) != 0 && eng0) {
            m |= 1 << 4;
        }
        if ((hcr & HCR_VGRP0DIE) != 0 && !eng0) {
            m |= 1 << 5;
        }
        if ((hcr & HCR_VGRP1EIE) != 0 && eng1) {
            m |= 1 << 6;
        }
        if ((hcr & HCR_VGRP1DIE) != 0 && !eng1) {
            m |= 1 << 7;
        }
        return m;
    }

    boolean maintenanceAsserted() {
        return (hcr & HCR_EN) != 0 && misr() != 0;
    }

    // ---------------------------------------------------------------------------------------
    // Virtual priorities and the highest priority pending virtual interrupt
    // ---------------------------------------------------------------------------------------

    private int vpmr() {
        return (int) (vmcr >>> VMCR_VPMR_SHIFT) & 0xFF;
    }

    private int vbpr0() {
        return (int) (vmcr >>> VMCR_VBPR0_SHIFT) & 7;
    }

    private int vbpr1() {
        return (int) (vmcr >>> VMCR_VBPR1_SHIFT) & 7;
    }

    /** Virtual GroupBits(): VBPR0 n keeps bits [7:n+1]; VBPR1 n keeps [7:n]; VCBPR makes Group 1 use VBPR0. */
    private int groupPriorityMask(int group) {
        if (group == 0 || (vmcr & VMCR_VCBPR) != 0) {
            return CpuInterface.groupMask(vbpr0(), false);
        }
        return CpuInterface.groupMask(vbpr1(), true);
    }

    int runningPriority() {
        return CpuInterface.runningPriority(apr[0] | apr[1]);
    }

    private static int priority(long l) {
        return (int) (l >>> 48) & 0xFF;
    }

    private static int group(long l) {
        return (l & LR_GROUP) != 0 ? 1 : 0;
    }

    private boolean groupEnabled(int group) {
        return (vmcr & (group == 0 ? VMCR_VENG0 : VMCR_VENG1)) != 0;
    }

    /** The list register holding the highest priority pending (not active) virtual interrupt of an enabled group, or -1. */
    private int highestPendingLr() {
        int best = -1;
        int bestPriority = 0x100;
        for (int n = 0; n < LIST_REGISTERS; n++) {
            long l = lr[n];
            if (state(l) == 1 && groupEnabled(group(l)) && priority(l) < bestPriority) {
                best = n;
                bestPriority = priority(l);
            }
        }
        return best;
    }

    private boolean canPreempt(int n) {
        long l = lr[n];
        int p = priority(l);
        return p < vpmr() && (p & groupPriorityMask(group(l))) < runningPriority();
    }

    private boolean signalled(int group) {
        if ((hcr & HCR_EN) == 0) {
            return false;
        }
        int n = highestPendingLr();
        return n >= 0 && group(lr[n]) == group && canPreempt(n);
    }

    boolean irqSignalled() {
        return signalled(1);
    }

    boolean fiqSignalled() {
        return signalled(0);
    }

    // ---------------------------------------------------------------------------------------
    // ICV_* behaviour
    // ---------------------------------------------------------------------------------------

    /** ICV_IAR0_EL1/ICV_IAR1_EL1 (VirtualReadIAR0/1). */
    int acknowledge(int group) {
        int n = highestPendingLr();
        if (n < 0 || group(lr[n]) != group || !canPreempt(n)) {
            return SPURIOUS;
        }
        long l = lr[n];
        int vintid = (int) l & 0xFFFF;
        apr[group] |= CpuInterface.activePriorityBit(priority(l) & groupPriorityMask(group));
        long state = vintid >= 8192 ? 0 : LR_ACTIVE; // LPIs have no active state
        lr[n] = l & ~(3L << LR_STATE_SHIFT) | state;
        changed();
        return vintid;
    }

    /** ICV_HPPIR0_EL1/ICV_HPPIR1_EL1: the highest priority pending vINTID of the group, VPMR not applied. */
    int highestPending(int group) {
        int n = highestPendingLr();
        return n >= 0 && group(lr[n]) == group ? (int) lr[n] & 0xFFFF : SPURIOUS;
    }

    /** ICV_EOIR0_EL1/ICV_EOIR1_EL1: virtual priority drop, and deactivation unless VEOIM is 1. */
    void endOfInterrupt(int intid) {
        intid &= 0xFFFFFF;
        if (intid >= 1020 && intid <= 1023) {
            return;
        }
        int all = apr[0] | apr[1];
        if (all == 0) {
            return; // no active priority: CONSTRAINED UNPREDICTABLE, the EOI is ignored
        }
        int bit = all & -all;
        apr[(apr[0] & bit) != 0 ? 0 : 1] &= ~bit;
        if ((vmcr & VMCR_VEOIM) == 0) {
            deactivate(intid);
        }
        changed();
    }

    /** ICV_DIR_EL1: deactivation when VEOIM is 1 (UNPREDICTABLE otherwise: ignored). */
    void deactivateInterrupt(int intid) {
        if ((vmcr & VMCR_VEOIM) != 0) {
            deactivate(intid & 0xFFFFFF);
            changed();
        }
    }

    /**
     * Deactivates the active list register entry of {@code intid}; a HW = 1 entry deactivates its
     * physical INTID too. No entry: EOIcount counts the miss (not for LPIs).
     */
    private void deactivate(int intid) {
        for (int n = 0; n < LIST_REGISTERS; n++) {
            long l = lr[n];
            if ((l & LR_ACTIVE) != 0 && ((int) l & 0xFFFF) == intid) {
                lr[n] = l & ~LR_ACTIVE;
                if ((l & LR_HW) != 0) {
                    int pintid = (int) (l >>> 32) & 0x3FF;
                    if (pintid < 1020) {
                        physical.deactivate(pintid);
                    }
                }
                return;
            }
        }
        if (intid < 8192) {
            int count = (eoiCount() + 1) & 0x1F;
            hcr = hcr & ~(0x1FL << HCR_EOICOUNT_SHIFT) | (long) count << HCR_EOICOUNT_SHIFT;
        }
    }

    long readPmr() {
        return vpmr();
    }

    void writePmr(long v) {
        vmcr = vmcr & ~(0xFFL << VMCR_VPMR_SHIFT) | (v & 0xF8) << VMCR_VPMR_SHIFT;
        changed();
    }

    long readBpr(int group) {
        if (group == 0) {
            return vbpr0();
        }
        return (vmcr & VMCR_VCBPR) != 0 ? Math.min(vbpr0() + 1, 7) : vbpr1();
    }

    void writeBpr(int group, long v) {
        if (group == 0) {
            long b = Math.max(v & 7, CpuInterface.MIN_BPR);
            vmcr = vmcr & ~(7L << VMCR_VBPR0_SHIFT) | b << VMCR_VBPR0_SHIFT;
        } else if ((vmcr & VMCR_VCBPR) == 0) {
            long b = Math.max(v & 7, CpuInterface.MIN_BPR + 1);
            vmcr = vmcr & ~(7L << VMCR_VBPR1_SHIFT) | b << VMCR_VBPR1_SHIFT;
        }
        changed();
    }

    /** ICV_CTLR_EL1: CBPR [0] = VCBPR, EOImode [1] = VEOIM, PRIbits 4, IDbits 0. */
    long readCtlr() {
        return ((vmcr & VMCR_VCBPR) != 0 ? 1 : 0) | ((vmcr & VMCR_VEOIM) != 0 ? 2 : 0) | CpuInterface.CTLR_PRIBITS;
    }

    void writeCtlr(long v) {
        vmcr = vmcr & ~(VMCR_VCBPR | VMCR_VEOIM) | ((v & 1) != 0 ? VMCR_VCBPR : 0) | ((v & 2) != 0 ? VMCR_VEOIM : 0);
        changed();
    }

    long readGroupEnable(int group) {
        return groupEnabled(group) ? 1 : 0;
    }

    void writeGroupEnable(int group, long v) {
        long bit = group == 0 ? VMCR_VENG0 : VMCR_VENG1;
        vmcr = (v & 1) != 0 ? vmcr | bit : vmcr & ~bit;
        changed();
    }
}
