package dev.hvlab.core.exception;

import static dev.hvlab.core.exception.SystemHarness.RAM;
import static dev.hvlab.core.mmu.TranslationTableBuilder.AF;
import static dev.hvlab.core.mmu.TranslationTableBuilder.AP_RO_ALL;
import static dev.hvlab.core.mmu.TranslationTableBuilder.AP_RW_ALL;
import static dev.hvlab.core.mmu.TranslationTableBuilder.S2AP_RW;
import static dev.hvlab.core.mmu.TranslationTableBuilder.S2_NORMAL;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hvlab.core.asm.Assembler;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.mmu.Granule;
import dev.hvlab.core.mmu.TranslationTableBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stage 1 and stage 2 translation in the running system: aborts reported with the syndrome,
 * FAR and HPFAR a Cortex-A72 gives (ARM ARM D5, D17.2.37), TLB maintenance and AT.
 */
class MmuSystemTest {
    private static final long CODE = RAM + 0x1000;
    private static final long DATA = RAM + 0x8000;
    private static final long VBAR1 = RAM + 0x10000;
    private static final long VBAR2 = RAM + 0x20000;
    private static final long TABLES = RAM + 0x40_0000;
    /** TCR_EL1: T0SZ = 16 (48-bit VAs), 4 KiB granule, IPS = 44 bits, EPD1 (no upper range). */
    private static final long TCR = 16 | 1L << 23 | 4L << 32;
    private final SystemHarness h = new SystemHarness();
    private final Cpu cpu = h.cpu;
    private TranslationTableBuilder tables;

    @BeforeEach
    void el1WithMmuOn() {
        cpu.sysregs.scrEl3 = 1 | 1 << 8 | 1 << 10 | 0x30;
        cpu.sysregs.hcrEl2 = 1L << 31;
        cpu.sysregs.vbar[1] = VBAR1;
        cpu.sysregs.vbar[2] = VBAR2;
        h.nopVectors(VBAR1);
        h.nopVectors(VBAR2);
        tables = new TranslationTableBuilder(h.memory, Granule.KB4, 48, 0, TABLES, 0x10_0000);
        // Identity map: code and vectors read-only for EL1 and EL0 (so both may execute them: memory
        // writable at EL0 is never executable at EL1), one data page writable by both.
        tables.map(RAM, RAM, DATA - RAM, AF | AP_RO_ALL);
        tables.map(DATA, DATA, 0x1000, AF | AP_RW_ALL);
        tables.map(DATA + 0x1000, DATA + 0x1000, RAM + 0x20_0000 - DATA - 0x1000, AF | AP_RO_ALL);
        cpu.sysregs.tcr[1] = TCR;
        cpu.sysregs.ttbr0El1 = tables.root();
        cpu.sysregs.sctlrEl1 |= 1; // M
        cpu.el = 1;
        cpu.spSel = 1;
        cpu.switchTlb(1);
        cpu.flushTlb();
    }

    @Test
    void el1LoadFromAnUnmappedAddressIsADataAbortAtTheSameEl() {
        cpu.x[1] = 0x1_7000_0000L;
        h.load(new Assembler(CODE).ldr(0, 1, 8));
        h.run(CODE, 1);
        assertEquals(VBAR1 + 0x200, cpu.pc);
        assertEquals(0x25L << 26 | 1L << 25 | 0b000101, cpu.sysregs.esr[1], "translation fault, level 1");
        assertEquals(0x1_7000_0008L, cpu.sysregs.far[1]);
        assertEquals(CODE, cpu.sysregs.elr[1]);
    }

    @Test
    void sctlrAMakesAnUnalignedLoadAnAlignmentFaultAndLeavesAlignedOnesAlone() {
        cpu.sysregs.sctlrEl1 |= 1 << 1; // A
        cpu.flushTlb();
        cpu.x[1] = DATA + 4;
        h.load(new Assembler(CODE).ldrw(2, 1, 0));
        h.run(CODE, 1);
        assertEquals(CODE + 4, cpu.pc, "a 4-byte load at a 4-aligned address goes through");
        h.load(new Assembler(CODE).ldr(0, 1, 0));
        h.run(CODE, 1);
        assertEquals(VBAR1 + 0x200, cpu.pc);
        assertEquals(0x25L << 26 | 1L << 25 | 0b100001, cpu.sysregs.esr[1], "alignment fault");
        assertEquals(DATA + 4, cpu.sysregs.far[1]);
    }

    @Test
    void withoutSctlrAUnalignedStoresSucceedEvenAfterTheTlbCachedThePage() {
        cpu.x[1] = DATA + 4;
        cpu.x[0] = 0x1122334455667788L;
        h.load(new Assembler(CODE).str(0, 1, 0));
        h.run(CODE, 1);
        assertEquals(CODE + 4, cpu.pc);
        assertEquals(0x1122334455667788L, cpu.read64(DATA + 4));
    }

    /**
     * Two address spaces (ASIDs 1 and 2) map the same VA to different pages. Switching TTBR0_EL1
     * selects each one's translations; switching back reuses the cached ones (an entry of ASID 1
     * survives a change of its table made without TLB maintenance, as in a tagged TLB), and only
     * TLBI makes the new mapping visible.
     */
    @Test
    void translationsAreTaggedByAsidAndSurviveContextSwitchesUntilTlbi() {
        TranslationTableBuilder other = new TranslationTableBuilder(h.memory, Granule.KB4, 48, 0, TABLES + 0x10_0000,
                0x10_0000);
        other.map(RAM, RAM, DATA - RAM, AF | AP_RO_ALL);
        other.map(DATA, DATA + 0x1000, 0x1000, AF | AP_RW_ALL);
        long asid1 = tables.root() | 1L << 48;
        long asid2 = other.root() | 2L << 48;
        h.word(DATA, 0x11);
        h.word(DATA + 0x1000, 0x22);
        h.word(DATA + 0x2000, 0x33);
        cpu.sysregs.ttbr0El1 = asid1;
        cpu.flushTlb();
        int ttbr0 = SystemHarness.reg("TTBR0_EL1");
        cpu.x[1] = DATA;
        cpu.x[2] = asid2;
        cpu.x[4] = asid1;
        h.load(new Assembler(CODE).ldr(0, 1, 0).msr(ttbr0, 2).isb().ldr(3, 1, 0).msr(ttbr0, 4).isb().ldr(5, 1, 0));
        h.run(CODE, 7);
        assertEquals(0x11, cpu.x[0], "ASID 1");
        assertEquals(0x22, cpu.x[3], "ASID 2: another page at the same VA");
        assertEquals(0x11, cpu.x[5], "back to ASID 1");

        tables.map(DATA, DATA + 0x2000, 0x1000, AF | AP_RW_ALL); // no TLBI yet
        h.load(new Assembler(CODE).msr(ttbr0, 2).isb().msr(ttbr0, 4).isb().ldr(5, 1, 0)
                .emit("SYS", "op1", 0, "crn", 8, "crm", 7, "op2", 0, "rt", 31) // TLBI VMALLE1
                .dsb().isb().ldr(6, 1, 0));
        h.run(CODE, 10);
        assertEquals(0x11, cpu.x[5], "ASID 1's cached translation outlived the switch to ASID 2 and back");
        assertEquals(0x33, cpu.x[6], "TLBI VMALLE1 made the new mapping visible");
    }

    /** LDTR at EL1 is checked against EL0's permissions, and its fault is an EL1 one (EC 0x25). */
    @Test
    void ldtrAtEl1UsesEl0PermissionsAndFaultsAsEl1() {
        tables.map(DATA + 0x1000, DATA + 0x1000, 0x1000, AF | TranslationTableBuilder.AP_RO_EL1); // EL1 only
        cpu.flushTlb();
        h.word(DATA, 0x5a);
        cpu.x[1] = DATA;
        cpu.x[2] = DATA + 0x1000;
        h.load(new Assembler(CODE)
                .emit("LDST_unpriv", "size", 3, "opc", 1, "imm9", 0, "rn", 1, "rt", 0)   // LDTR X0, [X1]
                .ldr(3, 2, 0)                                                            // LDR X3, [X2]
                .emit("LDST_unpriv", "size", 3, "opc", 1, "imm9", 0, "rn", 2, "rt", 4)); // LDTR X4, [X2]
        h.run(CODE, 3);
        assertEquals(0x5a, cpu.x[0], "LDTR of an EL0-readable page");
        assertEquals(1, cpu.el);
        assertEquals(VBAR1 + 0x200, cpu.pc, "LDTR of an EL1-only page: a data abort from the current EL");
        assertEquals(0x25L << 26 | 1L << 25 | 0b001111, cpu.sysregs.esr[1], "permission fault, level 3");
        assertEquals(DATA + 0x1000, cpu.sysregs.far[1]);
        assertEquals(CODE + 8, cpu.sysregs.elr[1]);
    }

    /** CheckSPAlignment: SCTLR_EL1.SA for EL1, SA0 for EL0; only SP-based accesses are checked. */
    @Test
    void spAlignmentFaultWhenSaIsSetAndSpIsNotSixteenByteAligned() {
        cpu.sysregs.sctlrEl1 &= ~(1L << 3); // SA (set at reset)
        cpu.flushTlb();
        cpu.x[Cpu.SP] = DATA + 8;
        cpu.x[1] = DATA + 8;
        h.load(new Assembler(CODE).ldr(2, 1, 0).ldr(0, 31, 0));
        h.run(CODE, 2);
        assertEquals(CODE + 8, cpu.pc, "SA clear: no check");
        cpu.sysregs.sctlrEl1 |= 1 << 3; // SA
        cpu.flushTlb();
        h.run(CODE, 2);
        assertEquals(VBAR1 + 0x200, cpu.pc, "LDR X2, [X1] passes; LDR X0, [SP] faults");
        assertEquals(0x26L << 26 | 1L << 25, cpu.sysregs.esr[1], "SP alignment fault, ISS 0");
        assertEquals(CODE + 4, cpu.sysregs.elr[1]);
        cpu.x[Cpu.SP] = DATA + 16;
        h.run(CODE, 2);
        assertEquals(CODE + 8, cpu.pc, "a 16-byte aligned SP passes");
    }

    @Test
    void el0StoreIsADataAbortFromALowerElWithWnR() {
        cpu.el = 0;
        cpu.spSel = 0;
        cpu.switchTlb(0);
        cpu.x[1] = 0x1_1234_5000L;
        h.load(new Assembler(CODE).str(0, 1, 0));
        h.run(CODE, 1);
        assertEquals(1, cpu.el);
        assertEquals(VBAR1 + 0x400, cpu.pc);
        assertEquals(0x24L << 26 | 1L << 25 | 1 << 6 | 0b000101, cpu.sysregs.esr[1]);
        assertEquals(0x1_1234_5000L, cpu.sysregs.far[1]);
    }

    @Test
    void fetchFromAnUnmappedPageIsAnInstructionAbort() {
        h.run(0x1_0000_0000L, 1);
        assertEquals(VBAR1 + 0x200, cpu.pc);
        assertEquals(0x21L << 26 | 1L << 25 | 0b000101, cpu.sysregs.esr[1]);
        assertEquals(0x1_0000_0000L, cpu.sysregs.far[1]);
    }

    @Test
    void tlbMaintenanceMakesANewMappingVisible() {
        long va = 0x10_0000_0000L;
        TranslationTableBuilder t2 = new TranslationTableBuilder(h.memory, Granule.KB4, 48, 0, TABLES + 0x10_0000, 0x10_0000);
        t2.map(RAM, RAM, 0x20_0000, AF | AP_RO_ALL);
        t2.map(va, DATA, 0x1000, AF | AP_RW_ALL);
        h.memory.write(DATA, new byte[] {42}, 0, 1);
        cpu.x[1] = va;
        // Change TTBR0 behind the CPU's back (as a page-table edit would), then TLBI VMALLE1 + DSB + ISB.
        h.load(new Assembler(CODE).emit("SYS", "op1", 0, "crn", 8, "crm", 7, "op2", 0, "rt", 31).dsb().isb()
                .ldrb(0, 1, 0));
        cpu.sysregs.ttbr0El1 = t2.root();
        h.run(CODE, 4);
        assertEquals(42, cpu.x[0]);
        assertEquals(CODE + 16, cpu.pc);
    }

    @Test
    void atS1e1rWritesParEl1() {
        cpu.x[1] = DATA + 0x123;
        cpu.x[2] = 0x1_7000_0000L;
        h.load(new Assembler(CODE)
                .emit("SYS", "op1", 0, "crn", 7, "crm", 8, "op2", 0, "rt", 1)   // at s1e1r, x1
                .mrs(3, SystemHarness.reg("PAR_EL1"))
                .emit("SYS", "op1", 0, "crn", 7, "crm", 8, "op2", 0, "rt", 2)   // at s1e1r, x2
                .mrs(4, SystemHarness.reg("PAR_EL1")));
        h.run(CODE, 4);
        assertEquals(DATA & ~0xFFFL, cpu.x[3] & 0x0000_FFFF_FFFF_F000L);
        assertEquals(0, cpu.x[3] & 1, "F = 0");
        assertEquals(1 | 0b000101 << 1 | 1 << 11, cpu.x[4], "F = 1, FST = translation fault level 1");
    }

    @Test
    void stage2FaultGoesToEl2WithHpfarAndTheInstructionSyndrome() {
        // Stage 1 off at EL1, stage 2 maps only the code and vectors: a load elsewhere faults at stage 2.
        cpu.sysregs.sctlrEl1 &= ~1L;
        TranslationTableBuilder s2 = new TranslationTableBuilder(h.memory, Granule.KB4, 40, 1, TABLES + 0x20_0000, 0x10_0000);
        s2.map(RAM, RAM, 0x10_0000, AF | S2AP_RW | S2_NORMAL);
        cpu.sysregs.vttbrEl2 = s2.root();
        cpu.sysregs.vtcrEl2 = 24 | 1 << 6 | 4L << 16; // T0SZ 24, SL0 = 1 (level 1), PS 44 bits
        cpu.sysregs.hcrEl2 |= 1; // VM
        cpu.flushTlb();
        cpu.x[7] = 0x5A06_0000L; // an IPA with nothing behind it in stage 2 (as an emulated UART would be)
        h.load(new Assembler(CODE).ldrw(9, 7, 0x10));
        h.run(CODE, 1);
        assertEquals(2, cpu.el);
        assertEquals(VBAR2 + 0x400, cpu.pc);
        long esr = cpu.sysregs.esr[2];
        assertEquals(0x24, esr >>> 26);
        assertEquals(1, (esr >>> 24) & 1, "ISV");
        assertEquals(2, (esr >>> 22) & 3, "SAS = word");
        assertEquals(9, (esr >>> 16) & 31, "SRT = w9");
        assertEquals(0, (esr >>> 15) & 1, "SF = 0 for a W register");
        assertEquals(0, (esr >>> 6) & 1, "a read");
        assertEquals(0b000110, esr & 0x3F, "stage 2 translation fault, level 2 (the RAM mapping shares its level 1 entry)");
        assertEquals(0x5A06_0010L, cpu.sysregs.far[2]);
        assertEquals(0x5A06_0010L >>> 12 << 4, cpu.sysregs.hpfarEl2);
    }
}
