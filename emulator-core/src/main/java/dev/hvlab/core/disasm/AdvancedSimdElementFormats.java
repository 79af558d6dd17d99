package dev.hvlab.core.disasm;

import static dev.hvlab.core.disasm.SimdSyntax.element;
import static dev.hvlab.core.disasm.SimdSyntax.scalar;
import static dev.hvlab.core.disasm.SimdSyntax.v;
import static dev.hvlab.core.disasm.Syntax.ins;
import static dev.hvlab.core.disasm.Syntax.r;

import dev.hvlab.core.decode.Insn;

/**
 * Syntax of the AdvSIMD groups that name single elements (ARM ARM C4.1.96): copy (DUP, INS,
 * SMOV, UMOV, with objdump's MOV aliases) and the vector and scalar "by element" forms.
 */
final class AdvancedSimdElementFormats {
    private AdvancedSimdElementFormats() {
    }

    static void register(Formats f) {
        f.put("DUP_elt", (i, pc) -> dupElement(i));
        f.put("DUP_g", (i, pc) -> dupGeneral(i));
        f.put("INS_g", (i, pc) -> insGeneral(i));
        f.put("SMOV", (i, pc) -> smov(i));
        f.put("UMOV", (i, pc) -> umov(i));
        f.put("INS_elt", (i, pc) -> insElement(i));
        // DUP (element) in its scalar form is always printed as MOV.
        f.put("DUP_elts", (i, pc) -> {
            int size = copySize(i);
            return size > 3 ? null : ins("mov", scalar(size, i.f("rd")), element(i.f("rn"), size, copyIndex(i, size)));
        });
        Formats.each(f, "MLA_elt MLS_elt MUL_elt SQDMULH_elt SQRDMULH_elt", AdvancedSimdElementFormats::integer);
        Formats.each(f, "SMLAL_elt UMLAL_elt SQDMLAL_elt SMLSL_elt UMLSL_elt SQDMLSL_elt SMULL_elt UMULL_elt"
                + " SQDMULL_elt", AdvancedSimdElementFormats::integerLong);
        Formats.each(f, "FMLA_elt FMLS_elt FMUL_elt FMULX_elt", AdvancedSimdElementFormats::fp);
        Formats.each(f, "FMLA_elts FMLS_elts FMUL_elts FMULX_elts", AdvancedSimdElementFormats::fpScalar);
        Formats.each(f, "SQDMLAL_elts SQDMLSL_elts SQDMULL_elts", AdvancedSimdElementFormats::integerLongScalar);
        Formats.each(f, "SQDMULH_elts SQRDMULH_elts", AdvancedSimdElementFormats::integerScalar);
    }

    // --- copy: imm5 holds the element size (its lowest set bit) and the index above it ---------

    /** The element size of imm5; 4 (unallocated) when imm5<3:0> is zero. */
    private static int copySize(Insn i) {
        return Math.min(4, Integer.numberOfTrailingZeros(i.f("imm5")));
    }

    private static int copyIndex(Insn i, int size) {
        return i.f("imm5") >> (size + 1);
    }

    private static String dupElement(Insn i) {
        int size = copySize(i);
        int q = i.f("q");
        if (size > 3 || (size == 3 && q == 0)) {
            return null;
        }
        return ins("dup", v(i.f("rd"), size, q), element(i.f("rn"), size, copyIndex(i, size)));
    }

    private static String dupGeneral(Insn i) {
        int size = copySize(i);
        int q = i.f("q");
        if (size > 3 || (size == 3 && q == 0)) {
            return null;
        }
        return ins("dup", v(i.f("rd"), size, q), r(size == 3 ? 1 : 0, i.f("rn")));
    }

    private static String insGeneral(Insn i) {
        int size = copySize(i);
        if (size > 3) {
            return null;
        }
        return ins("mov", element(i.f("rd"), size, copyIndex(i, size)), r(size == 3 ? 1 : 0, i.f("rn")));
    }

    private static String smov(Insn i) {
        int size = copySize(i);
        int q = i.f("q");
        if (size >= 2 + q) {
            return null;
        }
        return ins("smov", r(q, i.f("rd")), element(i.f("rn"), size, copyIndex(i, size)));
    }

    /** UMOV to W takes b, h, s; to X only d. The s and d forms are printed as MOV. */
    private static String umov(Insn i) {
        int size = copySize(i);
        int q = i.f("q");
        if (q == 0 ? size > 2 : size != 3) {
            return null;
        }
        String op = size >= 2 ? "mov" : "umov";
        return ins(op, r(q, i.f("rd")), element(i.f("rn"), size, copyIndex(i, size)));
    }

    private static String insElement(Insn i) {
        int size = copySize(i);
        if (size > 3) {
            return null;
        }
        return ins("mov", element(i.f("rd"), size, copyIndex(i, size)), element(i.f("rn"), size, i.f("imm4") >> size));
    }

    // --- by element -----------------------------------------------------------------------

    /**
     * The indexed element of the integer forms: halfwords index H:L:M of v0-v15, words H:L of
     * M:Rm; null for other sizes.
     */
    private static String integerElement(Insn i) {
        return switch (i.f("size")) {
            case 1 -> element(i.f("rm"), 1, i.f("H") << 2 | i.f("L") << 1 | i.f("M"));
            case 2 -> element(i.f("M") << 4 | i.f("rm"), 2, i.f("H") << 1 | i.f("L"));
            default -> null;
        };
    }

    /** The FP forms: size 10 single (H:L), 11 double (H; L must be 0), 00 half (H:L:M of v0-v15). */
    private static String fpElement(Insn i) {
        return switch (i.f("size")) {
            case 0 -> element(i.f("rm"), 1, i.f("H") << 2 | i.f("L") << 1 | i.f("M"));
            case 2 -> element(i.f("M") << 4 | i.f("rm"), 2, i.f("H") << 1 | i.f("L"));
            case 3 -> i.f("L") == 1 ? null : element(i.f("M") << 4 | i.f("rm"), 3, i.f("H"));
            default -> null;
        };
    }

    private static String integer(Insn i, String op) {
        String m = integerElement(i);
        int size = i.f("size");
        int q = i.f("q");
        return m == null ? null : ins(op, v(i.f("rd"), size, q), v(i.f("rn"), size, q), m);
    }

    private static String integerLong(Insn i, String op) {
        String m = integerElement(i);
        int size = i.f("size");
        int q = i.f("q");
        return m == null ? null
                : ins(AdvancedSimdFormats.upper(op, q), v(i.f("rd"), size + 1, 1), v(i.f("rn"), size, q), m);
    }

    /** The element size of the FP by-element forms: 1 (half) for size 00. */
    private static int fpSize(Insn i) {
        int size = i.f("size");
        return size == 0 ? 1 : size;
    }

    private static String fp(Insn i, String op) {
        String m = fpElement(i);
        int size = fpSize(i);
        int q = i.f("q");
        if (m == null || (size == 3 && q == 0)) {
            return null;
        }
        return ins(op, v(i.f("rd"), size, q), v(i.f("rn"), size, q), m);
    }

    private static String fpScalar(Insn i, String op) {
        String m = fpElement(i);
        int size = fpSize(i);
        return m == null ? null : ins(op, scalar(size, i.f("rd")), scalar(size, i.f("rn")), m);
    }

    private static String integerLongScalar(Insn i, String op) {
        String m = integerElement(i);
        int size = i.f("size");
        return m == null ? null : ins(op, scalar(size + 1, i.f("rd")), scalar(size, i.f("rn")), m);
    }

    private static String integerScalar(Insn i, String op) {
        String m = integerElement(i);
        int size = i.f("size");
        return m == null ? null : ins(op, scalar(size, i.f("rd")), scalar(size, i.f("rn")), m);
    }
}
