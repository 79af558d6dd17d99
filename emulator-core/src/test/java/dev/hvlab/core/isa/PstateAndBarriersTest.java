package dev.hvlab.core.isa;

import static dev.hvlab.core.isa.Harness.BASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.sysreg.SystemRegisterFile;
import org.junit.jupiter.api.Test;

/** Words from aarch64-linux-gnu-as. */
class PstateAndBarriersTest {
    private static final int DAIFSET_F = 0xd5034fdf;
    private static final int DAIFCLR_2 = 0xd50342ff;
    private static final int SPSEL_0 = 0xd50040bf;
    private static final int MSR_PAN_1 = 0xd500419f; // ARMv8.1: unallocated on v8.0
    private static final int CLREX = 0xd5033f5f;

    private final Harness h = new Harness();

    @Test
    void daifSetAndClear() {
        h.step(1, DAIFSET_F);
        assertEquals(0xF << 6, h.cpu.daif);
        h.step(1, DAIFCLR_2); // #2 is the I bit
        assertEquals(0xD << 6, h.cpu.daif);
    }

    @Test
    void daifAtEl0TrapsUnlessSctlrUma() {
        h.cpu.sysregs.sctlrEl1 = SystemRegisterFile.SCTLR_EL1_LINUX_USER;
        h.step(0, DAIFSET_F);
        assertTrue(h.taken);
        assertEquals(ExceptionClass.SYSREG, h.ec);
        // ISS: Op0=0, Op2=0b110, Op1=0b011, CRn=0b0100, Rt=0b11111, CRm=0b1111, Direction=0 (write)
        assertEquals((0b110 << 17) | (0b011 << 14) | (0b0100 << 10) | (31 << 5) | (0b1111 << 1), h.iss);
        assertEquals(BASE, h.elr);
        assertEquals(0, h.cpu.daif);
        h.cpu.sysregs.sctlrEl1 |= SystemRegisterFile.SCTLR_UMA;
        h.step(0, DAIFSET_F);
        assertFalse(h.taken);
        assertEquals(0xF << 6, h.cpu.daif);
    }

    @Test
    void spSelIsUndefinedAtEl0AndSwitchesTheStackPointerAbove() {
        h.step(0, SPSEL_0);
        assertTrue(h.taken);
        assertEquals(ExceptionClass.UNKNOWN, h.ec);

        Cpu c = h.cpu;
        h.code(SPSEL_0);
        c.el = 1;
        c.spSel = 1;
        c.x[Cpu.SP] = 0x5000;
        c.spEl[0] = 0x6000;
        c.pc = BASE;
        h.taken = false;
        h.run(1);
        assertFalse(h.taken);
        assertEquals(0, c.spSel);
        assertEquals(0x6000, c.x[Cpu.SP]);
        assertEquals(0x5000, c.spEl[1]);
    }

    @Test
    void laterPstateFieldsAreUndefined() {
        assertFalse(A64.decoder().isAllocated(MSR_PAN_1));
        h.step(1, MSR_PAN_1);
        assertTrue(h.taken);
        assertEquals(ExceptionClass.UNKNOWN, h.ec);
    }

    @Test
    void clrexClearsTheLocalMonitor() {
        h.cpu.exclusiveOpen = true;
        h.step(0, CLREX);
        assertFalse(h.cpu.exclusiveOpen);
    }

    @Test
    void barriersWithEveryOptionAreNops() {
        for (int op2 : new int[] {0b100, 0b101, 0b110}) { // DSB, DMB, ISB
            for (int crm = 0; crm < 16; crm++) {
                int word = 0xd503301f | crm << 8 | op2 << 5;
                h.step(0, word);
                assertFalse(h.taken, Integer.toHexString(word));
                assertEquals(BASE + 4, h.cpu.pc);
            }
        }
    }
}
