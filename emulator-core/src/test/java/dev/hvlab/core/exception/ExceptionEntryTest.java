package dev.hvlab.core.exception;

import static dev.hvlab.core.exception.SystemHarness.RAM;
import static dev.hvlab.core.exception.SystemHarness.reg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.asm.Assembler;
import dev.hvlab.core.cpu.Cpu;
import org.junit.jupiter.api.Test;

/**
 * AArch64.TakeException and ERET across EL3 -> EL2 -> EL1 -> EL0 and back: vector offsets, ESR,
 * ELR, SPSR, PSTATE after entry, SP banking and routing (ARM ARM D1.10).
 */
class ExceptionEntryTest {
    private static final long CODE = RAM + 0x1000;
    private static final long VBAR1 = RAM + 0x10000;
    private static final long VBAR2 = RAM + 0x20000;
    private static final long VBAR3 = RAM + 0x30000;
    private final SystemHarness h = new SystemHarness();
    private final Cpu cpu = h.cpu;

    /** Sets up EL3 state so that lower ELs are Non-secure AArch64 with EL2 enabled and HVC allowed. */
    private void el3Setup() {
        cpu.sysregs.scrEl3 = 1 | 1 << 8 | 1 << 10 | 0x30; // NS, HCE, RW, RES1 bits 5:4
        cpu.sysregs.vbar[1] = VBAR1;
        cpu.sysregs.vbar[2] = VBAR2;
        cpu.sysregs.vbar[3] = VBAR3;
        cpu.sysregs.hcrEl2 = 1L << 31; // RW: EL1 is AArch64
    }

    @Test
    void svcFromEl0IsTakenToEl1LowerElVectorAndEretReturns() {
        el3Setup();
        cpu.el = 0;
        cpu.spSel = 0;
        cpu.switchTlb(0);
        cpu.x[Cpu.SP] = 0x1111;
        cpu.spEl[1] = 0x2222;
        cpu.daif = 0;
        cpu.setNzcv(0b1010);
        h.load(new Assembler(CODE).svc(0x42).nop());
        h.load(new Assembler(VBAR1 + 0x400).add(5, 5, 1).emit("ERET"));
        h.run(CODE, 1);
        assertEquals(1, cpu.el);
        assertEquals(VBAR1 + 0x400, cpu.pc);
        assertEquals(0x56000042L, cpu.sysregs.esr[1], "EC 0x15, IL, imm16");
        assertEquals(CODE + 4, cpu.sysregs.elr[1]);
        assertEquals(0xA0000000L, cpu.sysregs.spsr[1], "NZCV 1010, EL0t, DAIF clear");
        assertEquals(0x3C0, cpu.daif, "entry masks D, A, I, F");
        assertEquals(1, cpu.spSel);
        assertEquals(0x2222, cpu.x[Cpu.SP]);
        assertEquals(0x1111, cpu.spEl[0]);
        cpu.run(2); // add, eret
        assertEquals(0, cpu.el);
        assertEquals(CODE + 4, cpu.pc);
        assertEquals(0x1111, cpu.x[Cpu.SP]);
        assertEquals(0, cpu.daif);
        assertEquals(1, cpu.x[5]);
    }

    @Test
    void currentElVectorsDependOnSpSel() {
        el3Setup();
        cpu.el = 1;
        cpu.switchTlb(1);
        cpu.spSel = 0;
        h.load(new Assembler(CODE).brk(7));
        h.run(CODE, 1);
        assertEquals(VBAR1 + 0x000, cpu.pc, "current EL with SP_EL0");
        assertEquals(0xF2000007L, cpu.sysregs.esr[1]);
        assertEquals(CODE, cpu.sysregs.elr[1], "BRK returns to itself");
        assertEquals(0x3C4, cpu.sysregs.spsr[1] & 0x3FF, "EL1t with the D/A/I/F it had");

        cpu.el = 1;
        cpu.spSel = 1;
        h.run(CODE, 1);
        assertEquals(VBAR1 + 0x200, cpu.pc, "current EL with SP_ELx");
        assertEquals(0x3C5, cpu.sysregs.spsr[1] & 0x3FF);
    }

    @Test
    void hvcGoesToEl2AndSmcToEl3() {
        el3Setup();
        cpu.el = 1;
        cpu.switchTlb(1);
        h.load(new Assembler(CODE).hvc(0x5).smc(0x6));
        h.run(CODE, 1);
        assertEquals(2, cpu.el);
        assertEquals(VBAR2 + 0x400, cpu.pc);
        assertEquals(0x5A000005L, cpu.sysregs.esr[2]);
        assertEquals(CODE + 4, cpu.sysregs.elr[2]);

        cpu.el = 1;
        cpu.switchTlb(1);
        h.run(CODE + 4, 1);
        assertEquals(3, cpu.el);
        assertEquals(VBAR3 + 0x400, cpu.pc);
        assertEquals(0x5E000006L, cpu.sysregs.esr[3]);
        assertEquals(CODE + 8, cpu.sysregs.elr[3]);
    }

    @Test
    void theFirmwareModelAnswersSmcsWithoutEnteringEl3() {
        el3Setup();
        cpu.el = 2;
        cpu.switchTlb(2);
        h.model.setSecureMonitor(c -> {
            c.x[0] = c.x[0] == 0x8400_0000L ? 0x10001 : -1; // PSCI_VERSION
            return true;
        });
        cpu.x[0] = 0x8400_0000L;
        h.load(new Assembler(CODE).smc(0).nop());
        h.run(CODE, 1);
        assertEquals(2, cpu.el);
        assertEquals(CODE + 4, cpu.pc);
        assertEquals(0x10001, cpu.x[0]);
    }

    @Test
    void hltIsUndefinedUnlessSemihostingIsOn() {
        el3Setup();
        cpu.el = 1;
        cpu.switchTlb(1);
        h.load(new Assembler(CODE).emit("HLT", "imm16", 0xF000).nop());
        h.run(CODE, 1);
        assertEquals(VBAR1 + 0x200, cpu.pc);
        assertEquals(0x02000000L, cpu.sysregs.esr[1], "EC 0: UNDEFINED");

        cpu.el = 1;
        h.model.setSemihosting((c, pc) -> {
            c.x[0] = 99;
            return pc + 4;
        });
        h.run(CODE, 1);
        assertEquals(CODE + 4, cpu.pc);
        assertEquals(99, cpu.x[0]);
    }

    @Test
    void tgeRoutesEl0ExceptionsToEl2() {
        el3Setup();
        cpu.sysregs.hcrEl2 |= 1L << 27; // TGE
        cpu.el = 0;
        cpu.spSel = 0;
        cpu.switchTlb(0);
        h.load(new Assembler(CODE).svc(1));
        h.run(CODE, 1);
        assertEquals(2, cpu.el);
        assertEquals(VBAR2 + 0x400, cpu.pc);
        assertEquals(0x56000001L, cpu.sysregs.esr[2]);
    }

    @Test
    void undefinedInstructionAtEl2StaysAtEl2() {
        el3Setup();
        cpu.el = 2;
        cpu.switchTlb(2);
        h.word(CODE, 0);
        h.run(CODE, 1);
        assertEquals(2, cpu.el);
        assertEquals(VBAR2 + 0x200, cpu.pc);
        assertEquals(0x02000000L, cpu.sysregs.esr[2]);
        assertEquals(CODE, cpu.sysregs.elr[2]);
    }

    @Test
    void descendFromEl3ToEl0WithEretAndMsr() {
        el3Setup();
        long el2 = CODE + 0x100;
        long el1 = CODE + 0x200;
        long el0 = CODE + 0x300;
        Assembler a3 = new Assembler(CODE)
                .mov(0, el2).msr(reg("ELR_EL3"), 0)
                .mov(0, 0x3C9).msr(reg("SPSR_EL3"), 0) // EL2h, DAIF masked
                .emit("ERET");
        Assembler a2 = new Assembler(el2)
                .mov(0, el1).msr(reg("ELR_EL2"), 0)
                .mov(0, 0x3C5).msr(reg("SPSR_EL2"), 0) // EL1h
                .emit("ERET");
        Assembler a1 = new Assembler(el1)
                .mov(0, el0).msr(reg("ELR_EL1"), 0)
                .mov(0, 0).msr(reg("SPSR_EL1"), 0) // EL0t, interrupts unmasked
                .emit("ERET");
        Assembler a0 = new Assembler(el0).mrs(1, Assembler.NZCV).svc(0);
        Assembler spin = new Assembler(VBAR1 + 0x400);
        Assembler.Label self = spin.newLabel();
        spin.bind(self).b(self);
        h.load(a3);
        h.load(a2);
        h.load(a1);
        h.load(a0);
        h.load(spin);
        h.run(CODE, 200);
        assertEquals(1, cpu.el, "the SVC took EL0 back to EL1");
        assertEquals(VBAR1 + 0x400, cpu.pc);
        assertEquals(el0 + 8, cpu.sysregs.elr[1]);
        assertEquals(0x56000000L, cpu.sysregs.esr[1]);
        assertEquals(0, cpu.sysregs.spsr[1], "EL0t, flags and masks clear");
        assertEquals(0, cpu.x[1], "NZCV read at EL0");
    }
}
