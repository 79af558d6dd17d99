package dev.hvlab.core.disasm;

/**
 * Operand names of the system instructions that the ARM ARM defines in small fixed sets: hints,
 * barrier options, PSTATE fields and prefetch operations.
 */
final class SystemNames {
    private SystemNames() {
    }

    /** HINT #imm names (C6.2 HINT and its aliases), indexed by CRm:op2; null prints "hint #imm". */
    private static final String[] HINTS = new String[128];

    static {
        String[] named = {
            "0 nop", "1 yield", "2 wfe", "3 wfi", "4 sev", "5 sevl", "7 xpaclri",
            "8 pacia1716", "10 pacib1716", "12 autia1716", "14 autib1716",
            "16 esb", "17 psb\tcsync", "18 tsb\tcsync", "20 csdb", "22 clearbhb",
            "24 paciaz", "25 paciasp", "26 pacibz", "27 pacibsp",
            "28 autiaz", "29 autiasp", "30 autibz", "31 autibsp",
            "32 bti", "34 bti\tc", "36 bti\tj", "38 bti\tjc",
        };
        for (String s : named) {
            int sp = s.indexOf(' ');
            HINTS[Integer.parseInt(s.substring(0, sp))] = s.substring(sp + 1);
        }
    }

    static String hint(int imm) {
        String h = HINTS[imm];
        return h != null ? h : "hint\t#0x" + Integer.toHexString(imm);
    }

    /** DMB/DSB <option> names by CRm (C6.2 DMB); the unnamed ones print as "#0x0c". */
    private static final String[] BARRIER = {
        null, "oshld", "oshst", "osh", null, "nshld", "nshst", "nsh",
        null, "ishld", "ishst", "ish", null, "ld", "st", "sy"
    };

    static String barrier(int crm) {
        String b = BARRIER[crm];
        return b != null ? b : String.format("#0x%02x", crm);
    }

    /** PRFM <prfop>: type PLD/PLI/PST, target L1-L3, policy KEEP/STRM; others print as "#0x18". */
    static String prefetch(int rt) {
        int type = rt >> 3;
        int target = (rt >> 1) & 3;
        if (type == 3 || target == 3) {
            return String.format("#0x%02x", rt);
        }
        return new String[] {"pld", "pli", "pst"}[type] + "l" + (target + 1)
                + ((rt & 1) == 0 ? "keep" : "strm");
    }

    /**
     * MSR (immediate) forms by op1:op2 (C5.1.3 PSTATE fields) with their CRm range, or the
     * operand-less instructions sharing the encoding space; null when objdump has no name.
     */
    static String pstate(int op1, int crm, int op2) {
        String field = switch (op1 << 3 | op2) {
            case 0 -> crm == 0 ? "cfinv" : null;
            case 1 -> crm == 0 ? "xaflag" : null;
            case 2 -> crm == 0 ? "axflag" : null;
            case 3 -> "uao";
            case 4 -> "pan";
            case 5 -> "spsel";
            case 1 << 3 -> "allint";
            case 3 << 3 | 1 -> "ssbs";
            case 3 << 3 | 2 -> "dit";
            case 3 << 3 | 3 -> streamingMode(crm);
            case 3 << 3 | 4 -> "tco";
            case 3 << 3 | 6 -> "daifset";
            case 3 << 3 | 7 -> "daifclr";
            default -> null;
        };
        if (field == null || op1 == 0 && op2 < 3 || op1 == 3 && op2 == 3) {
            return field;
        }
        boolean fourBits = field.startsWith("daif");
        if (!fourBits && crm > 1) {
            return null;
        }
        return "msr\t" + field + ", #0x" + Integer.toHexString(crm);
    }

    /** SMSTART/SMSTOP (FEAT_SME): CRm<0> start, CRm<2:1> selects SM, ZA or both. */
    private static String streamingMode(int crm) {
        if ((crm & 8) != 0 || (crm & 6) == 0) {
            return null;
        }
        String op = (crm & 1) != 0 ? "smstart" : "smstop";
        return switch ((crm >> 1) & 3) {
            case 1 -> op + "\tsm";
            case 2 -> op + "\tza";
            default -> op;
        };
    }
}
