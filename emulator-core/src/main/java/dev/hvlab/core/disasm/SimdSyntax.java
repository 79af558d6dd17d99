package dev.hvlab.core.disasm;

import java.util.Locale;

/**
 * The pieces of GNU assembler syntax for SIMD&amp;FP operands: scalar registers (b0, h1, s2, d3,
 * q4), vector arrangements (v0.16b), elements (v0.s[1]), register lists and FP immediates.
 */
final class SimdSyntax {
    /** Arrangement by size:Q (ARM ARM "&lt;T&gt;" of the vector forms). */
    private static final String[] ARRANGEMENT = {"8b", "16b", "4h", "8h", "2s", "4s", "1d", "2d"};
    private static final String SCALAR = "bhsdq";

    private SimdSyntax() {
    }

    /** The arrangement of elements of 8 &lt;&lt; size bits in a 64-bit (q=0) or 128-bit (q=1) register. */
    static String arrangement(int size, int q) {
        return ARRANGEMENT[size * 2 + q];
    }

    /** "v3.4s". */
    static String v(int n, String arrangement) {
        return "v" + n + "." + arrangement;
    }

    /** "v3.4s" for elements of 8 &lt;&lt; size bits. */
    static String v(int n, int size, int q) {
        return v(n, arrangement(size, q));
    }

    /** A scalar SIMD&amp;FP register of 8 &lt;&lt; size bits: b, h, s, d or q. */
    static String scalar(int size, int n) {
        return SCALAR.charAt(size) + Integer.toString(n);
    }

    /** The scalar register of an FP ftype (00 single, 01 double, 11 half); null for 10. */
    static String fp(int ftype, int n) {
        return switch (ftype) {
            case 0 -> scalar(2, n);
            case 1 -> scalar(3, n);
            case 3 -> scalar(1, n);
            default -> null;
        };
    }

    /** "v3.s[1]". */
    static String element(int n, int size, int index) {
        return "v" + n + "." + SCALAR.charAt(size) + "[" + index + "]";
    }

    /**
     * A list of {@code count} consecutive registers (modulo 32), each with {@code suffix}
     * (".16b" or ".s"). objdump writes "{v1.4s-v3.4s}" for more than two registers that do not
     * wrap past v31, and lists them one by one otherwise.
     */
    static String list(int first, int count, String suffix) {
        int last = (first + count - 1) % 32;
        if (count > 2 && last > first) {
            return "{v" + first + suffix + "-v" + last + suffix + "}";
        }
        StringBuilder sb = new StringBuilder("{");
        for (int k = 0; k < count; k++) {
            sb.append(k == 0 ? "" : ", ").append('v').append((first + k) % 32).append(suffix);
        }
        return sb.append('}').toString();
    }

    /**
     * The value of an 8-bit floating-point immediate (ARM ARM VFPExpandImm): sign a, exponent
     * NOT(b):b:b:cd, fraction efgh. Every such value is exact in single precision.
     */
    static double expandFpImm(int imm8) {
        int a = (imm8 >> 7) & 1;
        int b = (imm8 >> 6) & 1;
        int exp = (b ^ 1) << 7 | (b == 1 ? 0x7c : 0) | ((imm8 >> 4) & 3);
        int bits = a << 31 | exp << 23 | (imm8 & 0xf) << 19;
        return Float.intBitsToFloat(bits);
    }

    /** An FP immediate as objdump prints it: printf("%.18e"), e.g. "#1.000000000000000000e+00". */
    static String fpImm(double value) {
        return "#" + String.format(Locale.ROOT, "%.18e", value);
    }
}
