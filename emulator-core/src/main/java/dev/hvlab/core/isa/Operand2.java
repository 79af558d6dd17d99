package dev.hvlab.core.isa;

/**
 * The second operand of the shifted-register and extended-register forms, {@code ShiftReg(m,
 * shift_type, amount)} and {@code ExtendReg(m, extend_type, shift)} (ARM ARM pseudocode
 * aarch64/functions/shiftreg/ShiftReg and aarch64/functions/extendreg/ExtendReg), reduced at decode time to one branch-free sequence:
 *
 * <pre>((((X[m] &lt;&lt; pre) &gt;&gt; sra) &gt;&gt;&gt; srl) &lt;&lt; sl) | ((X[m] &lt;&lt; rol) &amp; rotMask)</pre>
 *
 * <p>LSL is {@code sl}; LSR and ASR first move the datasize bits to the top ({@code pre}), then
 * shift right logically or arithmetically; ROR adds the bits rotated in from the left. An extend
 * keeps the low {@code len} bits ({@code pre = 64 - len}), sign- or zero-extends them on the way
 * back down, then shifts left. Bits above datasize may be garbage: every consumer reduces its
 * result to datasize bits. Decode time only: the ops copy these fields into their own.
 */
record Operand2(int m, int pre, int sra, int srl, int sl, int rol, long rotMask) {

    /** True when the operand is X[m] itself (shift or extend by nothing). */
    boolean plain() {
        return pre == 0 && sra == 0 && srl == 0 && sl == 0 && rotMask == 0;
    }

    /** The sequence itself, for the ops that hold these fields as their own. */
    static long apply(long v, int pre, int sra, int srl, int sl, int rol, long rotMask) {
        return ((((v << pre) >> sra) >>> srl) << sl) | ((v << rol) & rotMask);
    }

    /** {@code ShiftReg}: type 0 LSL, 1 LSR, 2 ASR, 3 ROR; {@code 0 <= amount < datasize}. */
    static Operand2 shiftReg(int m, int type, int amount, int datasize) {
        int top = 64 - datasize;
        if (amount == 0) {
            return new Operand2(m, 0, 0, 0, 0, 0, 0);
        }
        return switch (type) {
            case 0 -> new Operand2(m, 0, 0, 0, amount, 0, 0);
            case 1 -> new Operand2(m, top, 0, top + amount, 0, 0, 0);
            case 2 -> new Operand2(m, top, top + amount, 0, 0, 0, 0);
            default -> new Operand2(m, top, 0, top + amount, 0, datasize - amount, -1L);
        };
    }

    /**
     * {@code ExtendReg}: option 0-3 UXTB/UXTH/UXTW/UXTX, 4-7 SXTB/SXTH/SXTW/SXTX, then LSL
     * {@code shift} (0-4).
     */
    static Operand2 extendReg(int m, int option, int shift) {
        int len = 8 << (option & 3);
        int pre = 64 - len;
        boolean signed = (option & 4) != 0;
        return new Operand2(m, pre, signed ? pre : 0, signed ? 0 : pre, shift, 0, 0);
    }
}
