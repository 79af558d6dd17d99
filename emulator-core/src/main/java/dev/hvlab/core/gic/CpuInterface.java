package dev.hvlab.core.gic;

import static dev.hvlab.core.gic.InterruptBank.G0;
import static dev.hvlab.core.gic.InterruptBank.G1NS;
import static dev.hvlab.core.gic.InterruptBank.G1S;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.gic.Redistributors.Redistributor;

/**
 * The GICv3 physical CPU interface of one CPU, reached through the ICC_* System registers
 * ({@link GicSystemRegisters}): the highest priority pending interrupt, acknowledge, priority drop
 * and deactivation, the priority mask, binary points, the active priority registers and the IRQ/FIQ
 * signals to the CPU (GICv3 spec, chapter 4 "Physical Interrupt Handling and Prioritization" and
 * the pseudocode of its chapter 8 for acknowledge and EOI).
 *
 * <p>What it models: 5 priority and preemption bits (the Cortex-A72/A53 CPU interface), so
 * ICC_AP0R0/AP1R0 hold 32 active priority bits and the minimum BPR0 is 2; Group 0, Secure Group 1 and
 * Non-secure Group 1 with the banked ICC_CTLR_EL1/BPR1/IGRPEN1/AP1R0 (bank chosen by SCR_EL3.NS);
 * ICC_CTLR_EL3's EOImode_EL3/EL1S/EL1NS and CBPR_EL1S/EL1NS; the Non-secure views of PMR and RPR;
 * ICC_SRE_ELx with SRE, DFB, DIB, Enable; SGI generation. Signalling (GICv3 spec 4.6.2): Group 0 is
 * FIQ; Group 1 of the CPU's current Security state is IRQ, of the other state FIQ (both are FIQ at
 * EL3); with DS = 1 Group 1 is IRQ.
 *
 * <p>What it does not: the legacy (memory-mapped GICC) interface, so SRE = 0 only makes the
 * registers UNDEFINED; the Non-secure view of BPR1 and AP1R0 (the Secure layout is shown);
 * ICC_CTLR_EL3.RM (RAZ/WI); SEIs; NMIs; ICC_ASGI1R_EL1 when DS = 1 (ignored). The IRQ/FIQ choice
 * for Group 1 uses the CPU's EL and SCR_EL3.NS at the last update: {@link Gic#cpuStateChanged}
 * refreshes it after a change of Security state.
 */
public final class CpuInterface {
    static final int SPURIOUS = 1023;
    /** Lowest BPR0 (and Secure BPR1) with 5 preemption bits: 7 - 5. */
    static final int MIN_BPR = 2;

    // ICC_CTLR_EL3 bits (ICC_CTLR_EL1's CBPR [0] and EOImode [1] alias the bank's bits here).
    static final int CTLR3_CBPR_EL1S = 1;
    static final int CTLR3_CBPR_EL1NS = 1 << 1;
    static final int CTLR3_EOIMODE_EL3 = 1 << 2;
    static final int CTLR3_EOIMODE_EL1S = 1 << 3;
    static final int CTLR3_EOIMODE_EL1NS = 1 << 4;
    static final int CTLR3_PMHE = 1 << 6;
    /** ICC_CTLR_ELx.PRIbits [10:8] = 4: 5 priority bits; IDbits [13:11] = 0: 16-bit INTIDs. */
    static final int CTLR_PRIBITS = 4 << 8;

    static final int SRE_SRE = 1;
    static final int SRE_DFB = 1 << 1;
    static final int SRE_DIB = 1 << 2;
    static final int SRE_ENABLE = 1 << 3;

    final Gic gic;
    final Cpu cpu;
    final int index;
    final Redistributor redistributor;
    final VirtualCpuInterface virtual;

    /** ICC_PMR_EL1 in the Secure (8-bit) view. */
    int pmr;
    int bpr0 = MIN_BPR;
    /** ICC_BPR1_EL1 per bank, indexed by G1S/G1NS. */
    final int[] bpr1 = {0, MIN_BPR, MIN_BPR + 1};
    boolean igrpen0;
    /** ICC_IGRPEN1_EL1 per bank, indexed by G1S/G1NS (ICC_IGRPEN1_EL3 shows both). */
    final boolean[] igrpen1 = new boolean[3];
    /** ICC_AP0R0_EL1, ICC_AP1R0_EL1 (Secure), ICC_AP1R0_EL1 (Non-secure): indexed by group. */
    final int[] apr = new int[3];
    int ctlrEl3;
    /** ICC_SRE_EL1 (Secure and Non-secure, indexed by G1S/G1NS), ICC_SRE_EL2, ICC_SRE_EL3. */
    final int[] sreEl1 = new int[3];
    int sreEl2;
    int sreEl3;

    /** The highest priority pending interrupt forwarded to this CPU (after the last update). */
    int hppi = SPURIOUS;
    int hppiPriority = 0xFF;
    int hppiGroup;

    CpuInterface(Gic gic, Cpu cpu, int index, Redistributor redistributor) {
        this.gic = gic;
        this.cpu = cpu;
        this.index = index;
        this.redistributor = redistributor;
        this.virtual = new VirtualCpuInterface(this);
    }

    public Cpu cpu() {
        return cpu;
    }

    public VirtualCpuInterface virtualInterface() {
        return virtual;
    }

    // ---------------------------------------------------------------------------------------
    // Security state and banks
    // ---------------------------------------------------------------------------------------

    boolean ds() {
        return gic.distributor.securityDisabled();
    }

    /** The CPU is in Secure state: at EL3, or below it with SCR_EL3.NS = 0. */
    boolean secureState() {
        return cpu.el == 3 || !cpu.sysregs.el2Enabled();
    }

    /** The bank of ICC_CTLR_EL1/BPR1/IGRPEN1/AP1R0 an access uses: SCR_EL3.NS selects it, also at EL3. */
    int bank() {
        return ds() || cpu.sysregs.el2Enabled() ? G1NS : G1S;
    }

    /** The Group 1 of the current Security state (ICC_IAR1/EOIR1/HPPIR1, ICC_SGI1R). */
    int currentGroup1() {
        return ds() || !secureState() ? G1NS : G1S;
    }

    /**
     * Non-secure access while DS = 0 and Group 0 belongs to EL3 (SCR_EL3.FIQ = 1): PMR and RPR show
     * the Non-secure view (GICv3 spec, the ICC_PMR_EL1/ICC_RPR_EL1 pseudocode). With SCR_EL3.FIQ = 0
     * Non-secure software sees the actual priorities, as QEMU also does.
     */
    private boolean nonSecureView() {
        return !ds() && !secureState() && (cpu.sysregs.scrEl3 & SCR_FIQ) != 0;
    }

    private static final long SCR_FIQ = 1L << 2;

    int eoiMode() {
        int bit = cpu.el == 3 ? CTLR3_EOIMODE_EL3 : bank() == G1S ? CTLR3_EOIMODE_EL1S : CTLR3_EOIMODE_EL1NS;
        return (ctlrEl3 & bit) != 0 ? 1 : 0;
    }

    private boolean cbpr(int group) {
        return (ctlrEl3 & (group == G1S ? CTLR3_CBPR_EL1S : CTLR3_CBPR_EL1NS)) != 0;
    }

    boolean groupEnabled(int group) {
        return group == G0 ? igrpen0 : igrpen1[group];
    }

    // ---------------------------------------------------------------------------------------
    // Priorities (GICv3 spec 4.8)
    // ---------------------------------------------------------------------------------------

    /**
     * The mask that keeps the group priority of an interrupt of {@code group} ({@code GroupBits()}):
     * BPR0 (or a bank's BPR1 with CBPR set, or the Secure BPR1) n keeps bits [7:n+1]; the
     * Non-secure BPR1 n keeps bits [7:n].
     */
    int groupPriorityMask(int group) {
        if (group == G0 || cbpr(group)) {
            return groupMask(bpr0, false);
        }
        return groupMask(bpr1[group], group == G1NS);
    }

    /** A binary point {@code bpr} keeps priority bits [7:bpr+1], or [7:bpr] for a Non-secure (or virtual) BPR1. */
    static int groupMask(int bpr, boolean bpr1Style) {
        return ~((bpr1Style ? 1 << bpr : 2 << bpr) - 1) & 0xFF;
    }

    /** The running priority: the group priority of the highest set active priority bit, 0xFF if none. */
    int runningPriority() {
        return runningPriority(apr[G0] | apr[G1S] | apr[G1NS]);
    }

    /** The priority active priority bits {@code bits} stand for: bit n is group priority n << 3. */
    static int runningPriority(int bits) {
        return bits == 0 ? 0xFF : Integer.numberOfTrailingZeros(bits) << (MIN_BPR + 1);
    }

    /** The active priority bit an interrupt of group priority {@code groupPriority} sets. */
    static int activePriorityBit(int groupPriority) {
        return 1 << (groupPriority >>> (MIN_BPR + 1));
    }

    /** The highest priority pending interrupt may be signalled: above the PMR and able to preempt. */
    boolean hppiCanPreempt() {
        return hppi != SPURIOUS && hppiPriority < pmr
                && (hppiPriority & groupPriorityMask(hppiGroup)) < runningPriority();
    }

    // ---------------------------------------------------------------------------------------
    // Update: highest priority pending interrupt and the IRQ/FIQ lines
    // ---------------------------------------------------------------------------------------

    /**
     * Recomputes what this CPU is offered: its redistributor's SGIs/PPIs and the SPIs routed to it
     * that are pending, enabled, not active, and whose group is enabled in the distributor and at
     * this CPU interface; the highest priority wins, the lower INTID on a tie.
     */
    void update() {
        redistributor.bank.setLevel(Gic.MAINTENANCE_PPI, virtual.maintenanceAsserted());
        int best = SPURIOUS;
        int bestPriority = 0x100;
        int bestGroup = 0;
        boolean ds = ds();
        if (!redistributor.processorSleep) {
            InterruptBank b = redistributor.bank;
            int candidates = b.pendingWord(0) & b.enabled[0] & ~b.active[0];
            while (candidates != 0) {
                int intid = Integer.numberOfTrailingZeros(candidates);
                candidates &= candidates - 1;
                int p = b.priority(intid);
                if (p < bestPriority) {
                    int g = b.groupOf(intid, ds);
                    if (gic.distributor.groupEnabled(g) && groupEnabled(g)) {
                        best = intid;
                        bestPriority = p;
                        bestGroup = g;
                    }
                }
            }
            Distributor d = gic.distributor;
            InterruptBank s = d.bank;
            long mpidr = cpu.sysregs.mpidr;
            for (int w = 1; w < s.enabled.length; w++) {
                int c = s.pendingWord(w) & s.enabled[w] & ~s.active[w];
                while (c != 0) {
                    int intid = w << 5 | Integer.numberOfTrailingZeros(c);
                    c &= c - 1;
                    int p = s.priority(intid);
                    if (p < bestPriority && d.routedTo(intid, mpidr)) {
                        int g = s.groupOf(intid, ds);
                        if (d.groupEnabled(g) && groupEnabled(g)) {
                            best = intid;
                            bestPriority = p;
                            bestGroup = g;
                        }
                    }
                }
            }
        }
        hppi = best;
        hppiPriority = best == SPURIOUS ? 0xFF : bestPriority;
        hppiGroup = bestGroup;
        boolean irq = false;
        boolean fiq = false;
        if (hppiCanPreempt()) {
            if (signalledAsIrq(hppiGroup)) {
                irq = true;
            } else {
                fiq = true;
            }
        }
        boolean virq = virtual.irqSignalled();
        boolean vfiq = virtual.fiqSignalled();
        if (irq != cpu.irqLine || fiq != cpu.fiqLine || virq != cpu.virqLine || vfiq != cpu.vfiqLine) {
            cpu.irqLine = irq;
            cpu.fiqLine = fiq;
            cpu.virqLine = virq;
            cpu.vfiqLine = vfiq;
            cpu.interruptsChanged();
        }
    }

    /** GICv3 spec 4.6.2, "Interrupt assignment to IRQ and FIQ signals". */
    private boolean signalledAsIrq(int group) {
        if (group == G0) {
            return false;
        }
        if (ds()) {
            return true;
        }
        if (cpu.el == 3) {
            return false;
        }
        return (group == G1S) == secureState();
    }

    // ---------------------------------------------------------------------------------------
    // Acknowledge, priority drop, deactivation
    // ---------------------------------------------------------------------------------------

    /**
     * ICC_IAR0_EL1 ({@code group1} false) or ICC_IAR1_EL1: acknowledges the highest priority
     * pending interrupt if it belongs to the register's group and can be signalled; otherwise
     * returns 1023, or at EL3 through IAR0 1020/1021 for a Secure/Non-secure Group 1 one.
     */
    int acknowledge(boolean group1) {
        int intid = highestPending(group1);
        if (intid >= 1020 || !hppiCanPreempt()) {
            return intid >= 1020 ? intid : SPURIOUS;
        }
        int group = hppiGroup;
        int priority = hppiPriority;
        bankOf(intid).activate(intid);
        apr[group] |= activePriorityBit(priority & groupPriorityMask(group));
        gic.update();
        return intid;
    }

    /** ICC_HPPIR0_EL1 / ICC_HPPIR1_EL1: the HPPI if it is of the register's group (PMR not applied). */
    int highestPending(boolean group1) {
        if (hppi == SPURIOUS) {
            return SPURIOUS;
        }
        if (group1) {
            int want = cpu.el == 3 ? bank() : currentGroup1();
            return hppiGroup == want ? hppi : SPURIOUS;
        }
        if (hppiGroup == G0) {
            return hppi;
        }
        if (cpu.el == 3 && !ds()) {
            return hppiGroup == G1S ? 1020 : 1021;
        }
        return SPURIOUS;
    }

    /** ICC_EOIR0_EL1 / ICC_EOIR1_EL1: priority drop, and deactivation unless EOImode is 1. */
    void endOfInterrupt(int intid, boolean group1) {
        intid &= 0xFFFFFF;
        if (intid >= 1020 && intid <= 1023) {
            return;
        }
        dropPriority(group1 ? (cpu.el == 3 ? bank() : currentGroup1()) : G0);
        if (eoiMode() == 0) {
            deactivate(intid);
        }
        gic.update();
    }

    /** ICC_DIR_EL1: deactivation, effective when EOImode is 1 (UNPREDICTABLE otherwise: ignored). */
    void deactivateInterrupt(int intid) {
        intid &= 0xFFFFFF;
        if (eoiMode() == 1) {
            deactivate(intid);
            gic.update();
        }
    }

    /**
     * Clears the highest priority active priority bit (the lowest set bit of the three AP
     * registers); on a tie the bit of {@code group} is the one cleared.
     */
    private void dropPriority(int group) {
        int all = apr[G0] | apr[G1S] | apr[G1NS];
        if (all == 0) {
            return;
        }
        int bit = all & -all;
        if ((apr[group] & bit) != 0) {
            apr[group] &= ~bit;
        } else {
            for (int g = G0; g <= G1NS; g++) {
                if ((apr[g] & bit) != 0) {
                    apr[g] &= ~bit;
                    break;
                }
            }
        }
    }

    /** Clears the active state of physical INTID {@code intid} (an SGI/PPI of this CPU, or an SPI). */
    void deactivate(int intid) {
        InterruptBank b = bankOf(intid);
        if (b != null && b.implemented(intid)) {
            InterruptBank.set(b.active, intid, false);
        }
    }

    private InterruptBank bankOf(int intid) {
        if (intid < 32) {
            return redistributor.bank;
        }
        return intid < gic.distributor.bank.limit ? gic.distributor.bank : null;
    }

    // ---------------------------------------------------------------------------------------
    // Register views
    // ---------------------------------------------------------------------------------------

    long readPmr() {
        if (nonSecureView()) {
            return pmr < 0x80 ? 0 : (pmr << 1) & 0xFF;
        }
        return pmr;
    }

    void writePmr(long v) {
        if (nonSecureView()) {
            if (pmr >= 0x80) {
                pmr = (0x80 | (int) (v & 0xFF) >>> 1) & InterruptBank.PRIORITY_MASK;
            }
        } else {
            pmr = (int) v & InterruptBank.PRIORITY_MASK;
        }
        gic.update();
    }

    long readRpr() {
        int rp = runningPriority();
        if (nonSecureView() && rp != 0xFF) {
            return rp < 0x80 ? 0 : (rp << 1) & 0xFF; // idle reads as idle
        }
        return rp;
    }

    long readBpr1() {
        int b = bank();
        if (cbpr(b)) {
            return Math.min(bpr0 + 1, 7);
        }
        return bpr1[b];
    }

    void writeBpr1(long v) {
        int b = bank();
        if (!cbpr(b)) {
            bpr1[b] = Math.max((int) v & 7, b == G1NS ? MIN_BPR + 1 : MIN_BPR);
            gic.update();
        }
    }

    void writeBpr0(long v) {
        bpr0 = Math.max((int) v & 7, MIN_BPR);
        gic.update();
    }

    /** ICC_CTLR_EL1 of the current bank: CBPR [0], EOImode [1], PMHE [6], PRIbits, IDbits. */
    long readCtlrEl1() {
        int b = bank();
        int cbprBit = b == G1S ? CTLR3_CBPR_EL1S : CTLR3_CBPR_EL1NS;
        int eoiBit = b == G1S ? CTLR3_EOIMODE_EL1S : CTLR3_EOIMODE_EL1NS;
        return ((ctlrEl3 & cbprBit) != 0 ? 1 : 0) | ((ctlrEl3 & eoiBit) != 0 ? 2 : 0)
                | (ctlrEl3 & CTLR3_PMHE) | CTLR_PRIBITS;
    }

    void writeCtlrEl1(long v) {
        int b = bank();
        int cbprBit = b == G1S ? CTLR3_CBPR_EL1S : CTLR3_CBPR_EL1NS;
        int eoiBit = b == G1S ? CTLR3_EOIMODE_EL1S : CTLR3_EOIMODE_EL1NS;
        int c = ctlrEl3 & ~(cbprBit | eoiBit);
        c |= (v & 1) != 0 ? cbprBit : 0;
        c |= (v & 2) != 0 ? eoiBit : 0;
        if (secureState() || ds()) {
            c = c & ~CTLR3_PMHE | (int) v & CTLR3_PMHE; // PMHE is Secure-writable only
        }
        ctlrEl3 = c;
        gic.update();
    }

    long readCtlrEl3() {
        return ctlrEl3 | CTLR_PRIBITS;
    }

    void writeCtlrEl3(long v) {
        ctlrEl3 = (int) v & (CTLR3_CBPR_EL1S | CTLR3_CBPR_EL1NS | CTLR3_EOIMODE_EL3 | CTLR3_EOIMODE_EL1S
                | CTLR3_EOIMODE_EL1NS | CTLR3_PMHE);
        gic.update();
    }

    long readIgrpen1El3() {
        return (igrpen1[G1NS] ? 1 : 0) | (igrpen1[G1S] ? 2 : 0);
    }

    void writeIgrpen1El3(long v) {
        igrpen1[G1NS] = (v & 1) != 0;
        igrpen1[G1S] = !ds() && (v & 2) != 0;
        gic.update();
    }

    /**
     * ICC_SRE_EL1 of the current bank. SRE reads 0 while a higher EL's SRE is 0: a lower EL cannot
     * use the System register interface when a higher one uses the legacy interface.
     */
    long readSreEl1() {
        int v = sreEl1[bank()];
        boolean higherUseSre = (sreEl3 & SRE_SRE) != 0 && (bank() == G1S || (sreEl2 & SRE_SRE) != 0);
        return higherUseSre ? v : v & ~SRE_SRE;
    }

    void writeSreEl1(long v) {
        sreEl1[bank()] = (int) v & (SRE_SRE | SRE_DFB | SRE_DIB);
    }

    long readSreEl2() {
        return (sreEl3 & SRE_SRE) != 0 ? sreEl2 : sreEl2 & ~SRE_SRE;
    }

    void writeSreEl2(long v) {
        sreEl2 = (int) v & (SRE_SRE | SRE_DFB | SRE_DIB | SRE_ENABLE);
    }

    void writeSreEl3(long v) {
        sreEl3 = (int) v & (SRE_SRE | SRE_DFB | SRE_DIB | SRE_ENABLE);
    }

    /** SRE in effect at EL1 (of the current bank), EL2, EL3. */
    boolean sreEnabledAt(int el) {
        return switch (el) {
            case 3 -> (sreEl3 & SRE_SRE) != 0;
            case 2 -> (readSreEl2() & SRE_SRE) != 0;
            default -> (readSreEl1() & SRE_SRE) != 0;
        };
    }

    // ---------------------------------------------------------------------------------------
    // SGI generation (ICC_SGI0R_EL1, ICC_SGI1R_EL1, ICC_ASGI1R_EL1)
    // ---------------------------------------------------------------------------------------

    static final int SGI0R = 0;
    static final int SGI1R = 1;
    static final int ASGI1R = 2;

    /**
     * Generates SGI INTID [27:24] on the CPUs selected by IRM [40] (every CPU but this one) or by
     * Aff3 [55:48].Aff2 [39:32].Aff1 [23:16] with Aff0 = RS [47:44] * 16 + n for each bit n of
     * TargetList [15:0]. A target pends it only if the SGI's group there is the one the register
     * generates: Group 0 (SGI0R; from Non-secure state only when DS = 1), Group 1 of the current
     * Security state (SGI1R), of the other one (ASGI1R).
     */
    void generateSgi(long value, int register) {
        int intid = (int) (value >>> 24) & 0xF;
        int targets = (int) value & 0xFFFF;
        long aff321 = (value >>> 16 & 0xFF) << 8 | (value >>> 32 & 0xFF) << 16;
        boolean irm = (value >>> 40 & 1) != 0;
        int rs = (int) (value >>> 44) & 0xF;
        boolean ds = ds();
        int wanted;
        if (register == SGI0R) {
            if (!ds && !secureState()) {
                return; // NSACR is RAZ: Non-secure code may not generate Group 0 SGIs
            }
            wanted = G0;
        } else if (register == SGI1R) {
            wanted = currentGroup1();
        } else {
            if (ds) {
                return;
            }
            wanted = currentGroup1() == G1S ? G1NS : G1S;
            if (wanted == G1S && !secureState()) {
                return; // NSACR again
            }
        }
        for (int t = 0; t < gic.cpuCount(); t++) {
            CpuInterface target = gic.cpuInterface(t);
            long mpidr = target.cpu.sysregs.mpidr;
            boolean selected;
            if (irm) {
                selected = target != this;
            } else {
                int aff0 = (int) mpidr & 0xFF;
                selected = (mpidr & 0xFFFF00L) == aff321 && aff0 >>> 4 == rs && (targets >>> (aff0 & 0xF) & 1) != 0;
            }
            InterruptBank b = target.redistributor.bank;
            if (selected && b.groupOf(intid, ds) == wanted) {
                InterruptBank.set(b.latch, intid, true);
            }
        }
        gic.update();
    }
}
