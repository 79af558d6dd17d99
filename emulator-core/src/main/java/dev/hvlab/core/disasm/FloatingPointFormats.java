package dev.hvlab.core.disasm;

import static dev.hvlab.core.disasm.SimdSyntax.fp;
import static dev.hvlab.core.disasm.Syntax.COND;
import static dev.hvlab.core.disasm.Syntax.hex;
import static dev.hvlab.core.disasm.Syntax.ins;
import static dev.hvlab.core.disasm.Syntax.r;

import dev.hvlab.core.decode.Insn;

/**
 * Syntax of the scalar floating-point groups of ARM ARM C4.1.96 (data processing with 1, 2 and 3
 * sources, compare, conditional compare and select, immediate, conversions to and from general
 * registers). Operand registers follow ftype: s (00), d (01), h (11).
 */
final class FloatingPointFormats {
    private FloatingPointFormats() {
    }

    static void register(Formats f) {
        Formats.each(f, "FMOV_s FABS_s FNEG_s FSQRT_s FRINTN_s FRINTP_s FRINTM_s FRINTZ_s FRINTA_s FRINTX_s"
                + " FRINTI_s", FloatingPointFormats::oneSource);
        f.put("FCVT_s", (i, pc) -> fcvt(i));
        Formats.each(f, "FMUL_s FDIV_s FADD_s FSUB_s FMAX_s FMIN_s FMAXNM_s FMINNM_s FNMUL_s",
                FloatingPointFormats::twoSource);
        Formats.each(f, "FMADD_s FMSUB_s FNMADD_s FNMSUB_s", FloatingPointFormats::threeSource);
        Formats.each(f, "FCMP_s FCMPE_s", FloatingPointFormats::compare);
        Formats.each(f, "FCCMP_s FCCMPE_s", FloatingPointFormats::condCompare);
        f.put("FCSEL_s", (i, pc) -> fcsel(i));
        f.put("FMOV_s_imm", (i, pc) -> fmovImm(i));
        Formats.each(f, "FCVTNS_g FCVTNU_g FCVTAS_g FCVTAU_g FCVTPS_g FCVTPU_g FCVTMS_g FCVTMU_g FCVTZS_g"
                + " FCVTZU_g", FloatingPointFormats::toInt);
        Formats.each(f, "SCVTF_g UCVTF_g", FloatingPointFormats::fromInt);
        Formats.each(f, "FCVTZS_gfix FCVTZU_gfix", FloatingPointFormats::toFixed);
        Formats.each(f, "SCVTF_gfix UCVTF_gfix", FloatingPointFormats::fromFixed);
        f.put("FMOV_g", (i, pc) -> fmovGeneral(i));
    }

    private static String oneSource(Insn i, String op) {
        int t = i.f("ftype");
        return t == 2 ? null : ins(op, fp(t, i.f("rd")), fp(t, i.f("rn")));
    }

    private static String twoSource(Insn i, String op) {
        int t = i.f("ftype");
        return t == 2 ? null : ins(op, fp(t, i.f("rd")), fp(t, i.f("rn")), fp(t, i.f("rm")));
    }

    private static String threeSource(Insn i, String op) {
        int t = i.f("ftype");
        return t == 2 ? null : ins(op, fp(t, i.f("rd")), fp(t, i.f("rn")), fp(t, i.f("rm")), fp(t, i.f("ra")));
    }

    /** FCVT: opc is the destination type, ftype the source; BFCVT (BF16) is not in ARMv8.0. */
    private static String fcvt(Insn i) {
        int from = i.f("ftype");
        int to = i.f("opc");
        if (from == 2 || to == 2 || from == to) {
            return null;
        }
        return ins("fcvt", fp(to, i.f("rd")), fp(from, i.f("rn")));
    }

    /** FCMP/FCMPE; with z=1 the second operand is +0.0 and Rm is ignored. */
    private static String compare(Insn i, String op) {
        int t = i.f("ftype");
        if (t == 2) {
            return null;
        }
        String second = i.f("z") == 1 ? "#0.0" : fp(t, i.f("rm"));
        return ins(op, fp(t, i.f("rn")), second);
    }

    private static String condCompare(Insn i, String op) {
        int t = i.f("ftype");
        return t == 2 ? null
                : ins(op, fp(t, i.f("rn")), fp(t, i.f("rm")), hex(i.f("nzcv")), COND[i.f("cond")]);
    }

    private static String fcsel(Insn i) {
        int t = i.f("ftype");
        return t == 2 ? null
                : ins("fcsel", fp(t, i.f("rd")), fp(t, i.f("rn")), fp(t, i.f("rm")), COND[i.f("cond")]);
    }

    private static String fmovImm(Insn i) {
        int t = i.f("ftype");
        return t == 2 ? null : ins("fmov", fp(t, i.f("rd")), SimdSyntax.fpImm(SimdSyntax.expandFpImm(i.f("imm8"))));
    }

    private static String toInt(Insn i, String op) {
        int t = i.f("ftype");
        return t == 2 ? null : ins(op, r(i.f("sf"), i.f("rd")), fp(t, i.f("rn")));
    }

    private static String fromInt(Insn i, String op) {
        int t = i.f("ftype");
        return t == 2 ? null : ins(op, fp(t, i.f("rd")), r(i.f("sf"), i.f("rn")));
    }

    /** fbits = 64 - scale; a 32-bit general register allows at most 32 (scale >= 32). */
    private static int fbits(Insn i) {
        int scale = i.f("scale");
        return i.f("ftype") == 2 || (i.f("sf") == 0 && scale < 32) ? -1 : 64 - scale;
    }

    private static String toFixed(Insn i, String op) {
        int fbits = fbits(i);
        return fbits < 0 ? null
                : ins(op, r(i.f("sf"), i.f("rd")), fp(i.f("ftype"), i.f("rn")), Syntax.dec(fbits));
    }

    private static String fromFixed(Insn i, String op) {
        int fbits = fbits(i);
        return fbits < 0 ? null
                : ins(op, fp(i.f("ftype"), i.f("rd")), r(i.f("sf"), i.f("rn")), Syntax.dec(fbits));
    }

    /**
     * FMOV (general): sf:ftype:rmode selects W-S, X-D, X-V.D[1] and the half-precision W/X-H
     * forms; o=1 moves from the general register.
     */
    private static String fmovGeneral(Insn i) {
        int sf = i.f("sf");
        int t = i.f("ftype");
        int rmode = i.f("rmode");
        boolean toVector = i.f("o") == 1;
        int vn = toVector ? i.f("rd") : i.f("rn");
        String vreg;
        if (rmode == 0 && (t == 3 || t == sf)) {
            vreg = fp(t, vn);
        } else if (rmode == 1 && sf == 1 && t == 2) {
            vreg = SimdSyntax.element(vn, 3, 1);
        } else {
            return null;
        }
        return toVector ? ins("fmov", vreg, r(sf, i.f("rn"))) : ins("fmov", r(sf, i.f("rd")), vreg);
    }
}
