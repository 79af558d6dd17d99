package dev.hvlab.core.timing;

import dev.hvlab.core.decode.Decoder;
import dev.hvlab.core.decode.Pattern;

/**
 * The timing classes of A64 instructions and their registers, derived once per instruction word
 * from the encoding table (the pattern's name, its {@code class=} attribute and its register
 * fields) and packed into {@link dev.hvlab.core.cpu.Op#timing}:
 * bits 4:0 class, 5 set when bits 17:12 hold a third source instead of a second destination,
 * 11:6 first destination, 17:12 second destination (or third source), 23:18 and 29:24 sources,
 * 30 reads NZCV, 31 writes NZCV. Register numbers: X0-X30 are 0-30, V0-V31 are 32-63, and 31
 * stands for "none" (XZR, SP and absent operands carry no dependency in this model).
 */
public final class InstructionClass {
    public static final int ALU = 1;
    public static final int ALU_COMPLEX = 2;
    public static final int MUL = 3;
    public static final int DIV = 4;
    public static final int LOAD = 5;
    public static final int STORE = 6;
    public static final int BRANCH = 7;
    public static final int BRANCH_COND = 8;
    public static final int BRANCH_INDIRECT = 9;
    public static final int RETURN = 10;
    public static final int FP_ADD = 11;
    public static final int FP_MUL = 12;
    public static final int FP_FMA = 13;
    public static final int FP_DIV = 14;
    public static final int SIMD = 15;
    public static final int CRYPTO = 16;
    public static final int SYSREG_READ = 17;
    public static final int SYSREG_WRITE = 18;
    public static final int DMB = 19;
    public static final int DSB = 20;
    public static final int ISB = 21;
    public static final int EXCEPTION_GEN = 22;
    public static final int ERET = 23;
    public static final int NOP = 24;
    public static final int SYS_MAINTENANCE = 25;
    public static final int TLBI = 26;
    public static final int COUNT = 27;

    /** Names for statistics, by class number. */
    static final String[] NAMES = {"none", "IntAlu", "IntAluComplex", "IntMult", "IntDiv", "MemRead", "MemWrite",
        "Branch", "BranchCond", "BranchIndirect", "Return", "FloatAdd", "FloatMult", "FloatMultAcc", "FloatDiv",
        "SimdAlu", "Crypto", "SysRegRead", "SysRegWrite", "DMB", "DSB", "ISB", "ExceptionGen", "ERET", "Nop",
        "SysMaintenance", "TLBI"};

    public static final int NONE = 31;

    private InstructionClass() {
    }

    /** Set when {@link #dst2} is a third source (multiply-accumulate's accumulator). */
    public static final int THIRD_SOURCE = 1 << 5;

    public static int cls(int info) {
        return info & 31;
    }

    public static int dst1(int info) {
        return (info >>> 6) & 63;
    }

    public static int dst2(int info) {
        return (info >>> 12) & 63;
    }

    public static int src1(int info) {
        return (info >>> 18) & 63;
    }

    public static int src2(int info) {
        return (info >>> 24) & 63;
    }

    public static boolean readsFlags(int info) {
        return (info & (1 << 30)) != 0;
    }

    public static boolean writesFlags(int info) {
        return info < 0;
    }

    /** The packed description of {@code word} (never 0). */
    public static int classify(Decoder decoder, int word) {
        Pattern p = decoder.match(word);
        return p == null ? pack(NOP, NONE, NONE, NONE, NONE, false, false) : classify(p, word);
    }

    static int pack(int cls, int d1, int d2, int s1, int s2, boolean readsFlags, boolean writesFlags) {
        return cls | d1 << 6 | d2 << 12 | s1 << 18 | s2 << 24 | (readsFlags ? 1 << 30 : 0) | (writesFlags ? 1 << 31 : 0);
    }

    static int classify(Pattern p, int w) {
        String n = p.name();
        String group = p.encodingClass();
        int rd = x(p, w, "rd");
        int rn = x(p, w, "rn");
        int rm = x(p, w, "rm");
        int rt = x(p, w, "rt");
        boolean setsFlags = n.matches("(ADDS|SUBS|ANDS|BICS|ADCS|SBCS)(_.*)?");
        switch (group) {
            case "dp_imm":
                return pack(ALU, rd, NONE, rn, rm, false, setsFlags);
            case "dp_reg": {
                if (n.startsWith("CCM")) {
                    return pack(ALU, NONE, NONE, rn, rm, true, true);
                }
                if (n.startsWith("CS")) {
                    return pack(ALU, rd, NONE, rn, rm, true, false);
                }
                if (n.startsWith("ADC") || n.startsWith("SBC")) {
                    return pack(ALU, rd, NONE, rn, rm, true, setsFlags);
                }
                if (n.matches("MADD|MSUB|[SU]M(ADD|SUB)L")) {
                    return pack(MUL, rd, x(p, w, "ra"), rn, rm, false, false) | THIRD_SOURCE;
                }
                if (n.matches("[SU]MULH|CRC32C?")) {
                    return pack(MUL, rd, NONE, rn, rm, false, false);
                }
                if (n.endsWith("DIV")) {
                    return pack(DIV, rd, NONE, rn, rm, false, false);
                }
                boolean shifted = n.endsWith("_x") || (n.endsWith("_r") && f(p, w, "imm6") != 0);
                return pack(shifted ? ALU_COMPLEX : ALU, rd, NONE, rn, rm, false, setsFlags);
            }
            case "branch":
                return switch (n) {
                    case "B" -> pack(BRANCH, NONE, NONE, NONE, NONE, false, false);
                    case "BL" -> pack(BRANCH, 30, NONE, NONE, NONE, false, false);
                    case "B_cond" -> pack(BRANCH_COND, NONE, NONE, NONE, NONE, true, false);
                    case "BR" -> pack(BRANCH_INDIRECT, NONE, NONE, rn, NONE, false, false);
                    case "BLR" -> pack(BRANCH_INDIRECT, 30, NONE, rn, NONE, false, false);
                    case "RET" -> pack(RETURN, NONE, NONE, rn, NONE, false, false);
                    case "ERET", "DRPS" -> pack(ERET, NONE, NONE, NONE, NONE, false, false);
                    default -> pack(BRANCH_COND, NONE, NONE, rt, NONE, false, false); // CBZ, CBNZ, TBZ, TBNZ
                };
            case "exception":
                return pack(EXCEPTION_GEN, NONE, NONE, NONE, NONE, false, false);
            case "system":
                return switch (n) {
                    case "DSB" -> pack(DSB, NONE, NONE, NONE, NONE, false, false);
                    case "DMB" -> pack(DMB, NONE, NONE, NONE, NONE, false, false);
                    case "ISB" -> pack(ISB, NONE, NONE, NONE, NONE, false, false);
                    case "MSR_i" -> pack(SYSREG_WRITE, NONE, NONE, NONE, NONE, false, false);
                    case "MSR_r" -> pack(SYSREG_WRITE, NONE, NONE, rt, NONE, false, false);
                    case "MRS", "SYSL" -> pack(SYSREG_READ, rt, NONE, NONE, NONE, false, false);
                    // SYS with CRn = 8 is TLBI; the rest (DC, IC, AT) are maintenance operations.
                    case "SYS" -> pack(f(p, w, "crn") == 8 ? TLBI : SYS_MAINTENANCE, NONE, NONE, rt, NONE, false, false);
                    default -> pack(NOP, NONE, NONE, NONE, NONE, false, false); // HINT, CLREX
                };
            case "ldst_reg": {
                boolean writeback = n.endsWith("_pre") || n.endsWith("_post");
                boolean store = f(p, w, "opc") == 0;
                boolean prefetch = f(p, w, "size") == 3 && f(p, w, "opc") == 2;
                int wb = writeback ? rn : NONE;
                if (store) {
                    return pack(STORE, wb, NONE, rn, rm, false, false);
                }
                return pack(LOAD, prefetch ? NONE : rt, wb, rn, rm, false, false);
            }
            case "ldst_lit":
                return pack(LOAD, rt, NONE, NONE, NONE, false, false);
            case "ldst_pair": {
                int rt2 = x(p, w, "rt2");
                return n.startsWith("LD") ? pack(LOAD, rt, rt2, rn, NONE, false, false)
                        : pack(STORE, NONE, NONE, rn, NONE, false, false);
            }
            case "ldst_excl":
                return n.startsWith("LD") ? pack(LOAD, rt, NONE, rn, NONE, false, false)
                        : pack(STORE, x(p, w, "rs"), NONE, rn, NONE, false, false);
            case "ldst_v": {
                boolean load;
                if (n.contains("P_v") || n.startsWith("LDNP") || n.startsWith("STNP") || n.startsWith("LDR_v")) {
                    load = n.startsWith("LD");
                } else {
                    load = (f(p, w, "opc") & 1) != 0;
                }
                return load ? pack(LOAD, v(p, w, "rt"), NONE, rn, rm, false, false)
                        : pack(STORE, NONE, NONE, rn, rm, false, false);
            }
            case "ldst_simd_m", "ldst_simd_s":
                return n.startsWith("LD") ? pack(LOAD, v(p, w, "rt"), NONE, rn, NONE, false, false)
                        : pack(STORE, NONE, NONE, rn, NONE, false, false);
            case "fp_dp1":
                return pack(n.startsWith("FSQRT") ? FP_DIV : FP_ADD, v(p, w, "rd"), NONE, v(p, w, "rn"), NONE, false, false);
            case "fp_dp2": {
                int c = n.startsWith("FMUL") || n.startsWith("FNMUL") ? FP_MUL : n.startsWith("FDIV") ? FP_DIV : FP_ADD;
                return pack(c, v(p, w, "rd"), NONE, v(p, w, "rn"), v(p, w, "rm"), false, false);
            }
            case "fp_dp3":
                return pack(FP_FMA, v(p, w, "rd"), v(p, w, "ra"), v(p, w, "rn"), v(p, w, "rm"), false, false)
                        | THIRD_SOURCE;
            case "fp_cmp":
                return pack(FP_ADD, NONE, NONE, v(p, w, "rn"), v(p, w, "rm"), false, true);
            case "fp_ccmp":
                return pack(FP_ADD, NONE, NONE, v(p, w, "rn"), v(p, w, "rm"), true, true);
            case "fp_csel":
                return pack(FP_ADD, v(p, w, "rd"), NONE, v(p, w, "rn"), v(p, w, "rm"), true, false);
            case "fp_cvt_int":
            case "fp_cvt_fix": {
                // SCVTF/UCVTF read a general-purpose register; FCVT* to integer write one.
                boolean toFp = n.startsWith("SCVTF") || n.startsWith("UCVTF");
                boolean toInt = n.startsWith("FCVT");
                return pack(FP_ADD, toInt ? rd : v(p, w, "rd"), NONE, toFp ? rn : v(p, w, "rn"), NONE, false, false);
            }
            case "simd_crypto":
                return pack(CRYPTO, v(p, w, "rd"), NONE, v(p, w, "rn"), v(p, w, "rm"), false, false);
            default:
                if (group.startsWith("simd") || group.startsWith("fp")) {
                    return pack(SIMD, v(p, w, "rd"), NONE, v(p, w, "rn"), v(p, w, "rm"), false, false);
                }
                return pack(ALU, NONE, NONE, NONE, NONE, false, false);
        }
    }

    private static int f(Pattern p, int w, String field) {
        return p.hasField(field) ? p.field(field).extract(w) : 0;
    }

    /** A general-purpose register operand: X0-X30, or none for 31 (XZR/SP) and absent fields. */
    private static int x(Pattern p, int w, String field) {
        return p.hasField(field) ? p.field(field).extract(w) : NONE;
    }

    /** A SIMD&FP register operand V0-V31 (32-63), or none when absent. */
    private static int v(Pattern p, int w, String field) {
        return p.hasField(field) ? 32 + p.field(field).extract(w) : NONE;
    }
}
