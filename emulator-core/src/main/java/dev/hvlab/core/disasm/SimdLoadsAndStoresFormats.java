package dev.hvlab.core.disasm;

import static dev.hvlab.core.disasm.LoadsAndStoresFormats.address;
import static dev.hvlab.core.disasm.SimdSyntax.scalar;
import static dev.hvlab.core.disasm.Syntax.ins;
import static dev.hvlab.core.disasm.Syntax.xsp;

import dev.hvlab.core.decode.Insn;
import dev.hvlab.core.disasm.LoadsAndStoresFormats.Index;

/**
 * Syntax of the SIMD&amp;FP loads and stores of ARM ARM C4.1.88: single registers (literal, pair,
 * immediate and register offsets) and the structure loads and stores LD1-LD4, ST1-ST4, LD1R-LD4R
 * with their register lists and post-index forms.
 */
final class SimdLoadsAndStoresFormats {
    private SimdLoadsAndStoresFormats() {
    }

    static void register(Formats f) {
        f.put("LDR_v_lit", (i, pc) -> i.f("opc") == 3 ? null
                : ins("ldr", scalar(2 + i.f("opc"), i.f("rt")), Syntax.target(pc + (i.sf("imm19") << 2))));
        f.put("STNP_v", (i, pc) -> pair(i, "stnp", Index.OFFSET));
        f.put("LDNP_v", (i, pc) -> pair(i, "ldnp", Index.OFFSET));
        f.put("STP_v_post", (i, pc) -> pair(i, "stp", Index.POST));
        f.put("LDP_v_post", (i, pc) -> pair(i, "ldp", Index.POST));
        f.put("STP_v_off", (i, pc) -> pair(i, "stp", Index.OFFSET));
        f.put("LDP_v_off", (i, pc) -> pair(i, "ldp", Index.OFFSET));
        f.put("STP_v_pre", (i, pc) -> pair(i, "stp", Index.PRE));
        f.put("LDP_v_pre", (i, pc) -> pair(i, "ldp", Index.PRE));
        f.put("LDST_v_unsc", (i, pc) -> single(i, "ur", Index.OFFSET, i.sf("imm9"), false));
        f.put("LDST_v_post", (i, pc) -> single(i, "r", Index.POST, i.sf("imm9"), false));
        f.put("LDST_v_pre", (i, pc) -> single(i, "r", Index.PRE, i.sf("imm9"), false));
        f.put("LDST_v_uoff", (i, pc) -> single(i, "r", Index.OFFSET, i.f("imm12"), true));
        f.put("LDST_v_roff", (i, pc) -> registerOffset(i));

        String[][] multiple = {{"ST1_m1", "st1", "1"}, {"ST1_m2", "st1", "2"}, {"ST1_m3", "st1", "3"},
            {"ST1_m4", "st1", "4"}, {"ST2_m", "st2", "2"}, {"ST3_m", "st3", "3"}, {"ST4_m", "st4", "4"},
            {"LD1_m1", "ld1", "1"}, {"LD1_m2", "ld1", "2"}, {"LD1_m3", "ld1", "3"}, {"LD1_m4", "ld1", "4"},
            {"LD2_m", "ld2", "2"}, {"LD3_m", "ld3", "3"}, {"LD4_m", "ld4", "4"}};
        for (String[] m : multiple) {
            int regs = Integer.parseInt(m[2]);
            f.put(m[0], (i, pc) -> multiple(i, m[1], regs, false));
            f.put(m[0] + "_post", (i, pc) -> multiple(i, m[1], regs, true));
        }
        for (int n = 1; n <= 4; n++) {
            int selem = n;
            f.put("ST" + n + "_s", (i, pc) -> lane(i, "st" + selem, selem, false));
            f.put("LD" + n + "_s", (i, pc) -> lane(i, "ld" + selem, selem, false));
            f.put("ST" + n + "_s_post", (i, pc) -> lane(i, "st" + selem, selem, true));
            f.put("LD" + n + "_s_post", (i, pc) -> lane(i, "ld" + selem, selem, true));
            f.put("LD" + n + "R", (i, pc) -> replicate(i, "ld" + selem + "r", selem, false));
            f.put("LD" + n + "R_post", (i, pc) -> replicate(i, "ld" + selem + "r", selem, true));
        }
    }

    /** Pairs: opc 00 S, 01 D, 10 Q; the offset is scaled by the register size. */
    private static String pair(Insn i, String op, Index index) {
        int opc = i.f("opc");
        if (opc == 3) {
            return null;
        }
        int size = 2 + opc;
        return ins(op, scalar(size, i.f("rt")), scalar(size, i.f("rt2")),
                address(i.f("rn"), index, i.sf("imm7") << size));
    }

    /** log2 of the transfer size of size:opc&lt;1&gt;: B, H, S, D, or Q (size=00, opc&lt;1&gt;=1); -1 otherwise. */
    private static int singleSize(Insn i) {
        int size = i.f("size");
        if ((i.f("opc") & 2) == 0) {
            return size;
        }
        return size == 0 ? 4 : -1;
    }

    private static String single(Insn i, String infix, Index index, long offset, boolean scaled) {
        int size = singleSize(i);
        if (size < 0) {
            return null;
        }
        String op = ((i.f("opc") & 1) == 1 ? "ld" : "st") + infix;
        return ins(op, scalar(size, i.f("rt")), address(i.f("rn"), index, scaled ? offset << size : offset));
    }

    private static String registerOffset(Insn i) {
        int size = singleSize(i);
        String addr = size < 0 ? null : LoadsAndStoresFormats.registerOffsetAddress(i, size);
        if (addr == null) {
            return null;
        }
        return ins((i.f("opc") & 1) == 1 ? "ldr" : "str", scalar(size, i.f("rt")), addr);
    }

    /** "[xn]", or after a post-index "[xn], #imm" (rm = 31) or "[xn], xm". */
    private static String structureAddress(Insn i, boolean post, int bytes) {
        String base = "[" + xsp(i.f("rn")) + "]";
        if (!post) {
            return base;
        }
        int rm = i.f("rm");
        return base + ", " + (rm == 31 ? "#" + bytes : Syntax.x(rm));
    }

    /** Multiple structures; 1D lanes (size=11, q=0) exist only for LD1/ST1. */
    private static String multiple(Insn i, String op, int regs, boolean post) {
        int size = i.f("size");
        int q = i.f("q");
        if (size == 3 && q == 0 && !op.endsWith("1")) {
            return null;
        }
        String list = SimdSyntax.list(i.f("rt"), regs, "." + SimdSyntax.arrangement(size, q));
        return ins(op, list, structureAddress(i, post, regs * (8 << q)));
    }

    /**
     * Single structure to or from one lane: opc selects the lane size and the index is Q:S:size
     * with the bits the lane size uses up dropped.
     */
    private static String lane(Insn i, String op, int selem, boolean post) {
        int q = i.f("q");
        int s = i.f("S");
        int size = i.f("size");
        int laneSize;
        int index;
        switch (i.f("opc")) {
            case 0 -> {
                laneSize = 0;
                index = q << 3 | s << 2 | size;
            }
            case 1 -> {
                if ((size & 1) != 0) {
                    return null;
                }
                laneSize = 1;
                index = q << 2 | s << 1 | size >> 1;
            }
            case 2 -> {
                if (size == 0) {
                    laneSize = 2;
                    index = q << 1 | s;
                } else if (size == 1 && s == 0) {
                    laneSize = 3;
                    index = q;
                } else {
                    return null;
                }
            }
            default -> {
                return null;
            }
        }
        String list = SimdSyntax.list(i.f("rt"), selem, "." + "bhsd".charAt(laneSize)) + "[" + index + "]";
        return ins(op, list, structureAddress(i, post, selem << laneSize));
    }

    /** LD1R-LD4R: one element replicated to all lanes. */
    private static String replicate(Insn i, String op, int selem, boolean post) {
        int size = i.f("size");
        String list = SimdSyntax.list(i.f("rt"), selem, "." + SimdSyntax.arrangement(size, i.f("q")));
        return ins(op, list, structureAddress(i, post, selem << size));
    }
}
