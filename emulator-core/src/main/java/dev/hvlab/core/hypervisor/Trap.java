package dev.hvlab.core.hypervisor;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.exception.ExceptionKind;
import dev.hvlab.core.sysreg.SystemRegister;
import dev.hvlab.core.sysreg.SystemRegisters;

/**
 * One exception taken to EL2, as the hardware left it in ESR_EL2, ELR_EL2, SPSR_EL2, FAR_EL2 and
 * HPFAR_EL2, with the ISS decoded per exception class (ARM ARM D17.2.37 "ESR_EL2"). One instance
 * per CPU, refilled on each trap: taking a trap allocates nothing.
 */
public final class Trap {
    /** ISS of a data abort (ARM ARM, "ISS encoding for an exception from a Data Abort"). */
    private static final int DABT_ISV = 1 << 24;
    private static final int DABT_SSE = 1 << 21;
    private static final int DABT_SF = 1 << 15;
    private static final int DABT_WNR = 1 << 6;

    int cpuIndex;
    ExceptionKind kind;
    int fromEl;
    long esr;
    long elr;
    long spsr;
    long far;
    long hpfar;

    /** Fills the record from the CPU's EL2 syndrome registers, right after exception entry. */
    void capture(Cpu cpu, ExceptionKind kind, int fromEl) {
        this.cpuIndex = cpu.index();
        this.kind = kind;
        this.fromEl = fromEl;
        this.esr = kind == ExceptionKind.SYNC || kind == ExceptionKind.SERROR ? cpu.sysregs.esr[2] : 0;
        this.elr = cpu.sysregs.elr[2];
        this.spsr = cpu.sysregs.spsr[2];
        this.far = cpu.sysregs.far[2];
        this.hpfar = cpu.sysregs.hpfarEl2;
    }

    public int cpuIndex() {
        return cpuIndex;
    }

    /** SYNC, IRQ, FIQ or SERROR. */
    public ExceptionKind kind() {
        return kind;
    }

    /** The EL the exception came from. */
    public int fromEl() {
        return fromEl;
    }

    /** ESR_EL2 as taken (0 for IRQ and FIQ, which have no syndrome). */
    public long esr() {
        return esr;
    }

    /** ESR_EL2.EC, or -1 for IRQ and FIQ. */
    public int ec() {
        return kind == ExceptionKind.IRQ || kind == ExceptionKind.FIQ ? -1 : (int) (esr >>> 26) & 0x3F;
    }

    /** ESR_EL2.IL: the trapped instruction was 32 bits (always, in AArch64). */
    public boolean il() {
        return (esr & 1L << 25) != 0;
    }

    public int iss() {
        return (int) esr & 0x1FFFFFF;
    }

    /** ELR_EL2 at entry: the preferred return address. */
    public long elr() {
        return elr;
    }

    public long spsr() {
        return spsr;
    }

    public long far() {
        return far;
    }

    public long hpfar() {
        return hpfar;
    }

    /** HVC/SMC: the instruction's imm16. */
    public int imm16() {
        return iss() & 0xFFFF;
    }

    // --- trapped MSR/MRS (EC 0x18): ISS = Op0 [21:20], Op2 [19:17], Op1 [16:14], CRn [13:10], Rt [9:5], CRm [4:1], Direction [0]

    /** The trapped register's encoding as {@link SystemRegister#key} computes it. */
    public int sysregKey() {
        int iss = iss();
        return SystemRegister.key(iss >>> 20 & 3, iss >>> 14 & 7, iss >>> 10 & 15, iss >>> 1 & 15, iss >>> 17 & 7);
    }

    /** The register the trapped MRS/MSR names, or null when the table has none. */
    public String sysregName() {
        SystemRegister r = SystemRegisters.standard().register(sysregKey());
        return r == null ? null : r.name();
    }

    /** Direction = 1: MRS (a read). */
    public boolean sysregRead() {
        return (iss() & 1) != 0;
    }

    public int sysregRt() {
        return iss() >>> 5 & 31;
    }

    // --- data abort (EC 0x24)

    /** ISV: SAS, SSE, SRT, SF and AR are valid (a single load or store to a general-purpose register). */
    public boolean isv() {
        return (iss() & DABT_ISV) != 0;
    }

    /** The access size in bytes (from SAS). */
    public int accessSize() {
        return 1 << (iss() >>> 22 & 3);
    }

    public boolean signExtend() {
        return (iss() & DABT_SSE) != 0;
    }

    /** SRT: the transfer register. */
    public int srt() {
        return iss() >>> 16 & 31;
    }

    /** SF: the register is 64 bits wide. */
    public boolean sixtyFour() {
        return (iss() & DABT_SF) != 0;
    }

    public boolean write() {
        return (iss() & DABT_WNR) != 0;
    }

    /** DFSC/IFSC [5:0]. */
    public int faultStatus() {
        return iss() & 0x3F;
    }

    /** The faulting IPA of a stage 2 abort: HPFAR_EL2.FIPA with FAR_EL2's page offset. */
    public long ipa() {
        return (hpfar >>> 4) << 12 | (far & 0xFFF);
    }

    /** Whether this is a data abort from a lower EL. */
    public boolean isDataAbort() {
        return ec() == ExceptionClass.DATA_ABORT_LOWER;
    }

    /** One line: the class, ESR decoded, and the offending access where there is one. */
    public String describe() {
        int ec = ec();
        String head = switch (kind) {
            case IRQ -> "IRQ";
            case FIQ -> "FIQ";
            case SERROR -> String.format("SError ESR_EL2=0x%08x", esr);
            default -> String.format("ESR_EL2=0x%08x (EC=0x%02x %s, IL=%d, ISS=0x%07x)", esr, ec, className(ec),
                    il() ? 1 : 0, iss());
        };
        String detail = "";
        if (kind == ExceptionKind.SYNC) {
            switch (ec) {
                case ExceptionClass.HVC64, ExceptionClass.SMC64 -> detail = String.format(": imm16=0x%04x", imm16());
                case ExceptionClass.SYSREG -> detail = String.format(": %s %s, x%d", sysregRead() ? "MRS" : "MSR",
                        sysregName() == null ? String.format("S%d_%d_C%d_C%d_%d", iss() >>> 20 & 3, iss() >>> 14 & 7,
                                iss() >>> 10 & 15, iss() >>> 1 & 15, iss() >>> 17 & 7) : sysregName(), sysregRt());
                case ExceptionClass.DATA_ABORT_LOWER, ExceptionClass.INSN_ABORT_LOWER -> detail = String.format(
                        ": %s at VA 0x%x IPA 0x%x%s, DFSC=0x%02x", ec == ExceptionClass.INSN_ABORT_LOWER ? "fetch"
                                : write() ? "write" : "read", far, ipa(),
                        ec == ExceptionClass.DATA_ABORT_LOWER && isv() ? String.format(" (%d bytes, x%d)", accessSize(),
                                srt()) : "", faultStatus());
                default -> {
                }
            }
        }
        return head + detail;
    }

    static String className(int ec) {
        return switch (ec) {
            case ExceptionClass.UNKNOWN -> "unknown";
            case ExceptionClass.WFX -> "WFI/WFE";
            case ExceptionClass.FP_ACCESS -> "FP access";
            case ExceptionClass.ILLEGAL_STATE -> "illegal state";
            case ExceptionClass.SVC64 -> "SVC";
            case ExceptionClass.HVC64 -> "HVC";
            case ExceptionClass.SMC64 -> "SMC";
            case ExceptionClass.SYSREG -> "MSR/MRS trap";
            case ExceptionClass.INSN_ABORT_LOWER -> "instruction abort from a lower EL";
            case ExceptionClass.INSN_ABORT_SAME -> "instruction abort";
            case ExceptionClass.PC_ALIGNMENT -> "PC alignment";
            case ExceptionClass.DATA_ABORT_LOWER -> "data abort from a lower EL";
            case ExceptionClass.DATA_ABORT_SAME -> "data abort";
            case ExceptionClass.SP_ALIGNMENT -> "SP alignment";
            case ExceptionClass.SERROR -> "SError";
            case ExceptionClass.BRK64 -> "BRK";
            default -> "other";
        };
    }
}
