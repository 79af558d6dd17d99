package dev.hvlab.core.trace;

import dev.hvlab.core.cpu.ExceptionClass;

/** Names of exception classes and of the abort fault status codes (ARM ARM D17.2.37, ESR_ELx). */
final class FaultStatus {
    private FaultStatus() {
    }

    /** The exception class's short name (as ExceptionClass names it), or "EC 0x..". */
    static String className(int ec) {
        return switch (ec) {
            case ExceptionClass.UNKNOWN -> "UNKNOWN";
            case ExceptionClass.WFX -> "WFx";
            case ExceptionClass.FP_ACCESS -> "FP_ACCESS";
            case ExceptionClass.ILLEGAL_STATE -> "ILLEGAL_STATE";
            case ExceptionClass.SVC64 -> "SVC64";
            case ExceptionClass.HVC64 -> "HVC64";
            case ExceptionClass.SMC64 -> "SMC64";
            case ExceptionClass.SYSREG -> "SYSREG";
            case ExceptionClass.INSN_ABORT_LOWER -> "INSN_ABORT_LOWER";
            case ExceptionClass.INSN_ABORT_SAME -> "INSN_ABORT_SAME";
            case ExceptionClass.PC_ALIGNMENT -> "PC_ALIGNMENT";
            case ExceptionClass.DATA_ABORT_LOWER -> "DATA_ABORT_LOWER";
            case ExceptionClass.DATA_ABORT_SAME -> "DATA_ABORT_SAME";
            case ExceptionClass.SP_ALIGNMENT -> "SP_ALIGNMENT";
            case ExceptionClass.FP_EXC64 -> "FP_EXC64";
            case ExceptionClass.SERROR -> "SERROR";
            case ExceptionClass.BRK64 -> "BRK64";
            case ExceptionClass.HLT -> "HLT";
            default -> String.format("EC 0x%02x", ec);
        };
    }

    static boolean isAbort(int ec) {
        return ec == ExceptionClass.INSN_ABORT_LOWER || ec == ExceptionClass.INSN_ABORT_SAME
                || ec == ExceptionClass.DATA_ABORT_LOWER || ec == ExceptionClass.DATA_ABORT_SAME;
    }

    /** "DATA_ABORT_SAME DFSC 0x07 translation fault, level 3" (the class alone for non-aborts). */
    static StringBuilder describe(StringBuilder sb, int ec, int iss) {
        sb.append(className(ec));
        if (!isAbort(ec)) {
            return sb;
        }
        int fsc = iss & 0x3F;
        boolean data = ec == ExceptionClass.DATA_ABORT_LOWER || ec == ExceptionClass.DATA_ABORT_SAME;
        sb.append(data ? " DFSC " : " IFSC ").append(String.format("0x%02x ", fsc));
        int level = fsc & 3;
        String what = switch (fsc & 0x3C) {
            case 0x00 -> "address size fault, level " + level;
            case 0x04 -> "translation fault, level " + level;
            case 0x08 -> level == 0 ? "fault status 0x08" : "access flag fault, level " + level;
            case 0x0C -> level == 0 ? "fault status 0x0c" : "permission fault, level " + level;
            case 0x10 -> fsc == 0x10 ? "synchronous external abort" : "synchronous external abort on a table walk";
            case 0x14 -> "synchronous external abort on a table walk, level " + level;
            default -> switch (fsc) {
                case 0x21 -> "alignment fault";
                case 0x30 -> "TLB conflict abort";
                default -> "fault status";
            };
        };
        sb.append(what);
        if (data && (iss & (1 << 6)) != 0) {
            sb.append(", write");
        }
        return sb;
    }
}
