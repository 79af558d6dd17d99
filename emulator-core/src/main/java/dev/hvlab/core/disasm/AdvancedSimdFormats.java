package dev.hvlab.core.disasm;

import static dev.hvlab.core.disasm.SimdSyntax.scalar;
import static dev.hvlab.core.disasm.SimdSyntax.v;
import static dev.hvlab.core.disasm.Syntax.ins;

import dev.hvlab.core.decode.Insn;

/**
 * Syntax of the AdvSIMD register groups of ARM ARM C4.1.96: three same, three different,
 * two-register miscellaneous, across lanes, scalar pairwise, permute, extract and table lookup,
 * in their vector and scalar encodings.
 *
 * <p>Each family takes the element sizes it allows as a mask over size (bit n: size n allowed);
 * a vector of 64-bit elements also needs the 128-bit form (q=1). Other combinations are
 * unallocated and print as undefined.
 */
final class AdvancedSimdFormats {
    private static final int B = 1;
    private static final int BH = 3;
    private static final int BHS = 7;
    private static final int HS = 6;
    private static final int D = 8;
    private static final int ALL = 15;

    private AdvancedSimdFormats() {
    }

    static void register(Formats f) {
        threeSame(f);
        threeDifferent(f);
        twoRegisterMisc(f);
        acrossLanes(f);
        permute(f);
    }

    private static void threeSame(Formats f) {
        Formats.each(f, "SQADD_v UQADD_v SQSUB_v UQSUB_v CMGT_v CMHI_v CMGE_v CMHS_v SSHL_v USHL_v SQSHL_v"
                + " UQSHL_v SRSHL_v URSHL_v SQRSHL_v UQRSHL_v ADD_v SUB_v CMTST_v CMEQ_v ADDP_v",
                (i, op) -> same(i, op, ALL));
        Formats.each(f, "SHADD_v UHADD_v SRHADD_v URHADD_v SHSUB_v UHSUB_v SMAX_v UMAX_v SMIN_v UMIN_v SABD_v"
                + " UABD_v SABA_v UABA_v MLA_v MLS_v MUL_v SMAXP_v UMAXP_v SMINP_v UMINP_v",
                (i, op) -> same(i, op, BHS));
        Formats.each(f, "SQDMULH_v SQRDMULH_v", (i, op) -> same(i, op, HS));
        f.put("PMUL_v", (i, pc) -> same(i, "pmul", B));
        Formats.each(f, "AND_v BIC_v ORN_v EOR_v BSL_v BIT_v BIF_v", AdvancedSimdFormats::logical);
        // MOV (vector) is ORR with Rn = Rm.
        f.put("ORR_v", (i, pc) -> i.f("rn") == i.f("rm") ? bytes(i, "mov") : logical(i, "orr"));
        Formats.each(f, "FMAXNM_v FMINNM_v FMAXNMP_v FMINNMP_v FMLA_v FMLS_v FADD_v FSUB_v FADDP_v FABD_v FMULX_v"
                + " FMUL_v FCMEQ_v FCMGE_v FCMGT_v FACGE_v FACGT_v FMAX_v FMIN_v FMAXP_v FMINP_v FRECPS_v FRSQRTS_v"
                + " FDIV_v", AdvancedSimdFormats::sameFp);
        Formats.each(f, "SQADD_vs UQADD_vs SQSUB_vs UQSUB_vs SQSHL_vs UQSHL_vs SQRSHL_vs UQRSHL_vs",
                (i, op) -> sameScalar(i, op, ALL));
        Formats.each(f, "CMGT_vs CMHI_vs CMGE_vs CMHS_vs SSHL_vs USHL_vs SRSHL_vs URSHL_vs ADD_vs SUB_vs"
                + " CMTST_vs CMEQ_vs", (i, op) -> sameScalar(i, op, D));
        Formats.each(f, "SQDMULH_vs SQRDMULH_vs", (i, op) -> sameScalar(i, op, HS));
        Formats.each(f, "FABD_vs FMULX_vs FCMEQ_vs FCMGE_vs FCMGT_vs FACGE_vs FACGT_vs FRECPS_vs FRSQRTS_vs",
                (i, op) -> ins(op, fpScalar(i, "rd"), fpScalar(i, "rn"), fpScalar(i, "rm")));
    }

    private static void threeDifferent(Formats f) {
        Formats.each(f, "SADDL_v UADDL_v SSUBL_v USUBL_v SABAL_v UABAL_v SABDL_v UABDL_v SMLAL_v UMLAL_v"
                + " SMLSL_v UMLSL_v SMULL_v UMULL_v", (i, op) -> different(i, op, BHS, 1, 0, 0));
        Formats.each(f, "SQDMLAL_v SQDMLSL_v SQDMULL_v", (i, op) -> different(i, op, HS, 1, 0, 0));
        Formats.each(f, "SADDW_v UADDW_v SSUBW_v USUBW_v", (i, op) -> different(i, op, BHS, 1, 1, 0));
        Formats.each(f, "ADDHN_v RADDHN_v SUBHN_v RSUBHN_v", (i, op) -> different(i, op, BHS, 0, 1, 1));
        f.put("PMULL_v", (i, pc) -> pmull(i));
        Formats.each(f, "SQDMLAL_vs SQDMLSL_vs SQDMULL_vs", AdvancedSimdFormats::differentScalar);
    }

    private static void twoRegisterMisc(Formats f) {
        Formats.each(f, "SUQADD_v USQADD_v SQABS_v SQNEG_v ABS_v NEG_v", (i, op) -> misc(i, op, ALL, ""));
        Formats.each(f, "CMGT_v_z CMGE_v_z CMEQ_v_z CMLE_v_z CMLT_v_z", (i, op) -> misc(i, op, ALL, "#0"));
        f.put("REV64_v", (i, pc) -> misc(i, "rev64", BHS, ""));
        f.put("REV32_v", (i, pc) -> misc(i, "rev32", BH, ""));
        f.put("REV16_v", (i, pc) -> misc(i, "rev16", B, ""));
        Formats.each(f, "CLS_v CLZ_v", (i, op) -> misc(i, op, BHS, ""));
        f.put("CNT_v", (i, pc) -> misc(i, "cnt", B, ""));
        // NOT is printed as its alias MVN; RBIT's size field is fixed but it works on bytes.
        f.put("NOT_v", (i, pc) -> bytes(i, "mvn"));
        f.put("RBIT_v", (i, pc) -> bytes(i, "rbit"));
        Formats.each(f, "SADDLP_v UADDLP_v SADALP_v UADALP_v", AdvancedSimdFormats::longPairwise);
        Formats.each(f, "XTN_v SQXTUN_v SQXTN_v UQXTN_v", AdvancedSimdFormats::narrow);
        f.put("SHLL_v", (i, pc) -> shll(i));
        f.put("FCVTN_v", (i, pc) -> fcvtNarrow(i, "fcvtn"));
        f.put("FCVTXN_v", (i, pc) -> i.f("sz") == 0 ? null : fcvtNarrow(i, "fcvtxn"));
        f.put("FCVTL_v", (i, pc) -> fcvtl(i));
        Formats.each(f, "FRINTN_v FRINTM_v FRINTP_v FRINTZ_v FRINTA_v FRINTX_v FRINTI_v FCVTNS_v FCVTNU_v"
                + " FCVTMS_v FCVTMU_v FCVTAS_v FCVTAU_v SCVTF_v UCVTF_v FABS_v FNEG_v FCVTPS_v FCVTPU_v FCVTZS_v"
                + " FCVTZU_v FRECPE_v FRSQRTE_v FSQRT_v", (i, op) -> miscFp(i, op, ""));
        Formats.each(f, "FCMGT_v_z FCMEQ_v_z FCMLT_v_z FCMGE_v_z FCMLE_v_z", (i, op) -> miscFp(i, op, "#0.0"));
        Formats.each(f, "URECPE_v URSQRTE_v", (i, op) -> i.f("sz") == 1 ? null : miscFp(i, op, ""));
        Formats.each(f, "SUQADD_vs USQADD_vs SQABS_vs SQNEG_vs", (i, op) -> miscScalar(i, op, ALL, ""));
        Formats.each(f, "ABS_vs NEG_vs", (i, op) -> miscScalar(i, op, D, ""));
        Formats.each(f, "CMGT_vs_z CMGE_vs_z CMEQ_vs_z CMLE_vs_z CMLT_vs_z", (i, op) -> miscScalar(i, op, D, "#0"));
        Formats.each(f, "SQXTUN_vs SQXTN_vs UQXTN_vs", AdvancedSimdFormats::narrowScalar);
        f.put("FCVTXN_vs", (i, pc) -> i.f("sz") == 0 ? null
                : ins("fcvtxn", scalar(2, i.f("rd")), scalar(3, i.f("rn"))));
        Formats.each(f, "FCVTNS_vs FCVTNU_vs FCVTMS_vs FCVTMU_vs FCVTAS_vs FCVTAU_vs SCVTF_vs UCVTF_vs FCVTPS_vs"
                + " FCVTPU_vs FCVTZS_vs FCVTZU_vs FRECPE_vs FRSQRTE_vs FRECPX_vs",
                (i, op) -> ins(op, fpScalar(i, "rd"), fpScalar(i, "rn")));
        Formats.each(f, "FCMGT_vs_z FCMEQ_vs_z FCMLT_vs_z FCMGE_vs_z FCMLE_vs_z",
                (i, op) -> ins(op, fpScalar(i, "rd"), fpScalar(i, "rn"), "#0.0"));
    }

    private static void acrossLanes(Formats f) {
        Formats.each(f, "SADDLV_v UADDLV_v", (i, op) -> across(i, op, 1));
        Formats.each(f, "SMAXV_v UMAXV_v SMINV_v UMINV_v ADDV_v", (i, op) -> across(i, op, 0));
        Formats.each(f, "FMAXNMV_v FMINNMV_v FMAXV_v FMINV_v", (i, op) -> i.f("sz") == 1 || i.f("q") == 0 ? null
                : ins(op, scalar(2, i.f("rd")), v(i.f("rn"), "4s")));
        f.put("ADDP_vs", (i, pc) -> i.f("size") != 3 ? null : ins("addp", scalar(3, i.f("rd")), v(i.f("rn"), "2d")));
        Formats.each(f, "FMAXNMP_vs FMINNMP_vs FADDP_vs FMAXP_vs FMINP_vs",
                (i, op) -> ins(op, fpScalar(i, "rd"), v(i.f("rn"), 2 + i.f("sz"), i.f("sz"))));
    }

    private static void permute(Formats f) {
        Formats.each(f, "UZP1_v TRN1_v ZIP1_v UZP2_v TRN2_v ZIP2_v", (i, op) -> same(i, op, ALL));
        f.put("EXT_v", (i, pc) -> ext(i));
        Formats.each(f, "TBL_v TBX_v", AdvancedSimdFormats::table);
    }

    /** Whether size is in the mask, and 64-bit elements come in a 128-bit vector. */
    static boolean allowed(int size, int q, int sizes) {
        return (sizes >> size & 1) != 0 && (size != 3 || q == 1);
    }

    private static String same(Insn i, String op, int sizes) {
        int size = i.f("size");
        int q = i.f("q");
        if (!allowed(size, q, sizes)) {
            return null;
        }
        return ins(op, v(i.f("rd"), size, q), v(i.f("rn"), size, q), v(i.f("rm"), size, q));
    }

    /** Two registers of byte lanes: "op vd.16b, vn.16b". */
    private static String bytes(Insn i, String op) {
        int q = i.f("q");
        return ins(op, v(i.f("rd"), 0, q), v(i.f("rn"), 0, q));
    }

    private static String logical(Insn i, String op) {
        int q = i.f("q");
        return ins(op, v(i.f("rd"), 0, q), v(i.f("rn"), 0, q), v(i.f("rm"), 0, q));
    }

    /** The FP vector arrangement of sz:q (2s, 4s, 2d); null for the unallocated 1d. */
    static String fpArrangement(int sz, int q) {
        return sz == 1 && q == 0 ? null : SimdSyntax.arrangement(2 + sz, q);
    }

    private static String sameFp(Insn i, String op) {
        String t = fpArrangement(i.f("sz"), i.f("q"));
        return t == null ? null : ins(op, v(i.f("rd"), t), v(i.f("rn"), t), v(i.f("rm"), t));
    }

    private static String sameScalar(Insn i, String op, int sizes) {
        int size = i.f("size");
        if ((sizes >> size & 1) == 0) {
            return null;
        }
        return ins(op, scalar(size, i.f("rd")), scalar(size, i.f("rn")), scalar(size, i.f("rm")));
    }

    /** s or d by the sz field of the scalar FP forms. */
    private static String fpScalar(Insn i, String field) {
        return scalar(2 + i.f("sz"), i.f(field));
    }

    /** The "2" of the forms that work on the upper half of a 128-bit register. */
    static String upper(String op, int q) {
        return q == 1 ? op + "2" : op;
    }

    /**
     * Long, wide and narrowing forms: each of d, n, m is 1 when it holds the double-width
     * elements (its arrangement then covers the whole 128-bit register).
     */
    private static String different(Insn i, String op, int sizes, int dWide, int nWide, int mWide) {
        int size = i.f("size");
        int q = i.f("q");
        if ((sizes >> size & 1) == 0) {
            return null;
        }
        return ins(upper(op, q), part(i.f("rd"), size, q, dWide), part(i.f("rn"), size, q, nWide),
                part(i.f("rm"), size, q, mWide));
    }

    private static String part(int n, int size, int q, int wide) {
        return wide == 1 ? v(n, size + 1, 1) : v(n, size, q);
    }

    /** PMULL: 8-bit polynomials to 16, or (crypto extension) 64-bit to 128. */
    private static String pmull(Insn i) {
        int size = i.f("size");
        int q = i.f("q");
        if (size == 0) {
            return different(i, "pmull", B, 1, 0, 0);
        }
        if (size == 3) {
            return ins(upper("pmull", q), v(i.f("rd"), "1q"), v(i.f("rn"), 3, q), v(i.f("rm"), 3, q));
        }
        return null;
    }

    private static String differentScalar(Insn i, String op) {
        int size = i.f("size");
        if ((HS >> size & 1) == 0) {
            return null;
        }
        return ins(op, scalar(size + 1, i.f("rd")), scalar(size, i.f("rn")), scalar(size, i.f("rm")));
    }

    private static String misc(Insn i, String op, int sizes, String zero) {
        int size = i.f("size");
        int q = i.f("q");
        if (!allowed(size, q, sizes)) {
            return null;
        }
        String d = v(i.f("rd"), size, q);
        String n = v(i.f("rn"), size, q);
        return zero.isEmpty() ? ins(op, d, n) : ins(op, d, n, zero);
    }

    private static String longPairwise(Insn i, String op) {
        int size = i.f("size");
        int q = i.f("q");
        if (size == 3) {
            return null;
        }
        return ins(op, v(i.f("rd"), size + 1, q), v(i.f("rn"), size, q));
    }

    private static String narrow(Insn i, String op) {
        int size = i.f("size");
        int q = i.f("q");
        if (size == 3) {
            return null;
        }
        return ins(upper(op, q), v(i.f("rd"), size, q), v(i.f("rn"), size + 1, 1));
    }

    private static String shll(Insn i) {
        int size = i.f("size");
        int q = i.f("q");
        if (size == 3) {
            return null;
        }
        return ins(upper("shll", q), v(i.f("rd"), size + 1, 1), v(i.f("rn"), size, q), Syntax.dec(8 << size));
    }

    /** FCVTN/FCVTXN: double to single (sz=1) or single to half (sz=0). */
    private static String fcvtNarrow(Insn i, String op) {
        int sz = i.f("sz");
        int q = i.f("q");
        return ins(upper(op, q), v(i.f("rd"), 1 + sz, q), v(i.f("rn"), 2 + sz, 1));
    }

    private static String fcvtl(Insn i) {
        int sz = i.f("sz");
        int q = i.f("q");
        return ins(upper("fcvtl", q), v(i.f("rd"), 2 + sz, 1), v(i.f("rn"), 1 + sz, q));
    }

    private static String miscFp(Insn i, String op, String zero) {
        String t = fpArrangement(i.f("sz"), i.f("q"));
        if (t == null) {
            return null;
        }
        String d = v(i.f("rd"), t);
        String n = v(i.f("rn"), t);
        return zero.isEmpty() ? ins(op, d, n) : ins(op, d, n, zero);
    }

    private static String miscScalar(Insn i, String op, int sizes, String zero) {
        int size = i.f("size");
        if ((sizes >> size & 1) == 0) {
            return null;
        }
        String d = scalar(size, i.f("rd"));
        String n = scalar(size, i.f("rn"));
        return zero.isEmpty() ? ins(op, d, n) : ins(op, d, n, zero);
    }

    private static String narrowScalar(Insn i, String op) {
        int size = i.f("size");
        return size == 3 ? null : ins(op, scalar(size, i.f("rd")), scalar(size + 1, i.f("rn")));
    }

    /** Across lanes: byte and halfword lanes in either width, words only in 128 bits. */
    private static String across(Insn i, String op, int widen) {
        int size = i.f("size");
        int q = i.f("q");
        if (size == 3 || (size == 2 && q == 0)) {
            return null;
        }
        return ins(op, scalar(size + widen, i.f("rd")), v(i.f("rn"), size, q));
    }

    private static String ext(Insn i) {
        int q = i.f("q");
        int index = i.f("imm4");
        if (q == 0 && index >= 8) {
            return null;
        }
        return ins("ext", v(i.f("rd"), 0, q), v(i.f("rn"), 0, q), v(i.f("rm"), 0, q), Syntax.dec(index));
    }

    private static String table(Insn i, String op) {
        int q = i.f("q");
        return ins(op, v(i.f("rd"), 0, q), SimdSyntax.list(i.f("rn"), i.f("len") + 1, ".16b"), v(i.f("rm"), 0, q));
    }
}
