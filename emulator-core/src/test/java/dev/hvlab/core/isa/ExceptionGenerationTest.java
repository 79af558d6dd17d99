package dev.hvlab.core.isa;

import static dev.hvlab.core.isa.Harness.BASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.cpu.ArchitecturalException;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.sysreg.SystemRegisterFile;
import org.junit.jupiter.api.Test;

/** Words from aarch64-linux-gnu-as; syndromes from the ARM ARM ESR_ELx description. */
class ExceptionGenerationTest {
    private static final int SVC_1234 = 0xd4024681;
    private static final int HVC_1 = 0xd4000022;
    private static final int SMC_42 = 0xd4000843;
    private static final int BRK_3E8 = 0xd4207d00;
    private static final int HLT_F000 = 0xd45e0000;
    private static final int DCPS1 = 0xd4a00001;

    private final Harness h = new Harness();

    private void assertTaken(int ec, int iss, long elr, int targetEl) {
        assertTrue(h.taken, "no exception taken");
        assertEquals(ec, h.ec, "EC");
        assertEquals(iss, h.iss, "ISS");
        assertEquals(elr, h.elr, "preferred return");
        assertEquals(targetEl, h.targetEl, "target EL");
    }

    private void assertUndefined() {
        assertTaken(ExceptionClass.UNKNOWN, 0, BASE, ArchitecturalException.DEFAULT_TARGET);
    }

    @Test
    void svcReturnsToTheNextInstruction() {
        h.step(0, SVC_1234);
        assertTaken(ExceptionClass.SVC64, 0x1234, BASE + 4, ArchitecturalException.DEFAULT_TARGET);
        assertEquals(0x56001234L, h.esr); // EC 0x15, IL 1, ISS imm16
        assertEquals(0, h.cpu.instructions, "an instruction that raises does not retire");
    }

    @Test
    void hvcIsUndefinedAtEl0InSecureEl1AndWhenScrHceIsClear() {
        h.step(0, HVC_1);
        assertUndefined();
        h.cpu.sysregs.scrEl3 = SystemRegisterFile.SCR_HCE; // Secure
        h.step(1, HVC_1);
        assertUndefined();
        h.cpu.sysregs.scrEl3 = SystemRegisterFile.SCR_NS;
        h.step(1, HVC_1);
        assertUndefined();
    }

    @Test
    void hvcIsTakenToEl2WithTheNextInstructionAsReturn() {
        h.cpu.sysregs.scrEl3 = SystemRegisterFile.SCR_NS | SystemRegisterFile.SCR_HCE;
        h.step(1, HVC_1);
        assertTaken(ExceptionClass.HVC64, 1, BASE + 4, 2);
        h.step(2, HVC_1);
        assertTaken(ExceptionClass.HVC64, 1, BASE + 4, 2);
        h.step(3, HVC_1);
        assertTaken(ExceptionClass.HVC64, 1, BASE + 4, 3);
    }

    @Test
    void smcIsTakenToEl3WithTheNextInstructionAsReturn() {
        h.step(0, SMC_42);
        assertUndefined();
        h.step(1, SMC_42);
        assertTaken(ExceptionClass.SMC64, 0x42, BASE + 4, 3);
        h.step(2, SMC_42);
        assertTaken(ExceptionClass.SMC64, 0x42, BASE + 4, 3);
    }

    @Test
    void smcTrappedByHcrTscReturnsToTheSmcItself() {
        h.cpu.sysregs.scrEl3 = SystemRegisterFile.SCR_NS | SystemRegisterFile.SCR_SMD;
        h.cpu.sysregs.hcrEl2 = SystemRegisterFile.HCR_TSC;
        h.step(1, SMC_42);
        assertTaken(ExceptionClass.SMC64, 0x42, BASE, 2);
        h.step(2, SMC_42); // TSC only traps EL1; SMD then makes it UNDEFINED
        assertUndefined();
        h.cpu.sysregs.scrEl3 = SystemRegisterFile.SCR_SMD; // Secure EL1: EL2 is not enabled
        h.step(1, SMC_42);
        assertUndefined();
    }

    @Test
    void brkReturnsToItself() {
        h.step(0, BRK_3E8);
        assertTaken(ExceptionClass.BRK64, 0x3e8, BASE, ArchitecturalException.DEFAULT_TARGET);
        assertEquals(0xF20003E8L, h.esr); // EC 0x3C, IL 1
    }

    @Test
    void hltIsHandedToTheExceptionHandlerAsTheHltPseudoClass() {
        h.step(0, HLT_F000);
        assertTaken(ExceptionClass.HLT, 0xF000, BASE, ArchitecturalException.DEFAULT_TARGET);
    }

    @Test
    void dcpsIsUndefinedOutsideDebugState() {
        for (int el = 0; el <= 3; el++) {
            h.step(el, DCPS1);
            assertUndefined();
            h.step(el, 0xd6bf03e0); // drps
            assertUndefined();
        }
    }
}
