package dev.hvlab.core.gic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.mem.MmioDevice;
import org.junit.jupiter.api.Test;

/** GICR register by register (GICv3 spec 12.10, 12.11): RD_base and SGI_base frames of each CPU. */
class GicRedistributorTest {

    /** The i.MX 8QM's A72 cluster: MPIDR 0x80000100 and 0x80000101 (Aff1 = 1). */
    private static GicTestMachine a72Pair() {
        GicTestMachine m = new GicTestMachine(2, 64, true);
        m.cpu(0).sysregs.setMpidr(0x80000100L);
        m.cpu(1).sysregs.setMpidr(0x80000101L);
        return m;
    }

    @Test
    void typerAffinityProcessorNumberAndLast() {
        GicTestMachine m = a72Pair();
        MmioDevice r = m.gic.redistributors();
        // Affinity_Value [63:32] = Aff3.Aff2.Aff1.Aff0; Processor_Number [23:8]; Last [4].
        assertEquals(0x00000100_00000000L, r.read(0, 0x8, 8));
        assertEquals(0x00000101_00000110L, r.read(0, Redistributors.FRAME_SIZE + 0x8, 8));
        assertEquals(0x110, m.gicr(1, 0x8));
        assertEquals(0x101, m.gicr(1, 0xC));
        assertEquals(0x0200043B, m.gicr(0, 0x4));
        assertEquals(3, m.gicr(0, 0xFFE8) >>> 4 & 0xF, "PIDR2.ArchRev");
        assertEquals(0x93, m.gicr(0, 0xFFE0));
        assertEquals(0, m.gicr(0, 0x0), "GICR_CTLR: no LPIs");
        assertEquals(2 * 0x20000, m.gic.redistributors().size());
    }

    @Test
    void wakerHandshakeAndSleepingRedistributorForwardsNothing() {
        GicTestMachine m = a72Pair();
        Cpu cpu = m.cpu(0);
        assertEquals(0x6, m.gicr(0, 0x14), "ProcessorSleep and ChildrenAsleep at reset");
        cpu.el = 3; // set up as EL3 firmware would
        m.msr(cpu, "ICC_SRE_EL3", 0xF);
        m.msr(cpu, "ICC_IGRPEN1_EL3", 1);
        m.msr(cpu, "ICC_PMR_EL1", 0xFF);
        m.gicd(0, 0x0, 2);
        m.gicr(0, 0x10080, 1 << 27); // PPI 27 Group 1
        m.gicr(0, 0x10100, 1 << 27);
        m.gic.setPpiLevel(0, 27, true);
        assertFalse(cpu.irqLine, "asleep");
        m.gicr(0, 0x14, 0);
        assertEquals(0, m.gicr(0, 0x14), "ChildrenAsleep follows ProcessorSleep");
        assertTrue(cpu.irqLine);
        m.gicr(0, 0x14, 2);
        assertFalse(cpu.irqLine);
        assertEquals(0x6, m.gicr(0, 0x14));
    }

    @Test
    void sgiFrameRegisters() {
        GicTestMachine m = a72Pair();
        MmioDevice r = m.gic.redistributors();
        long sgi = 0x10000;
        assertEquals(0xAAAAAAAAL, m.gicr(0, 0x10C00), "ICFGR0: SGIs always edge");
        m.gicr(0, 0x10C00, 0);
        assertEquals(0xAAAAAAAAL, m.gicr(0, 0x10C00), "and read-only");
        assertEquals(0, m.gicr(0, 0x10C04), "PPIs reset level-sensitive");
        m.gicr(0, 0x10C04, 0xFFFFFFFFL);
        assertEquals(0xAAAAAAAAL, m.gicr(0, 0x10C04));
        for (int[] p : new int[][] {{0x100, 0x180}, {0x200, 0x280}, {0x300, 0x380}}) {
            m.gicr(1, 0x10000 + p[0], 0x80000001L);
            assertEquals(0x80000001L, m.gicr(1, 0x10000 + p[1]));
            m.gicr(1, 0x10000 + p[1], 1);
            assertEquals(0x80000000L, m.gicr(1, 0x10000 + p[0]));
            assertEquals(0, m.gicr(0, 0x10000 + p[0]), "the other CPU's frame is separate");
        }
        r.write(0, sgi + 0x400 + 27, 0x8F, 1);
        assertEquals(0x88, r.read(0, sgi + 0x400 + 27, 1));
        assertEquals(0x88000000L, m.gicr(0, 0x10418));
        m.gicr(0, 0x10080, 0xFFFFFFFFL);
        assertEquals(0xFFFFFFFFL, m.gicr(0, 0x10080), "IGROUPR0 (DS = 1: any access)");
        assertEquals(0, m.gicr(0, 0x10D00), "IGRPMODR0 RAZ/WI when DS = 1");
        assertEquals(0, m.gicr(0, 0x10084), "only word 0 exists");
        assertEquals(0, m.gicr(0, 0x70), "PROPBASER: no LPIs");
        assertTrue(m.gic.redistributors.warnings.warned("lpi"));
    }

    /** Timers and the PMU drive PPIs through setPpiLevel: level-sensitive by default. */
    @Test
    void ppiLevelInput() {
        GicTestMachine m = a72Pair();
        m.gic.setPpiLevel(1, 30, true);
        assertEquals(1 << 30, m.gicr(1, 0x10200));
        assertEquals(0, m.gicr(0, 0x10200));
        m.gic.setPpiLevel(1, 30, false);
        assertEquals(0, m.gicr(1, 0x10200));
    }
}
