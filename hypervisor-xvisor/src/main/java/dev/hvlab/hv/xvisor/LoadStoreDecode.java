package dev.hvlab.hv.xvisor;

import dev.hvlab.core.decode.Insn;
import dev.hvlab.core.decode.Pattern;
import dev.hvlab.core.isa.A64;

/**
 * The software decode of a trapped load or store that the syndrome does not describe (ESR_EL2.ISV = 0:
 * writeback addressing, pairs), in the spirit of Xvisor's {@code emulate_arm_inst}: the instruction
 * word, found through the project's A64 decode table, turned into the accesses it makes. Upstream
 * Xvisor decodes A32/T32 here even for AArch64 guests; this is the A64 decode such a path needs.
 *
 * @param load      a load (else a store)
 * @param size      bytes per register
 * @param signed    sign-extend loads
 * @param to64      the destination is an X register
 * @param rt        first transfer register
 * @param rt2       second transfer register of a pair, or -1
 * @param rn        base register (31 = SP)
 * @param offset    immediate offset (already scaled), added before the access unless post-indexed
 * @param rm        offset register of the register-offset form, or -1
 * @param extend    option of the register-offset form
 * @param shift     the register-offset form's left shift
 * @param postIndex the address is the base; the base becomes base + offset afterwards
 * @param writeback the base is updated
 */
record LoadStoreDecode(String pattern, boolean load, int size, boolean signed, boolean to64, int rt, int rt2, int rn,
        long offset, int rm, int extend, int shift, boolean postIndex, boolean writeback) {

    /** Decodes {@code word}, or null when it is not a general-purpose register load or store. */
    static LoadStoreDecode decode(int word) {
        Pattern p = A64.decoder().match(word);
        if (p == null) {
            return null;
        }
        Insn i = new Insn(p, word);
        String n = p.name();
        switch (n) {
            case "LDST_unsc", "LDST_post", "LDST_pre", "LDST_uoff", "LDST_roff" -> {
                int size = 1 << i.f("size");
                int opc = i.f("opc");
                boolean load = opc != 0;
                boolean signed = opc >= 2;
                if (signed && (size == 8 || (opc == 3 && size == 4))) {
                    return null; // PRFM and unallocated forms
                }
                boolean to64 = size == 8 || opc == 2;
                long off = 0;
                int rm = -1;
                int option = 0;
                int shift = 0;
                if (n.equals("LDST_uoff")) {
                    off = (long) i.f("imm12") * size;
                } else if (n.equals("LDST_roff")) {
                    rm = i.f("rm");
                    option = i.f("option");
                    if ((option & 2) == 0) {
                        return null;
                    }
                    shift = i.f("S") == 1 ? Integer.numberOfTrailingZeros(size) : 0;
                } else {
                    off = i.sf("imm9");
                }
                boolean post = n.equals("LDST_post");
                boolean wb = post || n.equals("LDST_pre");
                return new LoadStoreDecode(n, load, size, signed, to64, i.f("rt"), -1, i.f("rn"), off, rm, option, shift,
                        post, wb);
            }
            case "LDP_off", "LDP_pre", "LDP_post", "STP_off", "STP_pre", "STP_post" -> {
                int opc = i.f("opc");
                if (opc == 3 || (opc == 1 && n.startsWith("ST"))) {
                    return null;
                }
                int size = opc == 2 ? 8 : 4;
                boolean post = n.endsWith("post");
                return new LoadStoreDecode(n, n.startsWith("LD"), size, opc == 1, opc != 0, i.f("rt"), i.f("rt2"),
                        i.f("rn"), i.sf("imm7") * size, -1, 0, 0, post, !n.endsWith("off"));
            }
            default -> {
                return null;
            }
        }
    }

    /** ExtendReg for the register-offset form (UXTW, LSL/UXTX, SXTW, SXTX) then the shift. */
    long registerOffset(long rmValue) {
        long v = switch (extend) {
            case 2 -> rmValue & 0xFFFF_FFFFL;
            case 6 -> (long) (int) rmValue;
            default -> rmValue;
        };
        return v << shift;
    }

    /** A loaded value of {@code size} bytes as the destination register receives it. */
    long extendLoaded(long raw) {
        long v = size >= 8 ? raw : raw & ((1L << 8 * size) - 1);
        if (signed && size < 8) {
            int s = 64 - 8 * size;
            v = v << s >> s;
            if (!to64) {
                v &= 0xFFFF_FFFFL;
            }
        }
        return v;
    }
}
