package dev.hvlab.core.disasm;

import static dev.hvlab.core.disasm.SimdSyntax.scalar;
import static dev.hvlab.core.disasm.SimdSyntax.v;
import static dev.hvlab.core.disasm.Syntax.dec;
import static dev.hvlab.core.disasm.Syntax.hex;
import static dev.hvlab.core.disasm.Syntax.ins;

import dev.hvlab.core.decode.Insn;

/**
 * Syntax of the AdvSIMD groups with an immediate operand (ARM ARM C4.1.96): modified immediate
 * (MOVI, MVNI, ORR, BIC, FMOV) and shift by immediate in its vector and scalar forms, including
 * objdump's SXTL/UXTL for SSHLL/USHLL #0.
 */
final class AdvancedSimdImmediateFormats {
    private AdvancedSimdImmediateFormats() {
    }

    static void register(Formats f) {
        Formats.each(f, "MOVI_v_32 ORR_v_imm32 MVNI_v_32 BIC_v_imm32",
                (i, op) -> shifted(i, op, 2, "lsl", 8 * i.f("sh")));
        Formats.each(f, "MOVI_v_16 ORR_v_imm16 MVNI_v_16 BIC_v_imm16",
                (i, op) -> shifted(i, op, 1, "lsl", 8 * i.f("sh")));
        Formats.each(f, "MOVI_v_msl MVNI_v_msl", (i, op) -> shifted(i, op, 2, "msl", 8 << i.f("sh")));
        f.put("MOVI_v_8", (i, pc) -> ins("movi", v(i.f("rd"), 0, i.f("q")), hex(imm8(i))));
        f.put("MOVI_v_64", (i, pc) -> movi64(i));
        f.put("FMOV_v_imm", (i, pc) -> fmov(i));

        Formats.each(f, "SSHR_v USHR_v SSRA_v USRA_v SRSHR_v URSHR_v SRSRA_v URSRA_v SRI_v",
                (i, op) -> vector(i, op, false));
        Formats.each(f, "SHL_v SLI_v SQSHLU_v SQSHL_v_imm UQSHL_v_imm", (i, op) -> vector(i, op, true));
        Formats.each(f, "SHRN_v RSHRN_v SQSHRUN_v SQRSHRUN_v SQSHRN_v UQSHRN_v SQRSHRN_v UQRSHRN_v",
                AdvancedSimdImmediateFormats::narrow);
        f.put("SSHLL_v", (i, pc) -> shiftLong(i, "sshll", "sxtl"));
        f.put("USHLL_v", (i, pc) -> shiftLong(i, "ushll", "uxtl"));
        Formats.each(f, "SCVTF_vfix UCVTF_vfix FCVTZS_vfix FCVTZU_vfix", AdvancedSimdImmediateFormats::fixedVector);
        Formats.each(f, "SSHR_vs USHR_vs SSRA_vs USRA_vs SRSHR_vs URSHR_vs SRSRA_vs URSRA_vs SRI_vs",
                (i, op) -> scalarShift(i, op, false, true));
        Formats.each(f, "SHL_vs SLI_vs", (i, op) -> scalarShift(i, op, true, true));
        Formats.each(f, "SQSHLU_vs SQSHL_vs_imm UQSHL_vs_imm", (i, op) -> scalarShift(i, op, true, false));
        Formats.each(f, "SQSHRUN_vs SQRSHRUN_vs SQSHRN_vs UQSHRN_vs SQRSHRN_vs UQRSHRN_vs",
                AdvancedSimdImmediateFormats::narrowScalar);
        Formats.each(f, "SCVTF_vsfix UCVTF_vsfix FCVTZS_vsfix FCVTZU_vsfix", AdvancedSimdImmediateFormats::fixedScalar);
    }

    // --- modified immediate -----------------------------------------------------------------

    private static int imm8(Insn i) {
        return i.f("abc") << 5 | i.f("defgh");
    }

    /** "movi v0.4s, #0x12, lsl #8"; objdump leaves out a zero LSL. */
    private static String shifted(Insn i, String op, int size, String shift, int amount) {
        String t = v(i.f("rd"), size, i.f("q"));
        if (shift.equals("lsl") && amount == 0) {
            return ins(op, t, hex(imm8(i)));
        }
        return ins(op, t, hex(imm8(i)), shift + " #" + amount);
    }

    /** MOVI (64-bit): each bit of imm8 stands for a byte of ones; D register or 2D vector. */
    private static String movi64(Insn i) {
        int imm8 = imm8(i);
        long value = 0;
        for (int b = 0; b < 8; b++) {
            if ((imm8 >> b & 1) != 0) {
                value |= 0xffL << (8 * b);
            }
        }
        String d = i.f("q") == 1 ? v(i.f("rd"), "2d") : scalar(3, i.f("rd"));
        return ins("movi", d, "#0x" + Long.toHexString(value));
    }

    /** FMOV (vector, immediate): op=0 single, op=1 double (128-bit only). */
    private static String fmov(Insn i) {
        int op = i.f("op");
        int q = i.f("q");
        if (op == 1 && q == 0) {
            return null;
        }
        return ins("fmov", v(i.f("rd"), 2 + op, q), SimdSyntax.fpImm(SimdSyntax.expandFpImm(imm8(i))));
    }

    // --- shift by immediate: immh gives the element size (its highest set bit) -----------------

    /** log2 of the element size in bytes; -1 for immh = 0000. */
    private static int shiftSize(Insn i) {
        return 31 - Integer.numberOfLeadingZeros(i.f("immh"));
    }

    private static int immhb(Insn i) {
        return i.f("immh") << 3 | i.f("immb");
    }

    /** Right shifts count down from twice the element size, left shifts up from it. */
    private static int amount(Insn i, int size, boolean left) {
        return left ? immhb(i) - (8 << size) : (16 << size) - immhb(i);
    }

    private static String vector(Insn i, String op, boolean left) {
        int size = shiftSize(i);
        int q = i.f("q");
        if (size < 0 || (size == 3 && q == 0)) {
            return null;
        }
        return ins(op, v(i.f("rd"), size, q), v(i.f("rn"), size, q), dec(amount(i, size, left)));
    }

    private static String narrow(Insn i, String op) {
        int size = shiftSize(i);
        int q = i.f("q");
        if (size < 0 || size == 3) {
            return null;
        }
        return ins(AdvancedSimdFormats.upper(op, q), v(i.f("rd"), size, q), v(i.f("rn"), size + 1, 1),
                dec(amount(i, size, false)));
    }

    private static String shiftLong(Insn i, String op, String alias) {
        int size = shiftSize(i);
        int q = i.f("q");
        if (size < 0 || size == 3) {
            return null;
        }
        int shift = amount(i, size, true);
        String d = v(i.f("rd"), size + 1, 1);
        String n = v(i.f("rn"), size, q);
        if (shift == 0) {
            return ins(AdvancedSimdFormats.upper(alias, q), d, n);
        }
        return ins(AdvancedSimdFormats.upper(op, q), d, n, dec(shift));
    }

    /** Fixed-point conversions: #fbits counts down like a right shift; byte lanes unallocated. */
    private static String fixedVector(Insn i, String op) {
        int size = shiftSize(i);
        int q = i.f("q");
        if (size < 1 || (size == 3 && q == 0)) {
            return null;
        }
        return ins(op, v(i.f("rd"), size, q), v(i.f("rn"), size, q), dec(amount(i, size, false)));
    }

    private static String scalarShift(Insn i, String op, boolean left, boolean doubleOnly) {
        int size = shiftSize(i);
        if (size < 0 || (doubleOnly && size != 3)) {
            return null;
        }
        return ins(op, scalar(size, i.f("rd")), scalar(size, i.f("rn")), dec(amount(i, size, left)));
    }

    private static String narrowScalar(Insn i, String op) {
        int size = shiftSize(i);
        if (size < 0 || size == 3) {
            return null;
        }
        return ins(op, scalar(size, i.f("rd")), scalar(size + 1, i.f("rn")), dec(amount(i, size, false)));
    }

    private static String fixedScalar(Insn i, String op) {
        int size = shiftSize(i);
        if (size < 1) {
            return null;
        }
        return ins(op, scalar(size, i.f("rd")), scalar(size, i.f("rn")), dec(amount(i, size, false)));
    }
}
