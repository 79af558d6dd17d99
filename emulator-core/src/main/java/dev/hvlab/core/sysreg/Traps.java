package dev.hvlab.core.sysreg;

import dev.hvlab.core.cpu.ArchitecturalException;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;

/** Turns a refused {@link Access} into the architectural exception to throw. */
public final class Traps {
    /**
     * ISS of an EC 0x07 exception taken from AArch64 state: CV = 1, COND = 0b1110 (ARM ARM, "ISS
     * encoding for an exception from an access to SIMD or floating-point functionality";
     * {@code ConditionSyndrome()} for an AArch64 instruction).
     */
    public static final int FP_ACCESS_ISS = 1 << 24 | 0xE << 20;

    private Traps() {
    }

    /**
     * The ISS of an exception from MSR, MRS or a System instruction (EC 0x18, ARM ARM "ISS encoding
     * for an exception from MSR, MRS, or System instruction execution in AArch64 state"):
     * Op0[21:20], Op2[19:17], Op1[16:14], CRn[13:10], Rt[9:5], CRm[4:1], Direction[0] (1 = read).
     */
    public static int sysregIss(int op0, int op1, int crn, int crm, int op2, int rt, boolean read) {
        return (op0 & 3) << 20 | (op2 & 7) << 17 | (op1 & 7) << 14 | (crn & 15) << 10 | (rt & 31) << 5
                | (crm & 15) << 1 | (read ? 1 : 0);
    }

    /**
     * The exception for a refused access; {@code ec}/{@code iss} are used when it is a trap whose
     * {@link Access#ec()} does not fix the class (EC 0x07 traps carry their own syndrome).
     */
    public static ArchitecturalException refuse(Cpu cpu, Access access, int ec, int iss, long pc) {
        if (access == Access.UNDEFINED) {
            return cpu.undefined(pc);
        }
        ArchitecturalException e = access.ec() == ExceptionClass.FP_ACCESS
                ? cpu.raise(ExceptionClass.FP_ACCESS, FP_ACCESS_ISS, pc)
                : cpu.raise(ec, iss, pc);
        e.targetEl = access.targetEl();
        return e;
    }

    /** Evaluates {@code rule} for an MRS/MSR/SYS access and throws the refusal, if any (EC 0x18). */
    public static void check(Cpu cpu, AccessRule rule, boolean read, int iss, long pc) {
        Access a = rule.check(cpu, read);
        if (a != Access.OK) {
            throw refuse(cpu, a, ExceptionClass.SYSREG, iss, pc);
        }
    }

    /** {@link #refuse} for system register and system instruction traps (EC 0x18). */
    public static ArchitecturalException refuseSysreg(Cpu cpu, Access access, int iss, long pc) {
        return refuse(cpu, access, ExceptionClass.SYSREG, iss, pc);
    }
}
