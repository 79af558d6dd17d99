package dev.hvlab.core.disasm;

/** The pieces of GNU assembler syntax that every group prints: registers, immediates, targets. */
final class Syntax {
    static final String[] COND = {
        "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le", "al", "nv"
    };
    static final String[] SHIFT = {"lsl", "lsr", "asr", "ror"};
    static final String[] EXTEND = {"uxtb", "uxth", "uxtw", "uxtx", "sxtb", "sxth", "sxtw", "sxtx"};

    private Syntax() {
    }

    /** A general register where 31 is the zero register; {@code sf} selects X (1) or W (0). */
    static String r(int sf, int n) {
        if (n == 31) {
            return sf != 0 ? "xzr" : "wzr";
        }
        return (sf != 0 ? "x" : "w") + n;
    }

    /** A general register where 31 is the stack pointer. */
    static String rsp(int sf, int n) {
        if (n == 31) {
            return sf != 0 ? "sp" : "wsp";
        }
        return (sf != 0 ? "x" : "w") + n;
    }

    static String x(int n) {
        return r(1, n);
    }

    static String xsp(int n) {
        return rsp(1, n);
    }

    /** An immediate as objdump prints most of them: {@code #0x1f}; 64-bit values unsigned. */
    static String hex(long v) {
        return "#0x" + Long.toHexString(v);
    }

    /** An immediate printed in decimal: shift amounts, bit positions, memory offsets. */
    static String dec(long v) {
        return "#" + v;
    }

    /** A PC-relative target, as objdump prints it when it has no symbol for the address. */
    static String target(long address) {
        return "0x" + Long.toHexString(address);
    }

    /** "mnemonic\toperand, operand, ..." ; a bare mnemonic when there are no operands. */
    static String ins(String mnemonic, String... operands) {
        if (operands.length == 0) {
            return mnemonic;
        }
        return mnemonic + "\t" + String.join(", ", operands);
    }

    /** Inverts a condition, as the cset/cinc family of aliases print it. */
    static String invert(int cond) {
        return COND[cond ^ 1];
    }

    static long ones(int n) {
        return n >= 64 ? -1L : (1L << n) - 1;
    }
}
