package dev.hvlab.core.isa;

import static dev.hvlab.core.isa.Harness.BASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.sysreg.SystemRegisterFile;
import org.junit.jupiter.api.Test;

class ExceptionReturnTest {
    private static final int ERET = 0xd69f03e0; // aarch64-linux-gnu-as
    private static final long TARGET = BASE + 0x800;

    private final Harness h = new Harness();

    @Test
    void eretIsUndefinedAtEl0() {
        h.step(0, ERET);
        assertTrue(h.taken);
        assertEquals(ExceptionClass.UNKNOWN, h.ec);
    }

    @Test
    void eretFromEl1ToEl0RestoresPstateAndSwitchesTheStackPointer() {
        Cpu c = h.cpu;
        c.spEl[0] = 0x1000;
        c.sysregs.elr[1] = TARGET;
        // SPSR: N=1, C=1, D=1, F=1, M = EL0t
        c.sysregs.spsr[1] = (1L << 31) | (1L << 29) | (1 << 9) | (1 << 6);
        c.exclusiveOpen = true;
        h.code(ERET);
        c.el = 1;
        c.spSel = 1;
        c.x[Cpu.SP] = 0x2000; // SP_EL1, current
        c.pc = BASE;
        h.run(1);
        assertFalse(h.taken);
        assertEquals(TARGET, c.pc);
        assertEquals(0, c.el);
        assertEquals(0, c.spSel);
        assertEquals(0x1000, c.x[Cpu.SP]);
        assertEquals(0x2000, c.spEl[1]);
        assertEquals(0xA, c.nzcv() >>> 28);
        assertEquals((1 << 9) | (1 << 6), c.daif);
        assertFalse(c.exclusiveOpen, "exception return clears the local monitor");
        assertTrue(c.eventRegister, "exception return sets the Event Register");
    }

    @Test
    void eretFromEl2ToEl1h() {
        Cpu c = h.cpu;
        c.sysregs.scrEl3 = SystemRegisterFile.SCR_NS;
        c.spEl[1] = 0x3000;
        c.sysregs.elr[2] = TARGET;
        c.sysregs.spsr[2] = 0b0101; // EL1h
        h.step(2, ERET);
        assertFalse(h.taken);
        assertEquals(1, c.el);
        assertEquals(1, c.spSel);
        assertEquals(0x3000, c.x[Cpu.SP]);
        assertEquals(TARGET, c.pc);
    }

    @Test
    void illegalReturnsKeepTheElAndRaiseIllegalExecutionState() {
        long[] badSpsr = {
            0b1001, // EL2h from EL1: higher than the current EL
            0b0001, // EL0 with M[0] = 1
            0b0110, // M[1] reserved
            0b10000, // AArch32 (not supported by hvlab)
        };
        for (long spsr : badSpsr) {
            Cpu c = h.cpu;
            c.il = false;
            c.sysregs.elr[1] = TARGET;
            c.sysregs.spsr[1] = spsr | (1L << 30); // Z restored even though the return is illegal
            h.step(1, ERET);
            assertTrue(h.taken, "SPSR " + Long.toBinaryString(spsr));
            assertEquals(ExceptionClass.ILLEGAL_STATE, h.ec);
            assertEquals(TARGET, h.elr);
            assertEquals(1, c.el);
            assertEquals(1, c.spSel);
            assertTrue(c.il);
            assertTrue(c.z);
        }
    }

    @Test
    void returnToEl1UnderHcrTgeIsIllegal() {
        Cpu c = h.cpu;
        c.sysregs.scrEl3 = SystemRegisterFile.SCR_NS;
        c.sysregs.hcrEl2 = SystemRegisterFile.HCR_TGE;
        c.sysregs.elr[2] = TARGET;
        c.sysregs.spsr[2] = 0b0101;
        h.step(2, ERET);
        assertTrue(h.taken);
        assertEquals(ExceptionClass.ILLEGAL_STATE, h.ec);
        assertEquals(2, c.el);
    }
}
