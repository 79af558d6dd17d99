package dev.hvlab.core.disasm;

import static dev.hvlab.core.disasm.Syntax.dec;
import static dev.hvlab.core.disasm.Syntax.hex;
import static dev.hvlab.core.disasm.Syntax.ins;
import static dev.hvlab.core.disasm.Syntax.r;
import static dev.hvlab.core.disasm.Syntax.target;
import static dev.hvlab.core.disasm.Syntax.x;

import dev.hvlab.core.decode.Insn;

/**
 * Syntax of the ARM ARM group "Branches, exception generating and system instructions" (C4.1.87).
 */
final class BranchesExceptionsSystemFormats {
    private BranchesExceptionsSystemFormats() {
    }

    static void register(Formats f) {
        f.put("B", (i, pc) -> ins("b", target(pc + (i.sf("imm26") << 2))));
        f.put("BL", (i, pc) -> ins("bl", target(pc + (i.sf("imm26") << 2))));
        f.put("B_cond", (i, pc) -> ins("b." + Syntax.COND[i.f("cond")], target(pc + (i.sf("imm19") << 2))));
        f.put("CBZ", (i, pc) -> ins("cbz", r(i.f("sf"), i.f("rt")), target(pc + (i.sf("imm19") << 2))));
        f.put("CBNZ", (i, pc) -> ins("cbnz", r(i.f("sf"), i.f("rt")), target(pc + (i.sf("imm19") << 2))));
        f.put("TBZ", (i, pc) -> testBranch(i, pc, "tbz"));
        f.put("TBNZ", (i, pc) -> testBranch(i, pc, "tbnz"));
        f.put("BR", (i, pc) -> ins("br", x(i.f("rn"))));
        f.put("BLR", (i, pc) -> ins("blr", x(i.f("rn"))));
        f.put("RET", (i, pc) -> i.f("rn") == 30 ? "ret" : ins("ret", x(i.f("rn"))));
        f.put("ERET", (i, pc) -> "eret");
        f.put("DRPS", (i, pc) -> "drps");
        for (String op : new String[] {"SVC", "HVC", "SMC", "BRK", "HLT"}) {
            String m = op.toLowerCase();
            f.put(op, (i, pc) -> ins(m, hex(i.f("imm16"))));
        }
        for (String op : new String[] {"DCPS1", "DCPS2", "DCPS3"}) {
            String m = op.toLowerCase();
            f.put(op, (i, pc) -> i.f("imm16") == 0 ? m : ins(m, hex(i.f("imm16"))));
        }
        f.put("HINT", (i, pc) -> SystemNames.hint(i.f("crm") << 3 | i.f("op2")));
        f.put("CLREX", (i, pc) -> i.f("crm") == 15 ? "clrex" : ins("clrex", hex(i.f("crm"))));
        f.put("ISB", (i, pc) -> i.f("crm") == 15 ? "isb" : ins("isb", hex(i.f("crm"))));
        f.put("DSB", (i, pc) -> switch (i.f("crm")) {
            case 0 -> "ssbb";
            case 4 -> "pssbb";
            default -> ins("dsb", SystemNames.barrier(i.f("crm")));
        });
        f.put("DMB", (i, pc) -> ins("dmb", SystemNames.barrier(i.f("crm"))));
        f.put("MSR_i", BranchesExceptionsSystemFormats::msrImmediate);
        f.put("SYS", BranchesExceptionsSystemFormats::sys);
        f.put("SYSL", (i, pc) -> ins("sysl", x(i.f("rt")), dec(i.f("op1")), "C" + i.f("crn"),
                "C" + i.f("crm"), dec(i.f("op2"))));
        f.put("MRS", (i, pc) -> ins("mrs", x(i.f("rt")), systemRegister(i, true)));
        f.put("MSR_r", (i, pc) -> ins("msr", systemRegister(i, false), x(i.f("rt"))));
    }

    private static String testBranch(Insn i, long pc, String op) {
        int b5 = i.f("b5");
        return ins(op, r(b5, i.f("rt")), dec(b5 << 5 | i.f("b40")), target(pc + (i.sf("imm14") << 2)));
    }

    private static String msrImmediate(Insn i, long pc) {
        int op1 = i.f("op1");
        int crm = i.f("crm");
        int op2 = i.f("op2");
        String s = SystemNames.pstate(op1, crm, op2);
        if (s != null) {
            return s;
        }
        // objdump falls back to the register form of the encoding (op0 = 0, CRn = 4).
        return ins("msr", "s0_" + op1 + "_c4_c" + crm + "_" + op2, "xzr");
    }

    private static String sys(Insn i, long pc) {
        int op1 = i.f("op1");
        int crn = i.f("crn");
        int crm = i.f("crm");
        int op2 = i.f("op2");
        int rt = i.f("rt");
        SystemRegisterNames.SysOp alias = SystemRegisterNames.get().sys(op1, crn, crm, op2);
        if (alias != null) {
            return alias.hasXt() ? ins(alias.mnemonic(), alias.operation(), x(rt))
                    : ins(alias.mnemonic(), alias.operation());
        }
        String base = "sys\t" + dec(op1) + ", C" + crn + ", C" + crm + ", " + dec(op2);
        return rt == 31 ? base : base + ", " + x(rt);
    }

    private static String systemRegister(Insn i, boolean read) {
        return SystemRegisterNames.get().register(read, 2 + i.f("o0"), i.f("op1"), i.f("crn"),
                i.f("crm"), i.f("op2"));
    }
}
