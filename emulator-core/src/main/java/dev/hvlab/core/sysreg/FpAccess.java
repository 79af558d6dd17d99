package dev.hvlab.core.sysreg;

import static dev.hvlab.core.sysreg.SystemRegisterFile.CPACR_FPEN;
import static dev.hvlab.core.sysreg.SystemRegisterFile.CPTR_TFP;

import dev.hvlab.core.cpu.Cpu;

/**
 * The FP/SIMD enable checks: {@code AArch64.CheckFPAdvSIMDEnabled()} and
 * {@code AArch64.CheckFPAdvSIMDTrap()} (ARM ARM, shared/functions/... and aarch64/exceptions/traps).
 * CPACR_EL1.FPEN (EL0/EL1, to EL1), CPTR_EL2.TFP (EL0-EL2 while EL2 is enabled, to EL2) and
 * CPTR_EL3.TFP (every EL, to EL3), in that order; a trap is an exception with EC 0x07, except
 * that a CPACR_EL1 trap from EL0 while HCR_EL2.TGE is 1 goes to EL2 as EC 0x00
 * ({@code AArch64.AdvSIMDFPAccessTrap}).
 *
 * <p>The outcome depends only on those registers and on PSTATE.EL, so it is precomputed for every
 * EL into {@link SystemRegisterFile#fpAccess} whenever one of the registers is written through
 * the table: an FP/SIMD instruction pays one array load and a compare, and no EL change needs a
 * hook. Code that sets {@code cpacrEl1}, {@code cptrEl2}, {@code cptrEl3}, {@code hcrEl2} or
 * {@code scrEl3} directly (boards, tests) must call {@link #recompute(Cpu)} afterwards.
 */
public final class FpAccess {
    private static final int ALLOWED = 0;
    private static final int UNDEFINED = -1;

    private FpAccess() {
    }

    /**
     * Call at the top of every FP/SIMD instruction's {@code exec} (and before any of its effects):
     * throws the EC 0x07 exception (or the UNDEFINED one) when FP/SIMD is disabled at the current EL.
     * Allocates nothing.
     */
    public static void checkFpAccess(Cpu cpu, long pc) {
        int t = cpu.sysregs.fpAccess[cpu.el];
        if (t != ALLOWED) {
            throw Traps.refuse(cpu, toAccess(t), 0, 0, pc);
        }
    }

    /** The outcome at the current EL as an {@link Access} (for MRS/MSR of FPCR, FPSR, FPEXC32_EL2). */
    public static Access access(Cpu cpu) {
        return toAccess(cpu.sysregs.fpAccess[cpu.el]);
    }

    private static Access toAccess(int t) {
        return t == ALLOWED ? Access.OK : t == UNDEFINED ? Access.UNDEFINED : Access.fpTrapTo(t);
    }

    public static void recompute(Cpu cpu) {
        recompute(cpu.sysregs);
    }

    /** Recomputes {@link SystemRegisterFile#fpAccess} from the current trap controls. */
    public static void recompute(SystemRegisterFile s) {
        for (int el = 0; el <= 3; el++) {
            s.fpAccess[el] = outcome(s, el);
        }
    }

    private static int outcome(SystemRegisterFile s, int el) {
        if (el <= 1) {
            long fpen = (s.cpacrEl1 & CPACR_FPEN) >>> 20;
            boolean disabled = fpen == 0b00 || fpen == 0b10 || (fpen == 0b01 && el == 0);
            if (disabled) {
                return el == 0 && s.tgeInEffect() ? UNDEFINED : 1;
            }
        }
        if (el <= 2 && s.el2Enabled() && (s.cptrEl2 & CPTR_TFP) != 0) {
            return 2;
        }
        if ((s.cptrEl3 & CPTR_TFP) != 0) {
            return 3;
        }
        return ALLOWED;
    }
}
