package dev.hvlab.core.sysreg;

import dev.hvlab.core.cpu.Cpu;

/**
 * PSTATE as a whole: the SPSR layout (ARM ARM, SPSR_EL1 "when exception taken from AArch64 state") and the stack
 * pointer banking that follows PSTATE.{EL, SPSel}.
 */
public final class Pstate {
    public static final int SPSR_N = 1 << 31;
    public static final int SPSR_Z = 1 << 30;
    public static final int SPSR_C = 1 << 29;
    public static final int SPSR_V = 1 << 28;
    public static final int SPSR_SS = 1 << 21;
    public static final int SPSR_IL = 1 << 20;
    public static final int DAIF_MASK = 0xF << 6;
    /** M[4] = 1: the return is to AArch32. */
    public static final int SPSR_M_NRW = 1 << 4;

    private Pstate() {
    }

    /**
     * Moves the CPU to {@code el} with stack pointer selection {@code spSel}: the current SP goes back
     * to its bank (SP_EL0 or SP_ELx) and the newly selected one becomes current.
     */
    public static void select(Cpu cpu, int el, int spSel) {
        cpu.spEl[cpu.spSel == 0 ? 0 : cpu.el] = cpu.x[Cpu.SP];
        cpu.el = el;
        cpu.spSel = spSel;
        cpu.x[Cpu.SP] = cpu.spEl[spSel == 0 ? 0 : el];
    }

    /** The current PSTATE in SPSR format (what exception entry saves). */
    public static long toSpsr(Cpu cpu) {
        return (cpu.nzcv() & 0xF0000000L) | (cpu.il ? SPSR_IL : 0) | (cpu.daif & DAIF_MASK)
                | (cpu.el << 2) | cpu.spSel;
    }
}
