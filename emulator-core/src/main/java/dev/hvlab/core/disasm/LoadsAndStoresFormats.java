package dev.hvlab.core.disasm;

import static dev.hvlab.core.disasm.Syntax.ins;
import static dev.hvlab.core.disasm.Syntax.r;
import static dev.hvlab.core.disasm.Syntax.xsp;

import dev.hvlab.core.decode.Insn;

/** Syntax of the ARM ARM group "Loads and stores" (C4.1.88), general-register forms. */
final class LoadsAndStoresFormats {
    private LoadsAndStoresFormats() {
    }

    static void register(Formats f) {
        f.put("STXR", (i, pc) -> exclusive(i, "stxr", true, false));
        f.put("STLXR", (i, pc) -> exclusive(i, "stlxr", true, false));
        f.put("LDXR", (i, pc) -> exclusive(i, "ldxr", false, false));
        f.put("LDAXR", (i, pc) -> exclusive(i, "ldaxr", false, false));
        f.put("STLR", (i, pc) -> exclusive(i, "stlr", false, false));
        f.put("LDAR", (i, pc) -> exclusive(i, "ldar", false, false));
        f.put("STXP", (i, pc) -> exclusive(i, "stxp", true, true));
        f.put("STLXP", (i, pc) -> exclusive(i, "stlxp", true, true));
        f.put("LDXP", (i, pc) -> exclusive(i, "ldxp", false, true));
        f.put("LDAXP", (i, pc) -> exclusive(i, "ldaxp", false, true));
        f.put("LDR_lit", LoadsAndStoresFormats::literal);
        f.put("STNP", (i, pc) -> pair(i, "stnp", Index.OFFSET));
        f.put("LDNP", (i, pc) -> pair(i, "ldnp", Index.OFFSET));
        f.put("STP_post", (i, pc) -> pair(i, "stp", Index.POST));
        f.put("LDP_post", (i, pc) -> pair(i, "ldp", Index.POST));
        f.put("STP_off", (i, pc) -> pair(i, "stp", Index.OFFSET));
        f.put("LDP_off", (i, pc) -> pair(i, "ldp", Index.OFFSET));
        f.put("STP_pre", (i, pc) -> pair(i, "stp", Index.PRE));
        f.put("LDP_pre", (i, pc) -> pair(i, "ldp", Index.PRE));
        f.put("LDST_unsc", (i, pc) -> single(i, "ur", Index.OFFSET, i.sf("imm9")));
        f.put("LDST_post", (i, pc) -> single(i, "r", Index.POST, i.sf("imm9")));
        f.put("LDST_unpriv", (i, pc) -> single(i, "tr", Index.OFFSET, i.sf("imm9")));
        f.put("LDST_pre", (i, pc) -> single(i, "r", Index.PRE, i.sf("imm9")));
        f.put("LDST_uoff", (i, pc) -> single(i, "r", Index.OFFSET, (long) i.f("imm12") << i.f("size")));
        f.put("LDST_roff", LoadsAndStoresFormats::registerOffset);
    }

    enum Index { OFFSET, PRE, POST }

    /** "[xn, #off]", "[xn, #off]!", "[xn], #off"; a zero plain offset is left out. */
    static String address(int rn, Index index, long offset) {
        return switch (index) {
            case OFFSET -> offset == 0 ? "[" + xsp(rn) + "]" : "[" + xsp(rn) + ", #" + offset + "]";
            case PRE -> "[" + xsp(rn) + ", #" + offset + "]!";
            case POST -> "[" + xsp(rn) + "], #" + offset;
        };
    }

    private static final String[] SIZE_SUFFIX = {"b", "h", "", ""};

    private static String exclusive(Insn i, String op, boolean status, boolean pair) {
        int sf;
        String mnemonic;
        if (pair) {
            sf = i.f("sz");
            mnemonic = op;
        } else {
            int size = i.f("size");
            sf = size == 3 ? 1 : 0;
            mnemonic = op + SIZE_SUFFIX[size];
        }
        // objdump (2.40) decodes LDAR only with Rt2 all ones and Rs all ones, except that it
        // ignores Rs<4> for LDARB and LDAR (not LDARH).
        if (op.equals("ldar") && ((i.f("rs") | (i.f("size") == 1 ? 0 : 16)) != 31 || i.f("rt2") != 31)) {
            return null;
        }
        String base = "[" + xsp(i.f("rn")) + "]";
        String rt = r(sf, i.f("rt"));
        if (pair) {
            String rt2 = r(sf, i.f("rt2"));
            return status ? ins(mnemonic, r(0, i.f("rs")), rt, rt2, base) : ins(mnemonic, rt, rt2, base);
        }
        return status ? ins(mnemonic, r(0, i.f("rs")), rt, base) : ins(mnemonic, rt, base);
    }

    private static String literal(Insn i, long pc) {
        String target = Syntax.target(pc + (i.sf("imm19") << 2));
        int rt = i.f("rt");
        return switch (i.f("opc")) {
            case 0 -> ins("ldr", r(0, rt), target);
            case 1 -> ins("ldr", r(1, rt), target);
            case 2 -> ins("ldrsw", r(1, rt), target);
            default -> ins("prfm", SystemNames.prefetch(rt), target);
        };
    }

    private static String pair(Insn i, String op, Index index) {
        int opc = i.f("opc");
        boolean load = op.startsWith("ld");
        boolean nonTemporal = op.endsWith("np");
        int sf;
        String mnemonic = op;
        int scale;
        switch (opc) {
            case 0 -> {
                sf = 0;
                scale = 2;
            }
            case 1 -> {
                // LDPSW; the store and non-temporal forms with opc=01 are STGP/unallocated.
                if (!load || nonTemporal) {
                    return null;
                }
                sf = 1;
                scale = 2;
                mnemonic = "ldpsw";
            }
            case 2 -> {
                sf = 1;
                scale = 3;
            }
            default -> {
                return null;
            }
        }
        long offset = i.sf("imm7") << scale;
        int rt = i.f("rt");
        int rt2 = i.f("rt2");
        int rn = i.f("rn");
        // objdump rejects the CONSTRAINED UNPREDICTABLE LDPSW register overlaps (not LDP's).
        if (opc == 1 && (rt == rt2 || index != Index.OFFSET && rn != 31 && (rn == rt || rn == rt2))) {
            return null;
        }
        return ins(mnemonic, r(sf, i.f("rt")), r(sf, i.f("rt2")), address(i.f("rn"), index, offset));
    }

    /**
     * A single-register load/store with an immediate offset; {@code infix} is "r" (ldr), "ur"
     * (ldur) or "tr" (ldtr). size=11 opc=10 is the prefetch (prfm/prfum) in the offset forms.
     */
    private static String single(Insn i, String infix, Index index, long offset) {
        int size = i.f("size");
        int opc = i.f("opc");
        int rt = i.f("rt");
        String addr = address(i.f("rn"), index, offset);
        if (size == 3 && opc == 2) {
            if (infix.equals("tr") || index != Index.OFFSET) {
                return null;
            }
            return ins(infix.equals("ur") ? "prfum" : "prfm", SystemNames.prefetch(rt), addr);
        }
        String m = mnemonic(size, opc, infix);
        if (m == null) {
            return null;
        }
        return ins(m, r(registerSf(size, opc), rt), addr);
    }

    /** The size:opc matrix of C4.1.88's register loads and stores; null when unallocated. */
    private static String mnemonic(int size, int opc, String infix) {
        String base = switch (opc) {
            case 0 -> "st" + infix;
            case 1 -> "ld" + infix;
            default -> size == 3 || (size == 2 && opc == 3) ? null : "ld" + infix + "s";
        };
        if (base == null) {
            return null;
        }
        String suffix = switch (size) {
            case 0 -> "b";
            case 1 -> "h";
            default -> opc >= 2 ? "w" : "";
        };
        return base + suffix;
    }

    /** X for 64-bit transfers and sign-extensions to 64 bits (opc=10), W otherwise. */
    private static int registerSf(int size, int opc) {
        if (opc == 2) {
            return 1;
        }
        if (opc == 3) {
            return 0;
        }
        return size == 3 ? 1 : 0;
    }

    /**
     * "[xn, wm, sxtw #2]" of the register-offset forms, the index scaled by {@code scale} when S
     * is set; null for the unallocated options (option&lt;1&gt; clear).
     */
    static String registerOffsetAddress(Insn i, int scale) {
        int option = i.f("option");
        if ((option & 2) == 0) {
            return null;
        }
        int s = i.f("S");
        String index = r(option & 1, i.f("rm"));
        String ext;
        if (option == 3) {
            ext = s == 1 ? ", lsl #" + scale : "";
        } else {
            ext = ", " + Syntax.EXTEND[option] + (s == 1 ? " #" + scale : "");
        }
        return "[" + xsp(i.f("rn")) + ", " + index + ext + "]";
    }

    private static String registerOffset(Insn i, long pc) {
        int size = i.f("size");
        int opc = i.f("opc");
        String addr = registerOffsetAddress(i, size);
        if (addr == null) {
            return null;
        }
        int rt = i.f("rt");
        if (size == 3 && opc == 2) {
            return ins("prfm", SystemNames.prefetch(rt), addr);
        }
        String m = mnemonic(size, opc, "r");
        return m == null ? null : ins(m, r(registerSf(size, opc), rt), addr);
    }
}
