package dev.hvlab.core.gic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.mem.MmioDevice;
import org.junit.jupiter.api.Test;

/**
 * The physical CPU interface through real MRS/MSR instructions: acknowledge, EOI and deactivation,
 * priority preemption and the running priority, the EOImode = 1 split, SGIs between CPUs, and the
 * access rules (SRE, the SGI trap to EL2). The expected priorities follow GICv3 spec 4.8 with 5
 * priority bits: a group priority mask of 0xF8 for BPR1 = 3 (Non-secure: bits [7:3]), 0x80 for
 * BPR1 = 7, and active priority bit n standing for priority n << 3.
 */
class GicCpuInterfaceTest {

    /** Two CPUs at Non-secure EL1 after firmware and Linux-like set-up, with GICD_CTLR.DS = {@code ds}. */
    private static GicTestMachine booted(boolean ds) {
        GicTestMachine m = new GicTestMachine(2, 64, ds);
        m.gic.initializeAsFirmware();
        m.linuxLikeCpuSetup(0);
        m.linuxLikeCpuSetup(1);
        return m;
    }

    private static void spi(GicTestMachine m, int intid, int priority) {
        MmioDevice d = m.gic.distributor();
        d.write(0, 0x400 + intid, priority, 1);
        m.gicd(0, 0x100 + 4 * (intid / 32), 1L << (intid % 32));
    }

    @Test
    void gicFieldOfIdAa64pfr0() {
        GicTestMachine m = booted(false);
        assertEquals(1, m.mrs(m.cpu(0), "ID_AA64PFR0_EL1") >>> 24 & 0xF);
    }

    /**
     * Linux's flow on a level-sensitive SPI in Non-secure state with DS = 0: IAR1 acknowledges,
     * the still-asserted input makes it active and pending, EOIR1 (EOImode 0) drops the priority and
     * deactivates, and the interrupt is offered again until the input falls.
     */
    @Test
    void acknowledgeEndOfInterruptDeactivate() {
        GicTestMachine m = booted(false);
        Cpu cpu = m.cpu(0);
        spi(m, 40, 0xA0); // Non-secure write: priority 0x80 | 0xA0 >> 1 = 0xD0
        assertEquals(1023, m.mrs(cpu, "ICC_HPPIR1_EL1"));
        m.gic.setLevel(40, true);
        assertTrue(cpu.irqLine);
        assertFalse(cpu.fiqLine);
        assertEquals(40, m.mrs(cpu, "ICC_HPPIR1_EL1"));
        assertEquals(0xFF, m.mrs(cpu, "ICC_RPR_EL1"), "idle");
        assertEquals(40, m.mrs(cpu, "ICC_IAR1_EL1"));
        assertFalse(cpu.irqLine);
        cpu.sysregs.scrEl3 |= 1L << 2; // SCR_EL3.FIQ: Group 0 belongs to EL3, Non-secure sees its view
        assertEquals(0xA0, m.mrs(cpu, "ICC_RPR_EL1"), "Non-secure view of running priority 0xD0");
        cpu.sysregs.scrEl3 &= ~(1L << 2);
        assertEquals(0xD0, m.mrs(cpu, "ICC_RPR_EL1"), "SCR_EL3.FIQ = 0: the actual priority (as QEMU)");
        assertEquals(1 << (0xD0 >> 3), m.mrs(cpu, "ICC_AP1R0_EL1"));
        assertEquals(1 << 8, m.gicd(0, 0x304), "active");
        assertEquals(1 << 8, m.gicd(0, 0x204), "and pending: the input is still high");
        assertEquals(1023, m.mrs(cpu, "ICC_IAR1_EL1"), "nothing else to acknowledge");
        m.msr(cpu, "ICC_EOIR1_EL1", 40);
        assertEquals(0, m.gicd(0, 0x304));
        assertEquals(0xFF, m.mrs(cpu, "ICC_RPR_EL1"));
        assertEquals(0, m.mrs(cpu, "ICC_AP1R0_EL1"));
        assertTrue(cpu.irqLine, "offered again while the input is high");
        m.gic.setLevel(40, false);
        assertFalse(cpu.irqLine);
        assertEquals(-1, m.lastEc);
    }

    @Test
    void preemptionAndRunningPriority() {
        GicTestMachine m = booted(true);
        Cpu cpu = m.cpu(0);
        m.msr(cpu, "ICC_PMR_EL1", 0xF0);
        spi(m, 40, 0x80);
        spi(m, 41, 0x40);
        spi(m, 42, 0x80);
        m.gic.setLevel(40, true);
        assertEquals(40, m.mrs(cpu, "ICC_IAR1_EL1"));
        assertEquals(0x80, m.mrs(cpu, "ICC_RPR_EL1"));
        m.gic.setLevel(42, true);
        assertFalse(cpu.irqLine, "same group priority does not preempt");
        assertEquals(42, m.mrs(cpu, "ICC_HPPIR1_EL1"), "HPPIR does not apply the running priority");
        assertEquals(1023, m.mrs(cpu, "ICC_IAR1_EL1"), "IAR does");
        m.gic.setLevel(41, true);
        assertTrue(cpu.irqLine, "0x40 preempts 0x80");
        assertEquals(41, m.mrs(cpu, "ICC_IAR1_EL1"));
        assertEquals(0x40, m.mrs(cpu, "ICC_RPR_EL1"));
        assertEquals(1L << 8 | 1L << 16, m.mrs(cpu, "ICC_AP1R0_EL1"), "bits 0x40 >> 3 and 0x80 >> 3");
        m.gic.setLevel(41, false);
        m.msr(cpu, "ICC_EOIR1_EL1", 41);
        assertEquals(0x80, m.mrs(cpu, "ICC_RPR_EL1"), "back to the preempted one");
        assertFalse(cpu.irqLine, "42 still cannot preempt 40");
        m.msr(cpu, "ICC_EOIR1_EL1", 40);
        assertEquals(0xFF, m.mrs(cpu, "ICC_RPR_EL1"));
        assertTrue(cpu.irqLine);
        assertEquals(40, m.mrs(cpu, "ICC_IAR1_EL1"), "40 (input still high) and 42 tie at 0x80: the lower INTID wins");
    }

    @Test
    void binaryPointDecidesPreemption() {
        GicTestMachine m = booted(true);
        Cpu cpu = m.cpu(0);
        spi(m, 40, 0xC0);
        spi(m, 41, 0x80);
        m.msr(cpu, "ICC_BPR1_EL1", 7); // group priority bit [7] only
        assertEquals(7, m.mrs(cpu, "ICC_BPR1_EL1"));
        m.gic.setLevel(40, true);
        assertEquals(40, m.mrs(cpu, "ICC_IAR1_EL1"));
        assertEquals(0x80, m.mrs(cpu, "ICC_RPR_EL1"), "0xC0 & 0x80");
        m.gic.setLevel(41, true);
        assertFalse(cpu.irqLine, "0x80 & 0x80 is not above running priority 0x80");
        m.msr(cpu, "ICC_BPR1_EL1", 0);
        assertEquals(3, m.mrs(cpu, "ICC_BPR1_EL1"), "Non-secure BPR1 minimum with 5 preemption bits");
        m.msr(cpu, "ICC_EOIR1_EL1", 40); // deactivated; its input keeps it pending
        assertEquals(41, m.mrs(cpu, "ICC_IAR1_EL1"), "0x80 wins over 0xC0");
        m.gic.setLevel(41, false);
        m.msr(cpu, "ICC_EOIR1_EL1", 41);
        assertEquals(40, m.mrs(cpu, "ICC_IAR1_EL1"));
        assertEquals(0xC0, m.mrs(cpu, "ICC_RPR_EL1"), "BPR1 3 keeps bits [7:3]");
        m.gic.setLevel(41, true);
        assertTrue(cpu.irqLine, "0x80 preempts 0xC0");
        m.msr(cpu, "ICC_PMR_EL1", 0x80);
        assertFalse(cpu.irqLine, "masked: priority must be below the PMR");
        m.msr(cpu, "ICC_PMR_EL1", 0x88);
        assertTrue(cpu.irqLine);
    }

    /** ICC_CTLR_EL1.EOImode = 1: EOIR only drops the priority, DIR deactivates. */
    @Test
    void eoiModeSplit() {
        GicTestMachine m = booted(true);
        Cpu cpu = m.cpu(0);
        m.msr(cpu, "ICC_CTLR_EL1", 2);
        assertEquals(2, m.mrs(cpu, "ICC_CTLR_EL1") & 3);
        assertEquals(4, m.mrs(cpu, "ICC_CTLR_EL1") >>> 8 & 7, "PRIbits: 5 bits");
        spi(m, 40, 0x80);
        spi(m, 41, 0xA0);
        m.gicd(0, 0x204, 1 << 8); // software-pended, so no input keeps it pending
        assertEquals(40, m.mrs(cpu, "ICC_IAR1_EL1"));
        m.msr(cpu, "ICC_EOIR1_EL1", 40);
        assertEquals(0xFF, m.mrs(cpu, "ICC_RPR_EL1"), "priority dropped");
        assertEquals(1 << 8, m.gicd(0, 0x304), "still active");
        m.gicd(0, 0x204, 1 << 9);
        assertTrue(cpu.irqLine, "a lower priority interrupt is taken while 40 is active");
        m.gicd(0, 0x204, 1 << 8);
        assertEquals(1 << 8 | 1 << 9, m.gicd(0, 0x204));
        assertEquals(41, m.mrs(cpu, "ICC_IAR1_EL1"), "40 is active and pending: not offered");
        m.msr(cpu, "ICC_DIR_EL1", 40);
        assertEquals(1 << 9, m.gicd(0, 0x304), "40 deactivated, 41 active");
        m.msr(cpu, "ICC_EOIR1_EL1", 41);
        m.msr(cpu, "ICC_DIR_EL1", 41);
        assertEquals(0, m.gicd(0, 0x304));
        assertEquals(40, m.mrs(cpu, "ICC_IAR1_EL1"));
    }

    /** ICC_SGI1R_EL1 from CPU 0: TargetList, Aff1, IRM (the ICC_SGI1R_EL1 field layout). */
    @Test
    void sgiFromCpu0ToCpu1() {
        GicTestMachine m = booted(false);
        Cpu cpu0 = m.cpu(0);
        Cpu cpu1 = m.cpu(1);
        m.gicr(1, 0x10100, 1 << 5); // SGI 5 enabled on CPU 1 (Group 1 from firmware)
        m.gicr(0, 0x10100, 1 << 5);
        m.msr(cpu0, "ICC_SGI1R_EL1", 5L << 24 | 0b10); // INTID 5, Aff1 0, TargetList {1}
        assertTrue(cpu1.irqLine);
        assertFalse(cpu0.irqLine);
        assertEquals(1 << 5, m.gicr(1, 0x10200));
        assertEquals(5, m.mrs(cpu1, "ICC_IAR1_EL1"));
        m.msr(cpu1, "ICC_EOIR1_EL1", 5);
        assertFalse(cpu1.irqLine);

        m.msr(cpu0, "ICC_SGI1R_EL1", 5L << 24 | 1L << 16 | 0b11); // Aff1 = 1: nobody there
        assertFalse(cpu0.irqLine || cpu1.irqLine);
        m.msr(cpu1, "ICC_SGI1R_EL1", 5L << 24 | 1L << 40); // IRM: every CPU but the sender
        assertTrue(cpu0.irqLine);
        assertFalse(cpu1.irqLine);
        m.msr(cpu1, "ICC_SGI0R_EL1", 5L << 24 | 1L << 40);
        assertEquals(1 << 5, m.gicr(0, 0x10200), "Group 0 SGIs from Non-secure state are not generated");
        assertEquals(-1, m.lastEc);
    }

    /** The i.MX 8QM's A72 pair sits at Aff1 = 1. */
    @Test
    void sgiByAffinity() {
        GicTestMachine m = booted(true);
        m.cpu(1).sysregs.setMpidr(0x80000101L);
        m.gicr(1, 0x10100, 1 << 3);
        m.msr(m.cpu(0), "ICC_SGI1R_EL1", 3L << 24 | 1L << 16 | 0b10);
        assertTrue(m.cpu(1).irqLine);
    }

    /**
     * ICC_SGI1R_EL1 at Non-secure EL1 with HCR_EL2.IMO = 1 traps to EL2 with EC 0x18 and the ISS of
     * an MSR: Op0 3 [21:20], Op2 5 [19:17], Op1 0 [16:14], CRn 12 [13:10], Rt 1 [9:5], CRm 11 [4:1],
     * Direction 0: 0x300000 | 0xA0000 | 0x3000 | 0x20 | 0x16 = 0x3A3036.
     */
    @Test
    void sgi1rTrapsToEl2WhenImoIsSet() {
        GicTestMachine m = booted(false);
        Cpu cpu = m.cpu(0);
        cpu.sysregs.hcrEl2 |= GicTestMachine.HCR_IMO;
        m.gicr(1, 0x10100, 1 << 5);
        m.msr(cpu, "ICC_SGI1R_EL1", 5L << 24 | 0b10);
        assertEquals(ExceptionClass.SYSREG, m.lastEc);
        assertEquals(0x18, m.lastEc);
        assertEquals(2, m.lastTargetEl);
        assertEquals(0x3A3036, m.lastIss);
        assertEquals(0, m.gicr(1, 0x10200), "no SGI generated");
        cpu.sysregs.hcrEl2 &= ~GicTestMachine.HCR_IMO;
        cpu.sysregs.hcrEl2 |= GicTestMachine.HCR_FMO;
        m.msr(cpu, "ICC_SGI1R_EL1", 5L << 24 | 0b10);
        assertEquals(2, m.lastTargetEl, "FMO traps it too");
        cpu.sysregs.hcrEl2 &= ~GicTestMachine.HCR_FMO;
        m.msr(cpu, "ICC_SGI1R_EL1", 5L << 24 | 0b10);
        assertEquals(-1, m.lastEc);
        assertEquals(1 << 5, m.gicr(1, 0x10200));
        cpu.el = 2;
        cpu.sysregs.hcrEl2 |= GicTestMachine.HCR_IMO;
        m.msr(cpu, "ICC_SGI1R_EL1", 5L << 24 | 0b1);
        assertEquals(-1, m.lastEc, "IMO does not apply at EL2");
    }

    @Test
    void accessRules() {
        GicTestMachine m = new GicTestMachine(1, 32, false);
        Cpu cpu = m.cpu(0);
        m.mrs(cpu, "ICC_IAR1_EL1");
        assertEquals(ExceptionClass.UNKNOWN, m.lastEc, "SRE = 0 at EL1: UNDEFINED");
        m.mrs(cpu, "ICC_SRE_EL1");
        assertEquals(2, m.lastTargetEl, "ICC_SRE_EL2.Enable = 0: traps to EL2 first");
        m.gic.initializeAsFirmware();
        m.msr(cpu, "ICC_SRE_EL1", 1);
        assertEquals(1, m.mrs(cpu, "ICC_SRE_EL1") & 1);
        assertEquals(1023, m.mrs(cpu, "ICC_IAR1_EL1"));
        m.mrs(cpu, "ICH_HCR_EL2");
        assertEquals(ExceptionClass.UNKNOWN, m.lastEc, "ICH_ registers are UNDEFINED at EL1");
        cpu.sysregs.scrEl3 |= 1L << 1; // SCR_EL3.IRQ: Group 1 registers trap to EL3
        m.mrs(cpu, "ICC_IAR1_EL1");
        assertEquals(3, m.lastTargetEl);
        m.mrs(cpu, "ICC_IAR0_EL1");
        assertEquals(-1, m.lastEc, "Group 0 registers follow SCR_EL3.FIQ");
        cpu.el = 0;
        m.mrs(cpu, "ICC_PMR_EL1");
        assertEquals(ExceptionClass.UNKNOWN, m.lastEc, "UNDEFINED at EL0");
    }

    /** Group 0 interrupts are FIQs; EL3 acknowledges them through IAR0 and reads 1021 for Non-secure Group 1. */
    @Test
    void groupZeroIsFiq() {
        GicTestMachine m = new GicTestMachine(1, 32, false);
        Cpu cpu = m.cpu(0);
        cpu.el = 3;
        m.msr(cpu, "ICC_SRE_EL3", 0xF);
        m.msr(cpu, "ICC_PMR_EL1", 0xFF);
        m.msr(cpu, "ICC_IGRPEN0_EL1", 1);
        m.msr(cpu, "ICC_IGRPEN1_EL3", 3);
        assertEquals(3, m.mrs(cpu, "ICC_IGRPEN1_EL3"));
        m.gicd(0, 0x0, 0x7);
        m.gicr(0, 0x14, 0);
        m.gicr(0, 0x10100, 0x3);
        m.gicr(0, 0x10080, 0x2); // SGI 1 Non-secure Group 1, SGI 0 Group 0
        m.gic.redistributors().write(0, 0x10000 + 0x400, 0x10, 1);
        m.gic.redistributors().write(0, 0x10000 + 0x401, 0x08, 1);
        m.gicr(0, 0x10200, 0x3);
        assertEquals(1021, m.mrs(cpu, "ICC_HPPIR0_EL1"), "SGI 1 (0x08) is the HPPI, Non-secure Group 1");
        assertTrue(cpu.fiqLine, "at EL3 every group is an FIQ");
        assertEquals(1021, m.mrs(cpu, "ICC_IAR0_EL1"));
        m.gicr(0, 0x10280, 0x2);
        assertEquals(0, m.mrs(cpu, "ICC_IAR0_EL1"));
        assertEquals(0x10, m.mrs(cpu, "ICC_RPR_EL1"));
        assertEquals(1 << 2, m.mrs(cpu, "ICC_AP0R0_EL1"), "0x10 >> 3");
        m.msr(cpu, "ICC_EOIR0_EL1", 0);
        assertEquals(0, m.gicr(0, 0x10300));
        assertFalse(cpu.fiqLine || cpu.irqLine);
    }
}
