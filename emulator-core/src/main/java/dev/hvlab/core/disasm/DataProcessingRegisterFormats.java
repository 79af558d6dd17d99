package dev.hvlab.core.disasm;

import static dev.hvlab.core.disasm.Syntax.COND;
import static dev.hvlab.core.disasm.Syntax.hex;
import static dev.hvlab.core.disasm.Syntax.ins;
import static dev.hvlab.core.disasm.Syntax.r;
import static dev.hvlab.core.disasm.Syntax.rsp;

import dev.hvlab.core.decode.Insn;

/** Syntax of the ARM ARM group "Data processing -- register" (C4.1.89) and its aliases. */
final class DataProcessingRegisterFormats {
    private DataProcessingRegisterFormats() {
    }

    static void register(Formats f) {
        String[] logical = {"AND_r", "and", "BIC_r", "bic", "ORR_r", "orr", "ORN_r", "orn",
            "EOR_r", "eor", "EON_r", "eon", "ANDS_r", "ands", "BICS_r", "bics"};
        for (int k = 0; k < logical.length; k += 2) {
            String op = logical[k + 1];
            f.put(logical[k], (i, pc) -> logical(i, op));
        }
        String[] arith = {"ADD", "add", "ADDS", "adds", "SUB", "sub", "SUBS", "subs"};
        for (int k = 0; k < arith.length; k += 2) {
            String op = arith[k + 1];
            f.put(arith[k] + "_r", (i, pc) -> addSubShifted(i, op));
            f.put(arith[k] + "_x", (i, pc) -> addSubExtended(i, op));
        }
        f.put("ADC", (i, pc) -> three(i, "adc"));
        f.put("ADCS", (i, pc) -> three(i, "adcs"));
        f.put("SBC", (i, pc) -> i.f("rn") == 31 ? two(i, "ngc") : three(i, "sbc"));
        f.put("SBCS", (i, pc) -> i.f("rn") == 31 ? two(i, "ngcs") : three(i, "sbcs"));
        f.put("CCMN_r", (i, pc) -> condCompare(i, "ccmn", r(i.f("sf"), i.f("rm"))));
        f.put("CCMP_r", (i, pc) -> condCompare(i, "ccmp", r(i.f("sf"), i.f("rm"))));
        f.put("CCMN_i", (i, pc) -> condCompare(i, "ccmn", hex(i.f("imm5"))));
        f.put("CCMP_i", (i, pc) -> condCompare(i, "ccmp", hex(i.f("imm5"))));
        f.put("CSEL", (i, pc) -> condSelect(i, "csel", null, null));
        f.put("CSINC", (i, pc) -> condSelect(i, "csinc", "cset", "cinc"));
        f.put("CSINV", (i, pc) -> condSelect(i, "csinv", "csetm", "cinv"));
        f.put("CSNEG", (i, pc) -> condSelect(i, "csneg", null, "cneg"));
        f.put("MADD", (i, pc) -> multiply(i, "madd", "mul", i.f("sf"), i.f("sf")));
        f.put("MSUB", (i, pc) -> multiply(i, "msub", "mneg", i.f("sf"), i.f("sf")));
        f.put("SMADDL", (i, pc) -> multiply(i, "smaddl", "smull", 1, 0));
        f.put("SMSUBL", (i, pc) -> multiply(i, "smsubl", "smnegl", 1, 0));
        f.put("UMADDL", (i, pc) -> multiply(i, "umaddl", "umull", 1, 0));
        f.put("UMSUBL", (i, pc) -> multiply(i, "umsubl", "umnegl", 1, 0));
        f.put("SMULH", (i, pc) -> ins("smulh", r(1, i.f("rd")), r(1, i.f("rn")), r(1, i.f("rm"))));
        f.put("UMULH", (i, pc) -> ins("umulh", r(1, i.f("rd")), r(1, i.f("rn")), r(1, i.f("rm"))));
        f.put("UDIV", (i, pc) -> three(i, "udiv"));
        f.put("SDIV", (i, pc) -> three(i, "sdiv"));
        // objdump prints the shift-by-register instructions under their alias names.
        f.put("LSLV", (i, pc) -> three(i, "lsl"));
        f.put("LSRV", (i, pc) -> three(i, "lsr"));
        f.put("ASRV", (i, pc) -> three(i, "asr"));
        f.put("RORV", (i, pc) -> three(i, "ror"));
        f.put("CRC32", (i, pc) -> crc(i, "crc32"));
        f.put("CRC32C", (i, pc) -> crc(i, "crc32c"));
        f.put("RBIT", (i, pc) -> two(i, "rbit"));
        f.put("REV16", (i, pc) -> two(i, "rev16"));
        f.put("REV32", (i, pc) -> two(i, i.f("sf") == 0 ? "rev" : "rev32"));
        f.put("REV", (i, pc) -> i.f("sf") == 0 ? null : two(i, "rev"));
        f.put("CLZ", (i, pc) -> two(i, "clz"));
        f.put("CLS", (i, pc) -> two(i, "cls"));
    }

    private static String two(Insn i, String op) {
        int sf = i.f("sf");
        return ins(op, r(sf, i.f("rd")), r(sf, i.pattern().hasField("rm") ? i.f("rm") : i.f("rn")));
    }

    private static String three(Insn i, String op) {
        int sf = i.f("sf");
        return ins(op, r(sf, i.f("rd")), r(sf, i.f("rn")), r(sf, i.f("rm")));
    }

    /** ", lsl #3"; nothing for LSL #0. */
    private static String shift(int type, int amount) {
        return type == 0 && amount == 0 ? "" : ", " + Syntax.SHIFT[type] + " #" + amount;
    }

    private static String logical(Insn i, String op) {
        int sf = i.f("sf");
        int amount = i.f("imm6");
        if (sf == 0 && amount >= 32) {
            return null;
        }
        int type = i.f("shift");
        int rd = i.f("rd");
        int rn = i.f("rn");
        String rm = r(sf, i.f("rm")) + shift(type, amount);
        if (op.equals("orr") && rn == 31 && type == 0 && amount == 0) {
            return ins("mov", r(sf, rd), rm);
        }
        if (op.equals("orn") && rn == 31) {
            return ins("mvn", r(sf, rd), rm);
        }
        if (op.equals("ands") && rd == 31) {
            return ins("tst", r(sf, rn), rm);
        }
        return ins(op, r(sf, rd), r(sf, rn), rm);
    }

    private static String addSubShifted(Insn i, String op) {
        int sf = i.f("sf");
        int amount = i.f("imm6");
        int type = i.f("shift");
        if (type == 3 || (sf == 0 && amount >= 32)) {
            return null;
        }
        int rd = i.f("rd");
        int rn = i.f("rn");
        String rm = r(sf, i.f("rm")) + shift(type, amount);
        boolean setsFlags = op.endsWith("s");
        if (setsFlags && rd == 31) {
            return ins(op.equals("adds") ? "cmn" : "cmp", r(sf, rn), rm);
        }
        if (op.startsWith("sub") && rn == 31) {
            return ins(setsFlags ? "negs" : "neg", r(sf, rd), rm);
        }
        return ins(op, r(sf, rd), r(sf, rn), rm);
    }

    private static String addSubExtended(Insn i, String op) {
        int sf = i.f("sf");
        int option = i.f("option");
        int amount = i.f("imm3");
        if (amount > 4) {
            return null;
        }
        int rd = i.f("rd");
        int rn = i.f("rn");
        boolean setsFlags = op.endsWith("s");
        // The 64-bit forms take an X register only for UXTX/SXTX.
        int rmSf = sf != 0 && (option & 3) == 3 ? 1 : 0;
        String rm = r(rmSf, i.f("rm"));
        // With SP as an operand, the UXTW/UXTX that matches the operation size is written LSL.
        boolean sp = rn == 31 || (!setsFlags && rd == 31);
        String ext;
        if (sp && option == (sf != 0 ? 3 : 2)) {
            ext = amount == 0 ? "" : ", lsl #" + amount;
        } else {
            ext = ", " + Syntax.EXTEND[option] + (amount == 0 ? "" : " #" + amount);
        }
        if (setsFlags && rd == 31) {
            return ins(op.equals("adds") ? "cmn" : "cmp", rsp(sf, rn), rm + ext);
        }
        String d = setsFlags ? r(sf, rd) : rsp(sf, rd);
        return ins(op, d, rsp(sf, rn), rm + ext);
    }

    private static String condCompare(Insn i, String op, String second) {
        int sf = i.f("sf");
        return ins(op, r(sf, i.f("rn")), second, hex(i.f("nzcv")), COND[i.f("cond")]);
    }

    private static String condSelect(Insn i, String op, String set, String inc) {
        int sf = i.f("sf");
        int rd = i.f("rd");
        int rn = i.f("rn");
        int rm = i.f("rm");
        int cond = i.f("cond");
        boolean invertible = (cond >> 1) != 7;
        if (invertible && rn == rm) {
            if (rn == 31 && set != null) {
                return ins(set, r(sf, rd), Syntax.invert(cond));
            }
            // CNEG has no "set" form, so it also covers Rn = Rm = ZR.
            if ((rn != 31 || set == null) && inc != null) {
                return ins(inc, r(sf, rd), r(sf, rn), Syntax.invert(cond));
            }
        }
        return ins(op, r(sf, rd), r(sf, rn), r(sf, rm), COND[cond]);
    }

    private static String multiply(Insn i, String op, String alias, int dSf, int sSf) {
        int rd = i.f("rd");
        String rn = r(sSf, i.f("rn"));
        String rm = r(sSf, i.f("rm"));
        int ra = i.f("ra");
        if (ra == 31) {
            return ins(alias, r(dSf, rd), rn, rm);
        }
        return ins(op, r(dSf, rd), rn, rm, r(dSf, ra));
    }

    private static String crc(Insn i, String op) {
        int sf = i.f("sf");
        int sz = i.f("sz");
        if ((sz == 3) != (sf == 1)) {
            return null;
        }
        String suffix = "bhwx".substring(sz, sz + 1);
        return ins(op + suffix, r(0, i.f("rd")), r(0, i.f("rn")), r(sf, i.f("rm")));
    }
}
