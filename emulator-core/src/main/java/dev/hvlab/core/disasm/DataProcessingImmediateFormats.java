package dev.hvlab.core.disasm;

import static dev.hvlab.core.disasm.Syntax.dec;
import static dev.hvlab.core.disasm.Syntax.hex;
import static dev.hvlab.core.disasm.Syntax.ins;
import static dev.hvlab.core.disasm.Syntax.r;
import static dev.hvlab.core.disasm.Syntax.rsp;

import dev.hvlab.core.decode.Insn;

/** Syntax of the ARM ARM group "Data processing -- immediate" (C4.1.86) and its aliases. */
final class DataProcessingImmediateFormats {
    private DataProcessingImmediateFormats() {
    }

    static void register(Formats f) {
        f.put("ADR", (i, pc) -> ins("adr", Syntax.x(i.f("rd")), Syntax.target(pc + pcrel(i))));
        f.put("ADRP", (i, pc) -> ins("adrp", Syntax.x(i.f("rd")),
                Syntax.target((pc & ~0xfffL) + (pcrel(i) << 12))));
        f.put("ADD_i", (i, pc) -> addSub(i, "add"));
        f.put("ADDS_i", (i, pc) -> addSub(i, "adds"));
        f.put("SUB_i", (i, pc) -> addSub(i, "sub"));
        f.put("SUBS_i", (i, pc) -> addSub(i, "subs"));
        f.put("AND_i", (i, pc) -> logical(i, "and"));
        f.put("ORR_i", (i, pc) -> logical(i, "orr"));
        f.put("EOR_i", (i, pc) -> logical(i, "eor"));
        f.put("ANDS_i", (i, pc) -> logical(i, "ands"));
        f.put("MOVN", (i, pc) -> moveWide(i, "movn"));
        f.put("MOVZ", (i, pc) -> moveWide(i, "movz"));
        f.put("MOVK", (i, pc) -> moveWide(i, "movk"));
        f.put("SBFM", (i, pc) -> bitfield(i, "sbfm"));
        f.put("BFM", (i, pc) -> bitfield(i, "bfm"));
        f.put("UBFM", (i, pc) -> bitfield(i, "ubfm"));
        f.put("EXTR", DataProcessingImmediateFormats::extr);
    }

    private static long pcrel(Insn i) {
        return (i.sf("immhi") << 2) | i.f("immlo");
    }

    private static String addSub(Insn i, String op) {
        int sf = i.f("sf");
        int rd = i.f("rd");
        int rn = i.f("rn");
        int imm = i.f("imm12");
        String shifted = i.f("sh") == 1 ? ", lsl #12" : "";
        boolean setsFlags = op.endsWith("s");
        // MOV (to/from SP) is ADD #0 with SP on either side.
        if (op.equals("add") && imm == 0 && i.f("sh") == 0 && (rd == 31 || rn == 31)) {
            return ins("mov", rsp(sf, rd), rsp(sf, rn));
        }
        if (setsFlags && rd == 31) {
            return ins(op.equals("adds") ? "cmn" : "cmp", rsp(sf, rn), hex(imm) + shifted);
        }
        String d = setsFlags ? r(sf, rd) : rsp(sf, rd);
        return ins(op, d, rsp(sf, rn), hex(imm) + shifted);
    }

    private static String logical(Insn i, String op) {
        int sf = i.f("sf");
        int n = i.f("N");
        if (sf == 0 && n == 1) {
            return null;
        }
        int immr = i.f("immr");
        int imms = i.f("imms");
        long imm = LogicalImmediate.decode(n, immr, imms, sf != 0 ? 64 : 32);
        if (imm == 0) {
            return null;
        }
        int rd = i.f("rd");
        int rn = i.f("rn");
        if (op.equals("ands")) {
            if (rd == 31) {
                return ins("tst", r(sf, rn), hex(imm));
            }
            return ins(op, r(sf, rd), r(sf, rn), hex(imm));
        }
        // MOVZ/MOVN cannot write SP, so ORR into SP is always written as MOV.
        if (op.equals("orr") && rn == 31 && (rd == 31 || !LogicalImmediate.isWideConstant(imm, sf != 0 ? 64 : 32))) {
            return ins("mov", rsp(sf, rd), hex(imm));
        }
        return ins(op, rsp(sf, rd), r(sf, rn), hex(imm));
    }

    private static String moveWide(Insn i, String op) {
        int sf = i.f("sf");
        int hw = i.f("hw");
        if (sf == 0 && hw >= 2) {
            return null;
        }
        int imm16 = i.f("imm16");
        int shift = hw * 16;
        String rd = r(sf, i.f("rd"));
        boolean zeroShifted = imm16 == 0 && hw != 0;
        if (op.equals("movz") && !zeroShifted) {
            return ins("mov", rd, hex((long) imm16 << shift));
        }
        if (op.equals("movn") && !zeroShifted && !(sf == 0 && imm16 == 0xffff)) {
            long v = ~((long) imm16 << shift);
            return ins("mov", rd, hex(sf != 0 ? v : v & 0xffffffffL));
        }
        String sh = hw != 0 ? ", lsl #" + shift : "";
        return ins(op, rd, hex(imm16) + sh);
    }

    private static String bitfield(Insn i, String op) {
        int sf = i.f("sf");
        int n = i.f("N");
        int immr = i.f("immr");
        int imms = i.f("imms");
        if (sf != n || (sf == 0 && (immr >= 32 || imms >= 32))) {
            return null;
        }
        int size = sf != 0 ? 64 : 32;
        String rd = r(sf, i.f("rd"));
        int rnNum = i.f("rn");
        String rn = r(sf, rnNum);
        boolean signed = op.equals("sbfm");
        switch (op) {
            case "sbfm", "ubfm" -> {
                if (imms == size - 1) {
                    return ins(signed ? "asr" : "lsr", rd, rn, dec(immr));
                }
                if (!signed && imms + 1 == immr) {
                    return ins("lsl", rd, rn, dec(size - 1 - imms));
                }
                if (immr == 0 && (imms == 7 || imms == 15 || (imms == 31 && signed))) {
                    String ext = (signed ? "sxt" : "uxt") + (imms == 7 ? "b" : imms == 15 ? "h" : "w");
                    if (signed || sf == 0) {
                        return ins(ext, rd, r(0, rnNum));
                    }
                }
                if (imms < immr) {
                    return ins(signed ? "sbfiz" : "ubfiz", rd, rn, dec(size - immr), dec(imms + 1));
                }
                return ins(signed ? "sbfx" : "ubfx", rd, rn, dec(immr), dec(imms - immr + 1));
            }
            default -> {
                if (imms < immr) {
                    if (rnNum == 31) {
                        return ins("bfc", rd, dec(size - immr), dec(imms + 1));
                    }
                    return ins("bfi", rd, rn, dec(size - immr), dec(imms + 1));
                }
                return ins("bfxil", rd, rn, dec(immr), dec(imms - immr + 1));
            }
        }
    }

    private static String extr(Insn i, long pc) {
        int sf = i.f("sf");
        int imms = i.f("imms");
        if (sf != i.f("N") || (sf == 0 && imms >= 32)) {
            return null;
        }
        int rn = i.f("rn");
        int rm = i.f("rm");
        if (rn == rm) {
            return ins("ror", r(sf, i.f("rd")), r(sf, rn), dec(imms));
        }
        return ins("extr", r(sf, i.f("rd")), r(sf, rn), r(sf, rm), dec(imms));
    }
}
