package dev.hvlab.core.isa;

import dev.hvlab.core.cpu.Cpu;

/**
 * Maps an encoded register number to an index of {@link Cpu#x}, once, at decode time: register 31
 * is XZR or SP depending on the operand (ARM ARM C1.2.5), so semantics never test for it.
 */
public final class Reg {
    private Reg() {
    }

    /** A source operand where 31 means XZR. */
    public static int zr(int r) {
        return r;
    }

    /** A destination where 31 means XZR: the write goes to a sink. */
    public static int zrDest(int r) {
        return r == 31 ? Cpu.ZR_SINK : r;
    }

    /** An operand (source or destination) where 31 means SP. */
    public static int sp(int r) {
        return r == 31 ? Cpu.SP : r;
    }
}
