package dev.hvlab.core.mmu;

import static dev.hvlab.core.mmu.TranslationTableBuilder.AF;
import static dev.hvlab.core.mmu.TranslationTableBuilder.AP_RO_ALL;
import static dev.hvlab.core.mmu.TranslationTableBuilder.AP_RO_EL1;
import static dev.hvlab.core.mmu.TranslationTableBuilder.AP_RW_ALL;
import static dev.hvlab.core.mmu.TranslationTableBuilder.PXN;
import static dev.hvlab.core.mmu.TranslationTableBuilder.S2AP_RO;
import static dev.hvlab.core.mmu.TranslationTableBuilder.S2AP_RW;
import static dev.hvlab.core.mmu.TranslationTableBuilder.S2_NORMAL;
import static dev.hvlab.core.mmu.TranslationTableBuilder.XN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.cpu.AccessType;
import dev.hvlab.core.mem.PhysicalMemory;
import org.junit.jupiter.api.Test;

/** Stage 1 and stage 2 walks against tables built in simulated memory (ARM ARM D5.2-D5.4). */
class TranslationWalkerTest {
    private static final long RAM = 0x4000_0000L;
    private static final long ARENA = 0x4800_0000L;

    private final PhysicalMemory memory = new PhysicalMemory();
    private final TranslationWalker walker = new TranslationWalker(memory);

    TranslationWalkerTest() {
        memory.addRam(RAM, 0x1000_0000L);
    }

    private Stage1Config el1(long ttbr0, long ttbr1, int tsz, Granule g) {
        Stage1Config c = new Stage1Config();
        c.twoRanges = true;
        c.ttbr0 = ttbr0;
        c.ttbr1 = ttbr1;
        c.t0sz = tsz;
        c.t1sz = tsz;
        c.tg0 = g;
        c.tg1 = g;
        c.outputBits = 44; // Cortex-A72 PARange
        return c;
    }

    @Test
    void fourKilobyteGranuleBlocksAndPages() {
        TranslationTableBuilder b = new TranslationTableBuilder(memory, Granule.KB4, 48, 0, ARENA, 0x10_0000);
        b.map(0x0020_0000L, 0x4020_0000L, 0x20_0000L, AF | AP_RW_ALL);  // one 2 MiB block at level 2
        b.map(0x1000_0000L, 0x4100_3000L, 0x1000, AF | AP_RW_ALL);      // a 4 KiB page at level 3
        Stage1Config c = el1(b.root(), 0, 16, Granule.KB4);

        assertTrue(walker.translate(c, null, 0x0021_2345L, AccessType.READ, false));
        assertEquals(0x4021_2345L, walker.result.pa);
        assertEquals(2, walker.result.level);
        assertEquals(21, walker.result.blockBits);

        assertTrue(walker.translate(c, null, 0x1000_0ABCL, AccessType.WRITE, true));
        assertEquals(0x4100_3ABCL, walker.result.pa);
        assertEquals(3, walker.result.level);
        assertEquals(4, walker.descriptorReads);
    }

    @Test
    void translationFaultsReportTheLevelWhereTheWalkStopped() {
        TranslationTableBuilder b = new TranslationTableBuilder(memory, Granule.KB4, 48, 0, ARENA, 0x10_0000);
        b.map(0x1000_0000L, 0x4100_0000L, 0x1000, AF | AP_RW_ALL);
        Stage1Config c = el1(b.root(), 0, 16, Granule.KB4);

        assertFalse(walker.translate(c, null, 0x1000_1000L, AccessType.READ, false)); // next page: level 3 entry empty
        assertEquals(FaultType.TRANSLATION, walker.result.fault);
        assertEquals(3, walker.result.level);
        assertEquals(0b000111, walker.result.fault.statusCode(walker.result.level));

        assertFalse(walker.translate(c, null, 0x7000_0000_0000L, AccessType.READ, false)); // empty level 0 entry
        assertEquals(0, walker.result.level);

        // Bits above T0SZ's range that are not a zero extension: level 0 translation fault without a walk.
        assertFalse(walker.translate(c, null, 0x0001_0000_0000_0000L, AccessType.READ, false));
        assertEquals(FaultType.TRANSLATION, walker.result.fault);
        assertEquals(0, walker.result.level);
        assertEquals(0, walker.descriptorReads);
    }

    @Test
    void upperRangeUsesTtbr1AndEpdDisablesWalks() {
        TranslationTableBuilder b1 = new TranslationTableBuilder(memory, Granule.KB4, 39, 1, ARENA, 0x10_0000);
        b1.map(0x7F_FFE0_0000L, 0x4040_0000L, 0x20_0000L, AF | AP_RO_EL1);
        Stage1Config c = el1(0, b1.root(), 25, Granule.KB4);
        assertTrue(walker.translate(c, null, 0xFFFF_FFFF_FFE0_1234L, AccessType.READ, false));
        assertEquals(0x4040_1234L, walker.result.pa);
        assertEquals(2, walker.descriptorReads, "a 39-bit range starts at level 1; the 2 MiB block ends the walk at level 2");
        c.epd1 = true;
        assertFalse(walker.translate(c, null, 0xFFFF_FFFF_FFE0_1234L, AccessType.READ, false));
        assertEquals(FaultType.TRANSLATION, walker.result.fault);
    }

    @Test
    void accessFlagFaultComesBeforePermission() {
        TranslationTableBuilder b = new TranslationTableBuilder(memory, Granule.KB4, 48, 0, ARENA, 0x10_0000);
        b.map(0x1000L, 0x4000_1000L, 0x1000, AP_RO_EL1); // AF clear, and no EL0 access
        Stage1Config c = el1(b.root(), 0, 16, Granule.KB4);
        assertFalse(walker.translate(c, null, 0x1000L, AccessType.WRITE, true));
        assertEquals(FaultType.ACCESS_FLAG, walker.result.fault);
        assertEquals(0b001011, walker.result.fault.statusCode(walker.result.level));
    }

    @Test
    void stage1PermissionsFollowApUxnPxnAndWxn() {
        TranslationTableBuilder b = new TranslationTableBuilder(memory, Granule.KB4, 48, 0, ARENA, 0x10_0000);
        b.map(0x1000L, 0x4000_1000L, 0x1000, AF | AP_RO_EL1);        // EL1 read-only, no EL0
        b.map(0x2000L, 0x4000_2000L, 0x1000, AF | AP_RW_ALL);        // writable at EL0
        b.map(0x3000L, 0x4000_3000L, 0x1000, AF | AP_RO_ALL | XN);   // read-only everywhere, UXN
        b.map(0x4000L, 0x4000_4000L, 0x1000, AF | AP_RO_ALL | PXN);  // PXN
        Stage1Config c = el1(b.root(), 0, 16, Granule.KB4);

        assertTrue(walker.translate(c, null, 0x1000L, AccessType.READ, false));
        assertFalse(walker.translate(c, null, 0x1000L, AccessType.READ, true));
        assertEquals(FaultType.PERMISSION, walker.result.fault);
        assertFalse(walker.translate(c, null, 0x1000L, AccessType.WRITE, false));

        assertTrue(walker.translate(c, null, 0x2000L, AccessType.WRITE, true));
        assertTrue(walker.translate(c, null, 0x2000L, AccessType.FETCH, true));
        // EL0-writable memory is never executable at EL1.
        assertFalse(walker.translate(c, null, 0x2000L, AccessType.FETCH, false));

        assertFalse(walker.translate(c, null, 0x3000L, AccessType.FETCH, true));
        assertTrue(walker.translate(c, null, 0x3000L, AccessType.FETCH, false));
        assertTrue(walker.translate(c, null, 0x4000L, AccessType.FETCH, true));
        assertFalse(walker.translate(c, null, 0x4000L, AccessType.FETCH, false));

        c.wxn = true;
        assertFalse(walker.translate(c, null, 0x2000L, AccessType.FETCH, true));
        assertTrue(walker.translate(c, null, 0x3000L, AccessType.FETCH, false));
    }

    @Test
    void sixteenAndSixtyFourKilobyteGranules() {
        TranslationTableBuilder b16 = new TranslationTableBuilder(memory, Granule.KB16, 36, Granule.KB16.startLevel(36),
                ARENA, 0x10_0000);
        b16.map(0x0200_0000L, 0x4200_0000L, 0x200_0000L, AF | AP_RW_ALL); // 32 MiB block at level 2
        b16.map(0x0400_4000L, 0x4300_8000L, 0x4000, AF | AP_RW_ALL);
        Stage1Config c = el1(b16.root(), 0, 28, Granule.KB16);
        assertTrue(walker.translate(c, null, 0x0300_0010L, AccessType.READ, false));
        assertEquals(0x4300_0010L, walker.result.pa);
        assertEquals(25, walker.result.blockBits);
        assertTrue(walker.translate(c, null, 0x0400_7FF8L, AccessType.READ, false));
        assertEquals(0x4300_BFF8L, walker.result.pa);

        TranslationTableBuilder b64 = new TranslationTableBuilder(memory, Granule.KB64, 42, Granule.KB64.startLevel(42),
                ARENA + 0x10_0000, 0x20_0000);
        b64.map(0x2000_0000L, 0x4000_0000L, 0x2000_0000L, AF | AP_RW_ALL); // 512 MiB block at level 2
        b64.map(0x1_0001_0000L, 0x4001_0000L, 0x1_0000, AF | AP_RW_ALL);
        Stage1Config c64 = el1(b64.root(), 0, 22, Granule.KB64);
        assertTrue(walker.translate(c64, null, 0x3234_5678L, AccessType.READ, false));
        assertEquals(0x5234_5678L, walker.result.pa);
        assertTrue(walker.translate(c64, null, 0x1_0001_FFFFL, AccessType.READ, false));
        assertEquals(0x4001_FFFFL, walker.result.pa);
        assertEquals(3, walker.result.level);
    }

    @Test
    void addressSizeFaultForOutputBeyondThePhysicalRange() {
        TranslationTableBuilder b = new TranslationTableBuilder(memory, Granule.KB4, 48, 0, ARENA, 0x10_0000);
        b.map(0x0L, 0x1_0000_0000L, 0x1000, AF | AP_RW_ALL);
        Stage1Config c = el1(b.root(), 0, 16, Granule.KB4);
        c.outputBits = 32;
        assertFalse(walker.translate(c, null, 0x10L, AccessType.READ, false));
        assertEquals(FaultType.ADDRESS_SIZE, walker.result.fault);
        assertEquals(3, walker.result.level);
    }

    private Stage2Config stage2(long vttbr) {
        Stage2Config s2 = new Stage2Config();
        s2.vttbr = vttbr;
        s2.t0sz = 24;   // 40-bit IPA
        s2.sl0 = 1;     // start at level 1: 10 bits there, i.e. two concatenated tables
        s2.tg0 = Granule.KB4;
        s2.outputBits = 44;
        return s2;
    }

    @Test
    void stage2WithConcatenatedStartTables() {
        TranslationTableBuilder s2b = new TranslationTableBuilder(memory, Granule.KB4, 40, 1, ARENA, 0x10_0000);
        s2b.map(0x80_0000_0000L - 0x4000_0000L, 0x4000_0000L, 0x4000_0000L, AF | S2AP_RW | S2_NORMAL);
        Stage2Config s2 = stage2(s2b.root());
        assertEquals(0, s2b.root() & 0x1FFF, "two concatenated 4 KiB tables are 8 KiB aligned");
        assertTrue(walker.stage2(s2, 0x7F_C012_3456L, AccessType.WRITE, false));
        assertEquals(0x4012_3456L, walker.result.pa);

        assertFalse(walker.stage2(s2, 0x1000L, AccessType.READ, false));
        assertEquals(FaultType.TRANSLATION, walker.result.fault);
        assertEquals(2, walker.result.stage);
        assertEquals(0x1000L, walker.result.ipa);
        assertEquals(1, walker.result.level);
    }

    @Test
    void stage2PermissionsAndXn() {
        TranslationTableBuilder s2b = new TranslationTableBuilder(memory, Granule.KB4, 40, 1, ARENA, 0x10_0000);
        s2b.map(0x4000_0000L, 0x4000_0000L, 0x1000, AF | S2AP_RO | S2_NORMAL | XN);
        Stage2Config s2 = stage2(s2b.root());
        assertTrue(walker.stage2(s2, 0x4000_0010L, AccessType.READ, false));
        assertFalse(walker.stage2(s2, 0x4000_0010L, AccessType.WRITE, false));
        assertEquals(FaultType.PERMISSION, walker.result.fault);
        assertFalse(walker.stage2(s2, 0x4000_0010L, AccessType.FETCH, false));
    }

    @Test
    void stage1WalkGoesThroughStage2AndReportsS1ptw() {
        // Stage 1 tables at IPA 0x4800_0000 (identity in stage 2), data at IPA 0x4010_0000 -> PA 0x4C00_0000.
        TranslationTableBuilder s1 = new TranslationTableBuilder(memory, Granule.KB4, 48, 0, ARENA, 0x10_0000);
        s1.map(0x1000L, 0x4010_0000L, 0x1000, AF | AP_RW_ALL);
        TranslationTableBuilder s2b = new TranslationTableBuilder(memory, Granule.KB4, 40, 1, ARENA + 0x20_0000, 0x10_0000);
        s2b.map(0x4800_0000L, 0x4800_0000L, 0x10_0000, AF | S2AP_RW | S2_NORMAL);
        s2b.map(0x4010_0000L, 0x4C00_0000L, 0x1000, AF | S2AP_RW | S2_NORMAL);
        Stage1Config c = el1(s1.root(), 0, 16, Granule.KB4);
        Stage2Config s2 = stage2(s2b.root());

        assertTrue(walker.translate(c, s2, 0x1234L, AccessType.READ, true));
        assertEquals(0x4C00_0234L, walker.result.pa);

        // Remove the stage 2 mapping of the stage 1 tables: the walk faults at stage 2 with S1PTW.
        TranslationTableBuilder bare = new TranslationTableBuilder(memory, Granule.KB4, 40, 1, ARENA + 0x40_0000, 0x10_0000);
        bare.map(0x4010_0000L, 0x4C00_0000L, 0x1000, AF | S2AP_RW | S2_NORMAL);
        assertFalse(walker.translate(c, stage2(bare.root()), 0x1234L, AccessType.READ, true));
        assertEquals(2, walker.result.stage);
        assertTrue(walker.result.s1ptw);
        assertEquals(s1.root(), walker.result.ipa & ~0xFFFL);
    }
}
