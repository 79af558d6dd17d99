package dev.hvlab.core.gic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.mem.MmioDevice;
import org.junit.jupiter.api.Test;

/**
 * GICD register by register (GICv3 spec 12.9): reset values, the Secure and Non-secure views,
 * RAZ/WI, set/clear pairs, access sizes, IROUTER, and the CPU's interrupt line after each write.
 * CPU 0 is in Non-secure EL1 unless a test moves it to EL3 for a Secure access.
 */
class GicDistributorTest {
    private static final int SPIS = 480; // i.MX 8QuadMax

    private static GicTestMachine secureSetUp() {
        GicTestMachine m = new GicTestMachine(2, SPIS, false);
        m.cpu(0).el = 3; // Secure accesses from CPU 0
        return m;
    }

    @Test
    void identificationRegisters() {
        GicTestMachine m = new GicTestMachine(1, SPIS, false);
        // ITLinesNumber = 512 INTIDs / 32 - 1 = 15; SecurityExtn [10] = 1; IDbits [23:19] = 15 (16 bits).
        assertEquals(15 | 1 << 10 | 15 << 19, m.gicd(0, 0x4));
        assertEquals(0x0200043B, m.gicd(0, 0x8));
        assertEquals(3, m.gicd(0, 0xFFE8) >>> 4 & 0xF, "PIDR2.ArchRev: GICv3");
        assertEquals(0x92, m.gicd(0, 0xFFE0));
        assertEquals(0xB1, m.gicd(0, 0xFFFC));
        m.gicd(0, 0x4, 0); // read-only
        assertEquals(15 | 1 << 10 | 15 << 19, m.gicd(0, 0x4));

        GicTestMachine small = new GicTestMachine(1, 64, true);
        assertEquals(2, small.gicd(0, 0x4) & 0x1F, "96 INTIDs: ITLinesNumber 2");
        assertEquals(0, small.gicd(0, 0x4) & 1 << 10, "SecurityExtn RAZ when DS = 1");
    }

    /** GICD_CTLR: Secure view ARE_S [4] | ARE_NS [5] RAO; Non-secure view ARE_NS at bit [4]; DS = 1 layout. */
    @Test
    void ctlrViews() {
        GicTestMachine m = secureSetUp();
        assertEquals(0x30, m.gicd(0, 0x0));
        assertEquals(0x10, m.gicd(1, 0x0), "Non-secure view");
        m.gicd(1, 0x0, 0xFFFFFFFFL); // Non-secure: only EnableGrp1A [1] is writable
        assertEquals(0x32, m.gicd(0, 0x0));
        assertEquals(0x12, m.gicd(1, 0x0));
        m.gicd(0, 0x0, 0x7); // Secure: EnableGrp0, EnableGrp1NS, EnableGrp1S
        assertEquals(0x37, m.gicd(0, 0x0));
        m.gicd(0, 0x0, 0x0);
        assertEquals(0x30, m.gicd(0, 0x0), "ARE_S/ARE_NS are RAO/WI on the GIC-500");

        GicTestMachine ds = new GicTestMachine(1, SPIS, true);
        assertEquals(0x50, ds.gicd(0, 0x0), "ARE [4] and DS [6]");
        ds.gicd(0, 0x0, 0xFFFFFFFFL);
        assertEquals(0x53, ds.gicd(0, 0x0), "EnableGrp0, EnableGrp1; DS RAO/WI");
    }

    @Test
    void setClearPairsAndSgiPpiRangeIsRazWi() {
        GicTestMachine m = secureSetUp();
        int[][] pairs = {{0x100, 0x180}, {0x200, 0x280}, {0x300, 0x380}};
        for (int[] p : pairs) {
            m.gicd(0, p[0] + 4, 0x5);
            assertEquals(0x5, m.gicd(0, p[0] + 4), "set register reads the state");
            assertEquals(0x5, m.gicd(0, p[1] + 4), "clear register reads the same state");
            m.gicd(0, p[0] + 4, 0x8);
            assertEquals(0xD, m.gicd(0, p[0] + 4), "writing 0 bits changes nothing");
            m.gicd(0, p[1] + 4, 0x1);
            assertEquals(0xC, m.gicd(0, p[0] + 4));
            // Word 0 (SGIs, PPIs) belongs to the redistributors with affinity routing.
            m.gicd(0, p[0], 0xFFFFFFFFL);
            assertEquals(0, m.gicd(0, p[0]));
        }
        m.gicd(0, 0x80, 0xFFFFFFFFL);
        assertEquals(0, m.gicd(0, 0x80), "IGROUPR0 RAZ/WI");
        // Beyond the last implemented INTID (511): RAZ/WI.
        m.gicd(0, 0x100 + 4 * 16, 0xFFFFFFFFL);
        assertEquals(0, m.gicd(0, 0x100 + 4 * 16));
    }

    @Test
    void groupRegistersAreSecureOnly() {
        GicTestMachine m = secureSetUp();
        m.gicd(1, 0x84, 0xFFFFFFFFL); // Non-secure write: ignored
        assertEquals(0, m.gicd(0, 0x84));
        m.gicd(0, 0x84, 0x0000FFFFL); // INTIDs 32-47 Non-secure Group 1
        assertEquals(0xFFFF, m.gicd(0, 0x84));
        assertEquals(0, m.gicd(1, 0x84), "IGROUPR is RAZ to Non-secure accesses");
        m.gicd(0, 0xD04, 0xFFFF0000L); // IGRPMODR: 48-63 Secure Group 1
        assertEquals(0xFFFF0000L, m.gicd(0, 0xD04));
        assertEquals(0, m.gicd(1, 0xD04));
        // Non-secure accesses reach only Non-secure Group 1 interrupts.
        m.gicd(1, 0x104, 0xFFFFFFFFL);
        assertEquals(0xFFFF, m.gicd(0, 0x104));
        m.gicd(0, 0x104, 0xFFFFFFFFL);
        assertEquals(0xFFFF, m.gicd(1, 0x104));
        m.gicd(1, 0x184, 0xFFFFFFFFL);
        assertEquals(0xFFFF0000L, m.gicd(0, 0x184));
    }

    /** IPRIORITYR: byte and word access, 5 implemented bits, the Non-secure view (GICv3 spec 4.8.6). */
    @Test
    void priorities() {
        GicTestMachine m = secureSetUp();
        MmioDevice d = m.gic.distributor();
        d.write(0, 0x400 + 40, 0xA5, 1);
        assertEquals(0xA0, d.read(0, 0x400 + 40, 1), "bits [2:0] RAZ/WI");
        assertEquals(0xA0, m.gicd(0, 0x428), "byte 0 of the word holding INTIDs 40-43");
        m.gicd(0, 0x428, 0x11223344L);
        assertEquals(0x10203040L, m.gicd(0, 0x428));
        assertEquals(0x30, d.read(0, 0x429, 1));
        d.write(0, 0x400 + 10, 0xFF, 1);
        assertEquals(0, d.read(0, 0x400 + 10, 1), "PPI priorities live in the redistributor");

        m.gicd(0, 0x84, 1 << 8); // INTID 40 Non-secure Group 1
        d.write(1, 0x400 + 40, 0xA0, 1); // Non-secure: 0x80 | 0xA0 >> 1 = 0xD0
        assertEquals(0xD0, d.read(0, 0x400 + 40, 1));
        assertEquals(0xA0, d.read(1, 0x400 + 40, 1), "Non-secure view: (0xD0 << 1) & 0xFF");
        assertEquals(0, d.read(1, 0x400 + 41, 1), "a Secure interrupt's priority is RAZ to Non-secure");
        d.write(1, 0x400 + 41, 0xFF, 1);
        assertEquals(0x30, d.read(0, 0x400 + 41, 1), "and WI");
    }

    @Test
    void icfgrEdgeAndLevel() {
        GicTestMachine m = new GicTestMachine(1, SPIS, true);
        m.gicd(0, 0xC08, 0xFFFFFFFFL); // INTIDs 32-47: Int_config[1] set, [0] RES0
        assertEquals(0xAAAAAAAAL, m.gicd(0, 0xC08));
        m.gicd(0, 0xC08, 0x2); // only INTID 32 edge-triggered
        assertEquals(0x2, m.gicd(0, 0xC08));
        assertEquals(0, m.gicd(0, 0xC00), "ICFGR0/1 (SGIs, PPIs) RAZ/WI in the distributor");

        m.gic.setLevel(32, true);
        m.gic.setLevel(32, false);
        assertEquals(1, m.gicd(0, 0x204) & 1, "an edge latches the pending state");
        m.gic.setLevel(33, true);
        assertEquals(2, m.gicd(0, 0x204) & 2, "a level interrupt is pending while its input is high");
        m.gicd(0, 0x284, 2);
        assertEquals(2, m.gicd(0, 0x204) & 2, "ICPENDR cannot clear an asserted level interrupt");
        m.gic.setLevel(33, false);
        assertEquals(0, m.gicd(0, 0x204) & 2);
    }

    @Test
    void irouter() {
        GicTestMachine m = secureSetUp();
        MmioDevice d = m.gic.distributor();
        int off = 0x6000 + 8 * 40;
        d.write(0, off, 0x000000FF80010203L, 8);
        // IRM [31], Aff2 0x01, Aff1 0x02, Aff0 0x03 kept; Aff3 [39:32] RAZ/WI (TYPER.A3V = 0).
        assertEquals(0x80010203L, d.read(0, off, 8));
        assertEquals(0x80010203L, d.read(0, off, 4));
        assertEquals(0, d.read(0, off + 4, 4));
        d.write(0, off, 0x00000105L, 4);
        assertEquals(0x105L, d.read(0, off, 8));
        assertEquals(0, d.read(0, 0x6000 + 8 * 20, 8), "no IROUTER for PPIs");
    }

    @Test
    void reservedOffsetsAndSizesAreRazWiWithAWarning() {
        GicTestMachine m = secureSetUp();
        Distributor d = m.gic.distributor;
        m.gicd(0, 0x20, 0xFFFFFFFFL);
        assertEquals(0, m.gicd(0, 0x20));
        assertTrue(d.warnings.warned("reserved@32"));
        assertEquals(0, d.read(0, 0x0, 2));
        assertTrue(d.warnings.warned("size2@0"));
        assertEquals(0, d.read(0, 0x0, 1));
        d.write(0, 0x104, 0xFF, 1);
        assertEquals(0, m.gicd(0, 0x104), "byte writes to ISENABLER are ignored");
        assertEquals(0, m.gicd(0, 0x800), "ITARGETSR: RAZ with affinity routing");
        m.gicd(0, 0xF00, 0x0F000001L); // GICD_SGIR: legacy only
        assertEquals(0, m.gicd(0, 0xF00));
        assertFalse(d.warnings.warned("reserved@3840"));
    }

    /** Issue 8: Linux 6.1's gic_init_bases reads GICD_TYPER2, RES0 on a GICv3 without GICv4.1. */
    @Test
    void typer2IsRes0WithoutAWarning() {
        GicTestMachine m = secureSetUp();
        Distributor d = m.gic.distributor;
        assertEquals(0, m.gicd(0, 0x0C));
        m.gicd(0, 0x0C, 0xFFFFFFFFL);
        assertEquals(0, m.gicd(0, 0x0C));
        assertFalse(d.warnings.warned("reserved@12"));
    }

    /** The SPI reaches CPU 0 only with the input, enable, group enables (distributor and CPU) and priority all agreeing. */
    @Test
    void interruptLineFollowsEachWrite() {
        GicTestMachine m = new GicTestMachine(2, SPIS, false);
        m.gic.initializeAsFirmware();
        m.linuxLikeCpuSetup(0);
        Cpu cpu = m.cpu(0);
        m.gic.setLevel(40, true);
        assertFalse(cpu.irqLine, "not enabled");
        m.gicd(0, 0x104, 1 << 8);
        assertTrue(cpu.irqLine, "enabled, routed to 0.0.0.0 by IROUTER's reset value");
        m.gicd(0, 0x184, 1 << 8);
        assertFalse(cpu.irqLine, "ICENABLER");
        m.gicd(0, 0x104, 1 << 8);
        assertTrue(cpu.irqLine);
        m.gicd(0, 0x0, 0);
        assertFalse(cpu.irqLine, "EnableGrp1A cleared");
        m.gicd(0, 0x0, 2);
        assertTrue(cpu.irqLine);
        m.gic.distributor().write(0, 0x6000 + 8 * 40, 1, 8);
        assertFalse(cpu.irqLine, "routed to 0.0.0.1");
        assertTrue(m.cpu(1).irqLine == false, "CPU 1 has not enabled Group 1");
        m.linuxLikeCpuSetup(1);
        assertTrue(m.cpu(1).irqLine);
        m.gic.distributor().write(0, 0x6000 + 8 * 40, 1L << 31, 8);
        assertTrue(cpu.irqLine && m.cpu(1).irqLine, "IRM = 1: offered to every participating CPU");
        assertEquals(40, m.mrs(cpu, "ICC_IAR1_EL1"));
        assertFalse(cpu.irqLine || m.cpu(1).irqLine, "acknowledged by CPU 0: active, no longer offered");
        assertEquals(1023, m.mrs(m.cpu(1), "ICC_IAR1_EL1"));
        m.gic.setLevel(40, false);
        m.gicd(0, 0x284, 1 << 8);
        m.gicd(0, 0x204, 1 << 8); // ISPENDR of an active interrupt: active and pending
        assertFalse(cpu.irqLine);
        m.gicd(0, 0x384, 1 << 8); // ICACTIVER: pending only, but CPU 0 still runs at its priority
        assertFalse(cpu.irqLine);
        m.msr(cpu, "ICC_EOIR1_EL1", 40); // priority drop
        assertTrue(cpu.irqLine);
        m.gicd(0, 0x284, 1 << 8);
        assertFalse(cpu.irqLine);
    }
}
