package dev.hvlab.core.isa;

import static dev.hvlab.core.isa.Harness.BASE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.cpu.WaitHandler;
import dev.hvlab.core.sysreg.SystemRegisterFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hint words from aarch64-linux-gnu-as -march=armv8.5-a. */
class HintsTest {
    private static final int WFE = 0xd503205f;
    private static final int WFI = 0xd503207f;
    private static final int SEV = 0xd503209f;
    private static final int SEVL = 0xd50320bf;
    private static final int YIELD = 0xd503203f;
    /** ISS of a trapped WFx from AArch64 (ESR_ELx, EC 0x01): CV=1, COND=0b1110, TI. */
    private static final int WFI_ISS = 0x01E00000;
    private static final int WFE_ISS = 0x01E00001;

    private final Harness h = new Harness();

    @ParameterizedTest(name = "0x{0}")
    @ValueSource(ints = {
        0xd503201f, // nop
        0xd503233f, // paciasp
        0xd50323bf, // autiasp
        0xd503237f, // pacibsp
        0xd50323ff, // autibsp
        0xd503211f, // pacia1716
        0xd503245f, // bti c
        0xd503241f, // bti
        0xd50320ff, // xpaclri
        0xd503229f, // csdb
        0xd503221f, // esb
        0xd503223f, // psb csync
        0xd5032fff, // hint #0x7f
    })
    void unallocatedAndLaterHintsAreNops(int word) {
        Cpu c = h.cpu;
        for (int i = 0; i < 31; i++) {
            c.x[i] = 0x1111L * (i + 1);
        }
        c.x[Cpu.SP] = 0x4000_8000L;
        long[] before = c.x.clone();
        h.step(0, word);
        assertFalse(h.taken);
        assertEquals(BASE + 4, c.pc);
        assertArrayEquals(before, c.x, "no register changes (X30 and X16/X17 untouched by PAC hints)");
    }

    @Test
    void wfiAndWfeAtEl0TrapToEl1WhenSctlrSaysSo() {
        h.cpu.sysregs.sctlrEl1 = SystemRegisterFile.SCTLR_EL1_RES1; // nTWI = nTWE = 0
        h.step(0, WFI);
        assertTrue(h.taken);
        assertEquals(ExceptionClass.WFX, h.ec);
        assertEquals(WFI_ISS, h.iss);
        assertEquals(BASE, h.elr);
        assertEquals(1, h.targetEl);
        h.step(0, WFE);
        assertEquals(ExceptionClass.WFX, h.ec);
        assertEquals(WFE_ISS, h.iss);
        h.step(1, WFI); // EL1 is not subject to SCTLR_EL1.nTWI
        assertFalse(h.taken);
    }

    @Test
    void linuxUserSctlrTrapsWfiButNotWfe() {
        h.cpu.sysregs.sctlrEl1 = SystemRegisterFile.SCTLR_EL1_LINUX_USER;
        h.step(0, WFE);
        assertFalse(h.taken);
        h.step(0, WFI);
        assertTrue(h.taken);
    }

    @Test
    void wfxTrapsToEl2AndEl3() {
        SystemRegisterFile s = h.cpu.sysregs;
        s.scrEl3 = SystemRegisterFile.SCR_NS;
        s.hcrEl2 = SystemRegisterFile.HCR_TWI;
        h.step(1, WFI);
        assertTrue(h.taken);
        assertEquals(2, h.targetEl);
        assertEquals(WFI_ISS, h.iss);
        h.step(2, WFI);
        assertFalse(h.taken);
        s.scrEl3 |= SystemRegisterFile.SCR_TWE;
        h.step(2, WFE);
        assertTrue(h.taken);
        assertEquals(3, h.targetEl);
        assertEquals(WFE_ISS, h.iss);
        h.step(3, WFE);
        assertFalse(h.taken);
    }

    @Test
    void wfeConsumesAPendingEventWithoutWaitingOrTrapping() {
        int[] waits = new int[1];
        h.cpu.waitHandler = new WaitHandler() {
            @Override
            public void waitForInterrupt(Cpu cpu) {
            }

            @Override
            public void waitForEvent(Cpu cpu) {
                waits[0]++;
            }

            @Override
            public void sendEvent(Cpu cpu) {
            }
        };
        h.cpu.sysregs.sctlrEl1 = SystemRegisterFile.SCTLR_EL1_RES1; // WFE would trap if it waited
        h.step(0, SEVL);
        assertTrue(h.cpu.eventRegister);
        h.step(0, WFE);
        assertFalse(h.taken);
        assertFalse(h.cpu.eventRegister);
        assertEquals(0, waits[0]);
        h.step(1, WFE);
        assertEquals(1, waits[0]);
    }

    @Test
    void sevSetsTheEventRegisterWithTheDefaultHandlerAndYieldIsANop() {
        h.step(0, SEV);
        assertTrue(h.cpu.eventRegister);
        h.step(0, YIELD);
        assertFalse(h.taken);
        assertEquals(BASE + 4, h.cpu.pc);
    }
}
