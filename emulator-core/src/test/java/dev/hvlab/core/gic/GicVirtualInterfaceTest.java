package dev.hvlab.core.gic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import org.junit.jupiter.api.Test;

/**
 * The virtual CPU interface: a hypervisor at EL2 fills list registers through ICH_*_EL2, a guest
 * at Non-secure EL1 with HCR_EL2.IMO/FMO set acknowledges and ends virtual interrupts through the
 * ICC_* encodings (the ICV_* behaviour). Field layouts from the ICH_LR<n>_EL2, ICH_HCR_EL2,
 * ICH_VMCR_EL2 and ICH_MISR_EL2 descriptions: LR State [63:62] (1 pending, 2 active), HW [61],
 * Group [60], Priority [55:48], pINTID [41:32] (EOI [41] when HW = 0), vINTID [31:0].
 */
class GicVirtualInterfaceTest {
    private static final long PENDING = 1L << 62;
    private static final long GROUP1 = 1L << 60;
    private static final long HW = 1L << 61;
    private static final long EOI = 1L << 41;
    private static final long EN = 1;
    private static final long UIE = 1 << 1;
    private static final long LRENPIE = 1 << 2;
    private static final long TC = 1 << 10;
    private static final long TALL1 = 1 << 12;
    private static final long TDIR = 1 << 14;
    /** ICH_VMCR_EL2: VPMR 0xF0 [31:24], VENG1 [1]. */
    private static final long VMCR_GUEST = 0xF0L << 24 | 2;

    private static long lr(long state, int priority, int vintid) {
        return state | GROUP1 | (long) priority << 48 | vintid;
    }

    private final GicTestMachine m = new GicTestMachine(1, 64, false);
    private final Cpu cpu = m.cpu(0);

    GicVirtualInterfaceTest() {
        m.gic.initializeAsFirmware();
        m.linuxLikeCpuSetup(0); // the hypervisor's own physical set-up
    }

    private void atEl2() {
        cpu.el = 2;
    }

    /** The guest: Non-secure EL1 with IMO and FMO set. */
    private void inGuest() {
        cpu.el = 1;
        cpu.sysregs.hcrEl2 |= GicTestMachine.HCR_IMO | GicTestMachine.HCR_FMO;
    }

    @Test
    void resetAndIdentification() {
        atEl2();
        // ListRegs 3, TDS [19], IDbits 0 (16 bits), PREbits 4 and PRIbits 4 (5 bits each).
        assertEquals(0x90080003L, m.mrs(cpu, "ICH_VTR_EL2"));
        assertEquals(0xF, m.mrs(cpu, "ICH_ELRSR_EL2"), "every list register free");
        assertEquals(0, m.mrs(cpu, "ICH_MISR_EL2"));
        m.msr(cpu, "ICH_VMCR_EL2", 0xFFFFFFFFL);
        // VPMR 0xF8 (5 bits), VBPR0 7, VBPR1 7, VEOIM, VCBPR, VFIQEn RES1, VAckCtl RES0, VENG1, VENG0.
        assertEquals(0xF8FC021BL, m.mrs(cpu, "ICH_VMCR_EL2"));
        m.msr(cpu, "ICH_VMCR_EL2", 0);
        assertEquals(2L << 21 | 3L << 18 | 8, m.mrs(cpu, "ICH_VMCR_EL2"), "VBPR0/VBPR1 at their minimum");
        m.msr(cpu, "ICH_LR3_EL2", -1L);
        assertEquals(0xFFFFL | 0x3FFL << 32 | 0xF8L << 48 | 0xFL << 60, m.mrs(cpu, "ICH_LR3_EL2"));
        assertEquals(-1, m.lastEc);
    }

    @Test
    void virtualInterruptAcknowledgedThroughIcvIar1() {
        atEl2();
        m.msr(cpu, "ICH_VMCR_EL2", VMCR_GUEST);
        m.msr(cpu, "ICH_LR0_EL2", lr(PENDING, 0xA0, 27));
        assertFalse(cpu.virqLine, "ICH_HCR_EL2.En = 0");
        m.msr(cpu, "ICH_HCR_EL2", EN);
        assertTrue(cpu.virqLine);
        assertFalse(cpu.vfiqLine || cpu.irqLine);
        assertEquals(0xE, m.mrs(cpu, "ICH_ELRSR_EL2"));

        inGuest();
        assertEquals(27, m.mrs(cpu, "ICC_HPPIR1_EL1"));
        assertEquals(0xFF, m.mrs(cpu, "ICC_RPR_EL1"));
        assertEquals(27, m.mrs(cpu, "ICC_IAR1_EL1"));
        assertFalse(cpu.virqLine);
        assertEquals(0xA0, m.mrs(cpu, "ICC_RPR_EL1"), "the virtual running priority");
        assertEquals(1023, m.mrs(cpu, "ICC_IAR1_EL1"));
        assertEquals(0xF0, m.mrs(cpu, "ICC_PMR_EL1"), "ICV_PMR_EL1 is ICH_VMCR_EL2.VPMR");

        atEl2();
        assertEquals(2, m.mrs(cpu, "ICH_LR0_EL2") >>> 62, "active");
        assertEquals(1L << (0xA0 >> 3), m.mrs(cpu, "ICH_AP1R0_EL2"));
        assertEquals(1023, m.mrs(cpu, "ICC_IAR1_EL1"), "EL2 sees the physical interface");

        inGuest();
        m.msr(cpu, "ICC_EOIR1_EL1", 27);
        atEl2();
        assertEquals(0, m.mrs(cpu, "ICH_LR0_EL2") >>> 62, "invalid");
        assertEquals(0, m.mrs(cpu, "ICH_AP1R0_EL2"));
        assertEquals(0xF, m.mrs(cpu, "ICH_ELRSR_EL2"));
        assertEquals(0, m.mrs(cpu, "ICH_HCR_EL2") >>> 27, "EOIcount: the EOI matched");
        assertEquals(-1, m.lastEc);
    }

    /**
     * A hypervisor re-arms an SGI the guest is still handling (State 0b11, active and pending, HW
     * = 0): the entry is not offered again while active; the guest's EOI leaves it pending, and it
     * is then signalled and acknowledged once more.
     */
    @Test
    void activeAndPendingEntryIsTakenAgainAfterTheEoi() {
        atEl2();
        m.msr(cpu, "ICH_VMCR_EL2", VMCR_GUEST);
        m.msr(cpu, "ICH_HCR_EL2", EN);
        m.msr(cpu, "ICH_LR0_EL2", lr(PENDING, 0, 1));
        inGuest();
        assertEquals(1, m.mrs(cpu, "ICC_IAR1_EL1"));
        atEl2();
        m.msr(cpu, "ICH_LR0_EL2", m.mrs(cpu, "ICH_LR0_EL2") | PENDING);
        assertEquals(3, m.mrs(cpu, "ICH_LR0_EL2") >>> 62, "active and pending");
        assertEquals(0xE, m.mrs(cpu, "ICH_ELRSR_EL2"));
        assertFalse(cpu.virqLine, "an active interrupt is not signalled again");

        inGuest();
        assertEquals(1023, m.mrs(cpu, "ICC_IAR1_EL1"));
        m.msr(cpu, "ICC_EOIR1_EL1", 1);
        assertTrue(cpu.virqLine, "pending again once deactivated");
        assertEquals(1, m.mrs(cpu, "ICC_IAR1_EL1"));
        m.msr(cpu, "ICC_EOIR1_EL1", 1);
        assertFalse(cpu.virqLine);
        atEl2();
        assertEquals(0, m.mrs(cpu, "ICH_LR0_EL2") >>> 62, "invalid");
        assertEquals(0, m.mrs(cpu, "ICH_HCR_EL2") >>> 27, "EOIcount: both EOIs matched");
        assertEquals(-1, m.lastEc);
    }

    /**
     * KVM's forwarded interrupt: the hypervisor acknowledges physical SPI 48 with EOImode = 1 and
     * drops its priority, leaving it active; the guest's EOI of the HW = 1 entry deactivates it.
     */
    @Test
    void eoiOfHwEntryDeactivatesThePhysicalInterrupt() {
        atEl2();
        m.msr(cpu, "ICC_CTLR_EL1", 2); // EOImode 1
        m.gicd(0, 0x104, 1 << 16);
        m.gicd(0, 0x204, 1 << 16);
        assertTrue(cpu.irqLine);
        assertEquals(48, m.mrs(cpu, "ICC_IAR1_EL1"));
        m.msr(cpu, "ICC_EOIR1_EL1", 48);
        assertEquals(1 << 16, m.gicd(0, 0x304), "still active after the priority drop");
        m.msr(cpu, "ICH_VMCR_EL2", VMCR_GUEST);
        m.msr(cpu, "ICH_LR0_EL2", lr(PENDING | HW, 0xA0, 48) | 48L << 32);
        m.msr(cpu, "ICH_HCR_EL2", EN);
        m.gicd(0, 0x204, 1 << 16); // it fires again while the guest handles it: held back by the active state
        assertFalse(cpu.irqLine);

        inGuest();
        assertEquals(48, m.mrs(cpu, "ICC_IAR1_EL1"));
        m.msr(cpu, "ICC_EOIR1_EL1", 48);
        assertEquals(0, m.gicd(0, 0x304), "the physical interrupt is deactivated");
        assertTrue(cpu.irqLine, "and its pending occurrence is now offered to the hypervisor");
        atEl2();
        assertEquals(0, m.mrs(cpu, "ICH_LR0_EL2") >>> 62);
        assertEquals(0, m.mrs(cpu, "ICH_HCR_EL2") >>> 27);
    }

    /** VEOIM = 1 (ICV_CTLR_EL1.EOImode): EOIR drops the virtual priority, DIR deactivates; TDIR traps DIR. */
    @Test
    void virtualEoiModeSplitAndDirTrap() {
        atEl2();
        m.msr(cpu, "ICH_VMCR_EL2", VMCR_GUEST);
        m.msr(cpu, "ICH_LR1_EL2", lr(PENDING, 0x80, 33));
        m.msr(cpu, "ICH_HCR_EL2", EN);
        inGuest();
        m.msr(cpu, "ICC_CTLR_EL1", 2);
        assertEquals(2, m.mrs(cpu, "ICC_CTLR_EL1") & 3);
        assertEquals(33, m.mrs(cpu, "ICC_IAR1_EL1"));
        m.msr(cpu, "ICC_EOIR1_EL1", 33);
        assertEquals(0xFF, m.mrs(cpu, "ICC_RPR_EL1"));
        atEl2();
        assertEquals(1L << 9 | 8 | 2 | 0xF0L << 24 | 2L << 21 | 3L << 18, m.mrs(cpu, "ICH_VMCR_EL2"), "VEOIM [9]");
        assertEquals(2, m.mrs(cpu, "ICH_LR1_EL2") >>> 62, "still active");
        m.msr(cpu, "ICH_HCR_EL2", EN | TDIR);
        inGuest();
        m.msr(cpu, "ICC_DIR_EL1", 33);
        assertEquals(ExceptionClass.SYSREG, m.lastEc);
        assertEquals(2, m.lastTargetEl);
        atEl2();
        m.msr(cpu, "ICH_HCR_EL2", EN);
        inGuest();
        m.msr(cpu, "ICC_DIR_EL1", 33);
        assertEquals(-1, m.lastEc);
        atEl2();
        assertEquals(0, m.mrs(cpu, "ICH_LR1_EL2") >>> 62);
    }

    /** ICH_HCR_EL2.UIE: the maintenance interrupt (PPI 25) fires when at most one entry is valid. */
    @Test
    void maintenanceInterruptOnUnderflow() {
        m.gicr(0, 0x10100, 1 << 25); // the hypervisor enables its maintenance PPI
        atEl2();
        m.msr(cpu, "ICH_VMCR_EL2", VMCR_GUEST);
        m.msr(cpu, "ICH_LR0_EL2", lr(PENDING, 0xA0, 40));
        m.msr(cpu, "ICH_LR1_EL2", lr(PENDING, 0xA0, 41));
        m.msr(cpu, "ICH_HCR_EL2", EN | UIE);
        assertEquals(0, m.mrs(cpu, "ICH_MISR_EL2"), "two valid entries");
        assertEquals(0, m.gicr(0, 0x10200) & 1 << 25);
        inGuest();
        assertEquals(40, m.mrs(cpu, "ICC_IAR1_EL1"));
        assertFalse(cpu.irqLine, "an active entry is still valid");
        m.msr(cpu, "ICC_EOIR1_EL1", 40);
        assertEquals(1 << 25, m.gicr(0, 0x10200) & 1 << 25, "PPI 25 pending");
        assertTrue(cpu.irqLine, "a physical IRQ for the hypervisor");
        assertTrue(cpu.virqLine, "the guest's other interrupt is still offered");
        atEl2();
        assertEquals(2, m.mrs(cpu, "ICH_MISR_EL2"), "U [1]");
        assertEquals(25, m.mrs(cpu, "ICC_IAR1_EL1"));
        m.msr(cpu, "ICH_HCR_EL2", EN); // refilled or not, UIE off: the level input falls
        m.msr(cpu, "ICC_EOIR1_EL1", 25);
        m.msr(cpu, "ICC_DIR_EL1", 25);
        assertEquals(0, m.gicr(0, 0x10200) & 1 << 25);
        assertFalse(cpu.irqLine);
    }

    /** An entry with EOI = 1 asks for maintenance when deactivated; an EOI that matches no entry counts in EOIcount. */
    @Test
    void eoiMaintenanceAndEoiCount() {
        atEl2();
        m.msr(cpu, "ICH_VMCR_EL2", VMCR_GUEST);
        m.msr(cpu, "ICH_LR0_EL2", lr(PENDING, 0xA0, 50) | EOI);
        m.msr(cpu, "ICH_LR1_EL2", lr(PENDING, 0x90, 51));
        m.msr(cpu, "ICH_HCR_EL2", EN | LRENPIE);
        inGuest();
        assertEquals(51, m.mrs(cpu, "ICC_IAR1_EL1"));
        assertEquals(1023, m.mrs(cpu, "ICC_IAR1_EL1"), "0xA0 does not preempt 0x90");
        m.msr(cpu, "ICC_EOIR1_EL1", 51);
        assertEquals(50, m.mrs(cpu, "ICC_IAR1_EL1"));
        atEl2();
        m.msr(cpu, "ICH_LR0_EL2", 0); // the hypervisor evicts the active entry
        inGuest();
        m.msr(cpu, "ICC_EOIR1_EL1", 50);
        atEl2();
        assertEquals(1, m.mrs(cpu, "ICH_HCR_EL2") >>> 27 & 0x1F, "EOIcount");
        assertEquals(4, m.mrs(cpu, "ICH_MISR_EL2"), "LRENP [2]");

        m.msr(cpu, "ICH_HCR_EL2", EN);
        m.msr(cpu, "ICH_LR2_EL2", lr(PENDING, 0xA0, 52) | EOI);
        inGuest();
        assertEquals(52, m.mrs(cpu, "ICC_IAR1_EL1"));
        m.msr(cpu, "ICC_EOIR1_EL1", 52);
        atEl2();
        assertEquals(1 << 2, m.mrs(cpu, "ICH_EISR_EL2"));
        assertEquals(1, m.mrs(cpu, "ICH_MISR_EL2"), "EOI [0]");
        assertEquals(0xB, m.mrs(cpu, "ICH_ELRSR_EL2"), "an entry awaiting its EOI maintenance is not free");
        assertEquals(1 << 25, m.gicr(0, 0x10200) & 1 << 25);
    }

    @Test
    void groupZeroEntryIsAVirtualFiq() {
        atEl2();
        m.msr(cpu, "ICH_VMCR_EL2", VMCR_GUEST | 1);
        m.msr(cpu, "ICH_LR0_EL2", PENDING | 0x40L << 48 | 7);
        m.msr(cpu, "ICH_HCR_EL2", EN);
        assertTrue(cpu.vfiqLine);
        assertFalse(cpu.virqLine);
        inGuest();
        assertEquals(1023, m.mrs(cpu, "ICC_IAR1_EL1"));
        assertEquals(7, m.mrs(cpu, "ICC_IAR0_EL1"));
        assertFalse(cpu.vfiqLine);
        assertEquals(1L << 8, m.mrs(cpu, "ICC_AP0R0_EL1"), "ICV_AP0R0_EL1: 0x40 >> 3");
    }

    @Test
    void ichTrapsOfGuestAccesses() {
        atEl2();
        m.msr(cpu, "ICH_HCR_EL2", TALL1);
        inGuest();
        m.mrs(cpu, "ICC_IAR1_EL1");
        assertEquals(2, m.lastTargetEl, "TALL1");
        m.mrs(cpu, "ICC_IAR0_EL1");
        assertEquals(-1, m.lastEc, "Group 0 is TALL0's");
        atEl2();
        m.msr(cpu, "ICH_HCR_EL2", TC);
        inGuest();
        m.msr(cpu, "ICC_PMR_EL1", 0);
        assertEquals(2, m.lastTargetEl, "TC: common registers");
        m.mrs(cpu, "ICC_IAR1_EL1");
        assertEquals(-1, m.lastEc);
    }
}
