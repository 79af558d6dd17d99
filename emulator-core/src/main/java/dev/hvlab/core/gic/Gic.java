package dev.hvlab.core.gic;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.mem.MmioDevice;
import dev.hvlab.core.sysreg.SystemRegisterFile;
import java.util.List;

/**
 * A GICv3 interrupt controller shaped as an Arm GIC-500 (the i.MX 8QuadMax's): the
 * {@link Distributor}, one redistributor per CPU ({@link Redistributors}), and each CPU's
 * {@link CpuInterface} with its {@link VirtualCpuInterface}, reached through the ICC_/ICH_ System
 * registers ({@link GicSystemRegisters}).
 *
 * <p>Wiring, for a board: construct it with the CPUs and the SPI count; map {@link #distributor()}
 * ({@link Distributor#SIZE}) and {@link #redistributors()} ({@link Redistributors#size()}) on the
 * physical bus; drive SPIs with {@link #setLevel} and PPIs (timers, PMU) with {@link #setPpiLevel}.
 * The constructor attaches each CPU interface to its CPU ({@code cpu.sysregs.gic}), which makes the
 * ICC_* and ICH_* registers accessible, sets ID_AA64PFR0_EL1.GIC = 1
 * ({@link dev.hvlab.core.sysreg.CoreIdentity#withGicCpuInterface}; a board that sets the core type
 * afterwards must keep it) and installs the ISR_EL1 view. Each CPU's {@code irqLine}, {@code fiqLine},
 * {@code virqLine} and {@code vfiqLine} follow its highest priority pending interrupt; every change
 * calls {@code cpu.interruptsChanged()}.
 *
 * <p>Security: with {@code securityDisabled} (GICD_CTLR.DS = 1) there is one Security state, as
 * QEMU's virt board without secure=on. Otherwise accesses see the Secure or the Non-secure view by
 * the accessing CPU's state (EL3, or SCR_EL3.NS = 0, is Secure) and everything resets to Group 0,
 * as on silicon: firmware (or {@link #initializeAsFirmware}) puts the interrupts in Non-secure
 * Group 1 before Linux or a hypervisor runs.
 */
public final class Gic {
    /** The virtual CPU interface maintenance interrupt (the i.MX 8QM and Arm's recommendation). */
    public static final int MAINTENANCE_PPI = 25;

    private static final long HCR_FMO = 1L << 3;
    private static final long HCR_IMO = 1L << 4;
    private static final long HCR_VF = 1L << 6;
    private static final long HCR_VI = 1L << 7;
    private static final long HCR_VSE = 1L << 8;

    private final Cpu[] cpus;
    private final CpuInterface[] interfaces;
    final Distributor distributor;
    final Redistributors redistributors;

    public Gic(List<Cpu> cpus, int spiCount) {
        this(cpus, spiCount, false);
    }

    /** {@code spiCount}: a multiple of 32, at most 960 (INTIDs 32 to 32 + spiCount - 1). */
    public Gic(List<Cpu> cpus, int spiCount, boolean securityDisabled) {
        if (spiCount < 0 || spiCount % 32 != 0 || spiCount > 960) {
            throw new IllegalArgumentException("SPI count must be a multiple of 32 up to 960: " + spiCount);
        }
        this.cpus = cpus.toArray(new Cpu[0]);
        this.distributor = new Distributor(this, spiCount, securityDisabled);
        this.redistributors = new Redistributors(this, this.cpus.length);
        this.interfaces = new CpuInterface[this.cpus.length];
        for (int i = 0; i < this.cpus.length; i++) {
            if (this.cpus[i].index() != i) {
                throw new IllegalArgumentException("CPU " + i + " has index " + this.cpus[i].index());
            }
            Cpu cpu = this.cpus[i];
            interfaces[i] = new CpuInterface(this, cpu, i, redistributors.frames[i]);
            SystemRegisterFile s = cpu.sysregs;
            s.gic = interfaces[i];
            s.setIdentity(s.identity.withGicCpuInterface(true));
            s.interruptStatus = Gic::interruptStatus;
            // PPIs 16-31 reset level-sensitive (GICR_ICFGR1), as Linux and the timers expect.
        }
        update();
    }

    public MmioDevice distributor() {
        return distributor;
    }

    public Redistributors redistributors() {
        return redistributors;
    }

    public int cpuCount() {
        return cpus.length;
    }

    public CpuInterface cpuInterface(int cpuIndex) {
        return interfaces[cpuIndex];
    }

    Cpu cpu(int cpuIndex) {
        return cpus[cpuIndex];
    }

    /** The input line of SPI {@code intid} (32 and up): level-sensitive or edge-triggered per GICD_ICFGR. */
    public void setLevel(int intid, boolean level) {
        if (intid < 32 || intid >= distributor.bank.limit) {
            throw new IllegalArgumentException("not an SPI of this GIC: " + intid);
        }
        if (InterruptBank.bit(distributor.bank.level, intid) != level) {
            distributor.bank.setLevel(intid, level);
            update();
        }
    }

    /** The input line of PPI {@code intid} (16-31) of CPU {@code cpuIndex}. */
    public void setPpiLevel(int cpuIndex, int intid, boolean level) {
        if (intid < 16 || intid > 31) {
            throw new IllegalArgumentException("not a PPI: " + intid);
        }
        InterruptBank b = redistributors.frames[cpuIndex].bank;
        if (InterruptBank.bit(b.level, intid) != level) {
            b.setLevel(intid, level);
            update();
        }
    }

    /**
     * Re-evaluates the signals of CPU {@code cpuIndex} after its Security state changed (SCR_EL3.NS,
     * entry to or return from EL3): Group 1 interrupts move between IRQ and FIQ.
     */
    public void cpuStateChanged(int cpuIndex) {
        interfaces[cpuIndex].update();
    }

    /** Whether an access from CPU {@code cpuIndex} is Secure: the CPU is at EL3 or SCR_EL3.NS is 0. */
    boolean secureAccess(int cpuIndex) {
        if (cpuIndex < 0 || cpuIndex >= cpus.length) {
            return false;
        }
        Cpu c = cpus[cpuIndex];
        return c.el == 3 || !c.sysregs.el2Enabled();
    }

    /** Recomputes every CPU's highest priority pending interrupt and its interrupt signals. */
    void update() {
        for (CpuInterface c : interfaces) {
            c.update();
        }
    }

    /**
     * What EL3 firmware (Arm Trusted Firmware's gicv3_distif_init, gicv3_rdistif_init and
     * cpuif_enable) leaves behind for a Non-secure OS or hypervisor: every interrupt in Non-secure
     * Group 1 at priority 0xA0, the distributor's Group 0 and Secure Group 1 enabled, each
     * redistributor awake, and per CPU ICC_SRE_EL3 and ICC_SRE_EL2 = SRE | DFB | DIB | Enable,
     * ICC_PMR_EL1 = 0xFF (a Non-secure write to the PMR is ignored while it holds a Secure-range
     * value, and it resets to 0), Group 0 and Secure Group 1 enabled at the CPU interface. For
     * boards that start software at EL2 or EL1 without running EL3 code.
     */
    public void initializeAsFirmware() {
        InterruptBank d = distributor.bank;
        for (int w = 1; w < d.group.length; w++) {
            d.group[w] = -1;
            d.grpmod[w] = 0;
        }
        java.util.Arrays.fill(d.priority, 32, d.limit, (byte) 0xA0);
        if (!distributor.securityDisabled()) {
            distributor.ctlr |= Distributor.CTLR_ENABLE_GRP0 | Distributor.CTLR_ENABLE_GRP1S;
        }
        int sre = CpuInterface.SRE_SRE | CpuInterface.SRE_DFB | CpuInterface.SRE_DIB | CpuInterface.SRE_ENABLE;
        for (int i = 0; i < cpus.length; i++) {
            Redistributors.Redistributor r = redistributors.frames[i];
            r.bank.group[0] = -1;
            r.bank.grpmod[0] = 0;
            java.util.Arrays.fill(r.bank.priority, (byte) 0xA0);
            r.processorSleep = false;
            CpuInterface c = interfaces[i];
            c.sreEl3 = sre;
            c.sreEl2 = sre;
            c.pmr = 0xFF & InterruptBank.PRIORITY_MASK;
            c.igrpen0 = true;
            c.igrpen1[InterruptBank.G1S] = !distributor.securityDisabled();
        }
        update();
    }

    /**
     * ISR_EL1: I [7], F [6], A [8] pending. At EL1 with EL2 enabled, HCR_EL2.IMO/FMO/AMO select the
     * virtual signal (HCR_EL2.VI/VF/VSE or the GIC's virtual IRQ/FIQ) instead of the physical one.
     */
    private static long interruptStatus(Cpu cpu) {
        SystemRegisterFile s = cpu.sysregs;
        boolean el2 = cpu.el < 2 && s.el2Enabled();
        long hcr = s.hcrEl2;
        boolean i = el2 && (hcr & HCR_IMO) != 0 ? (hcr & HCR_VI) != 0 || cpu.virqLine : cpu.irqLine;
        boolean f = el2 && (hcr & HCR_FMO) != 0 ? (hcr & HCR_VF) != 0 || cpu.vfiqLine : cpu.fiqLine;
        boolean a = el2 && (hcr & (1L << 5)) != 0 ? (hcr & HCR_VSE) != 0 : cpu.serrorLine;
        return (i ? 1L << 7 : 0) | (f ? 1L << 6 : 0) | (a ? 1L << 8 : 0);
    }
}
