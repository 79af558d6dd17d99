package dev.hvlab.core.exception;

import static dev.hvlab.core.exception.SystemHarness.RAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.hvlab.core.asm.Assembler;
import dev.hvlab.core.cpu.Cpu;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Interrupt routing and masking (ARM ARM D1.11, tables for physical and virtual interrupts). */
class InterruptDeliveryTest {
    private static final long CODE = RAM + 0x1000;
    private static final long VBAR1 = RAM + 0x10000;
    private static final long VBAR2 = RAM + 0x20000;
    private static final long VBAR3 = RAM + 0x30000;
    private final SystemHarness h = new SystemHarness();
    private final Cpu cpu = h.cpu;

    @BeforeEach
    void nonSecureEl1() {
        cpu.sysregs.scrEl3 = 1 | 1 << 8 | 1 << 10 | 0x30;
        cpu.sysregs.hcrEl2 = 1L << 31;
        cpu.sysregs.vbar[1] = VBAR1;
        cpu.sysregs.vbar[2] = VBAR2;
        cpu.sysregs.vbar[3] = VBAR3;
        h.nopVectors(VBAR1);
        h.nopVectors(VBAR2);
        h.nopVectors(VBAR3);
        cpu.el = 1;
        cpu.spSel = 1;
        cpu.switchTlb(1);
        cpu.daif = 0;
        h.load(new Assembler(CODE).nop().nop().nop().nop());
    }

    @Test
    void irqAtEl1IsTakenToTheCurrentElSpxVector() {
        cpu.irqLine = true;
        h.run(CODE + 4, 1);
        assertEquals(VBAR1 + 0x280, cpu.pc - 4, "the vector's first instruction ran");
        assertEquals(CODE + 4, cpu.sysregs.elr[1], "IRQ returns to the interrupted instruction");
        assertEquals(0x5, cpu.sysregs.spsr[1] & 0x3FF, "EL1h, nothing masked");
        assertEquals(0x3C0, cpu.daif);
    }

    @Test
    void psateIMasksAnIrqForTheCurrentElUntilItIsCleared() {
        cpu.daif = 1 << 7;
        cpu.irqLine = true;
        h.load(new Assembler(CODE).nop().emit("MSR_i", "op1", 3, "crm", 2, "op2", 7).nop()); // msr daifclr, #2
        h.run(CODE, 2);
        assertEquals(1, cpu.el);
        assertEquals(CODE + 8, cpu.pc, "nop and msr ran, no interrupt");
        cpu.run(1);
        assertEquals(CODE + 8, cpu.sysregs.elr[1], "taken right after the unmasking instruction");
        assertEquals(VBAR1 + 0x284, cpu.pc);
    }

    @Test
    void imoRoutesToEl2WhereEl1MasksDoNotApply() {
        cpu.sysregs.hcrEl2 |= Routing.HCR_IMO;
        cpu.daif = 0xF << 6;
        cpu.irqLine = true;
        h.run(CODE, 1);
        assertEquals(2, cpu.el);
        assertEquals(VBAR2 + 0x480 + 4, cpu.pc);
    }

    @Test
    void anIrqRoutedToEl1IsNotTakenAtEl2() {
        cpu.el = 2;
        cpu.switchTlb(2);
        cpu.irqLine = true;
        h.run(CODE, 3);
        assertEquals(2, cpu.el);
        assertEquals(CODE + 12, cpu.pc);
    }

    @Test
    void scrIrqRoutesToEl3() {
        cpu.sysregs.scrEl3 |= Routing.SCR_IRQ;
        cpu.irqLine = true;
        h.run(CODE, 1);
        assertEquals(3, cpu.el);
        assertEquals(VBAR3 + 0x480 + 4, cpu.pc);
    }

    @Test
    void virtualIrqFromHcrViOnlyBelowEl2() {
        cpu.sysregs.hcrEl2 |= Routing.HCR_IMO | Routing.HCR_VI;
        h.run(CODE, 1);
        assertEquals(1, cpu.el);
        assertEquals(VBAR1 + 0x280 + 4, cpu.pc);

        cpu.el = 2;
        cpu.switchTlb(2);
        cpu.daif = 0;
        h.run(CODE, 2);
        assertEquals(CODE + 8, cpu.pc, "virtual interrupts are never taken at EL2");
    }

    @Test
    void virtualIrqNeedsImo() {
        cpu.sysregs.hcrEl2 |= Routing.HCR_VI;
        cpu.virqLine = true;
        h.run(CODE, 2);
        assertEquals(CODE + 8, cpu.pc);
    }

    @Test
    void virtualSErrorIsTakenOnceAndClearsVse() {
        cpu.sysregs.hcrEl2 |= Routing.HCR_AMO | Routing.HCR_VSE;
        h.run(CODE, 1);
        assertEquals(VBAR1 + 0x380 + 4, cpu.pc);
        assertEquals(0x2FL << 26 | 1L << 25, cpu.sysregs.esr[1]);
        assertFalse((cpu.sysregs.hcrEl2 & Routing.HCR_VSE) != 0, "taking it clears HCR_EL2.VSE");
    }

    @Test
    void fiqWinsOverIrq() {
        cpu.irqLine = true;
        cpu.fiqLine = true;
        h.run(CODE, 1);
        assertEquals(VBAR1 + 0x300 + 4, cpu.pc);
    }
}
