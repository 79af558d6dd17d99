package dev.hvlab.core.sysreg;

import static dev.hvlab.core.sysreg.Access.OK;
import static dev.hvlab.core.sysreg.Access.TRAP_EL1;
import static dev.hvlab.core.sysreg.Access.TRAP_EL2;
import static dev.hvlab.core.sysreg.Access.TRAP_EL3;
import static dev.hvlab.core.sysreg.SystemRegisterFile.CPTR_TCPAC;
import static dev.hvlab.core.sysreg.SystemRegisterFile.HCR_TGE;
import static dev.hvlab.core.sysreg.SystemRegisterFile.HCR_TRVM;
import static dev.hvlab.core.sysreg.SystemRegisterFile.HCR_TVM;
import static dev.hvlab.core.sysreg.SystemRegisterFile.MDCR_TDA;
import static dev.hvlab.core.sysreg.SystemRegisterFile.MDCR_TDE;
import static dev.hvlab.core.sysreg.SystemRegisterFile.MDCR_TDOSA;
import static dev.hvlab.core.sysreg.SystemRegisterFile.MDCR_TDRA;
import static dev.hvlab.core.sysreg.SystemRegisterFile.MDCR_TPM;

import dev.hvlab.core.cpu.Cpu;

/**
 * The trap controls of ARM ARM D1.13 as {@link AccessRule}s, to be composed after a register's
 * EL check with {@link AccessRule#then}. Each follows the clause of the generated accessibility
 * pseudocode ("MRS/MSR ... " in the register descriptions) that names the control: traps to EL2
 * apply at EL0/EL1 while EL2 is enabled ({@code EL2Enabled()}), traps to EL3 at EL0-EL2. An EL0
 * trap that targets EL1 goes to EL2 while HCR_EL2.TGE is in effect, as every such clause says.
 */
final class TrapRules {
    private TrapRules() {
    }

    /** The target of an EL0 trap "to EL1": EL2 while HCR_EL2.TGE is 1. */
    static Access el0Trap(Cpu cpu) {
        return cpu.sysregs.tgeInEffect() ? TRAP_EL2 : TRAP_EL1;
    }

    private static boolean belowEl2WithEl2(Cpu cpu) {
        return cpu.el < 2 && cpu.sysregs.el2Enabled();
    }

    /** HCR_EL2.{TID1, TID2, TID3, TACR, TIDCP, TSW, TPC, TPU}: EL0/EL1 accesses trap to EL2. */
    static AccessRule hcr(long bit) {
        return (cpu, read) -> belowEl2WithEl2(cpu) && (cpu.sysregs.hcrEl2 & bit) != 0 ? TRAP_EL2 : OK;
    }

    /** HCR_EL2.TVM traps writes, HCR_EL2.TRVM reads, of the EL1 virtual memory control registers. */
    static final AccessRule TVM = (cpu, read) ->
            belowEl2WithEl2(cpu) && (cpu.sysregs.hcrEl2 & (read ? HCR_TRVM : HCR_TVM)) != 0 ? TRAP_EL2 : OK;

    /** CPTR_EL2.TCPAC: EL1 accesses to CPACR_EL1 trap to EL2. */
    static final AccessRule CPTR_EL2_TCPAC = (cpu, read) ->
            cpu.el == 1 && cpu.sysregs.el2Enabled() && (cpu.sysregs.cptrEl2 & CPTR_TCPAC) != 0 ? TRAP_EL2 : OK;

    /** CPTR_EL3.TCPAC: EL1/EL2 accesses to CPACR_EL1 and EL2 accesses to CPTR_EL2 trap to EL3. */
    static final AccessRule CPTR_EL3_TCPAC = (cpu, read) ->
            cpu.el < 3 && (cpu.sysregs.cptrEl3 & CPTR_TCPAC) != 0 ? TRAP_EL3 : OK;

    /** CPACR_EL1.FPEN, CPTR_EL2.TFP, CPTR_EL3.TFP for MRS/MSR of FPCR, FPSR and FPEXC32_EL2 (EC 0x07). */
    static final AccessRule FP = (cpu, read) -> FpAccess.access(cpu);

    /**
     * MDCR_EL2 as its debug traps act: MDCR_EL2.TDE, or HCR_EL2.TGE, makes TDA, TDOSA and TDRA
     * behave as 1 (ARM ARM, MDCR_EL2.TDE).
     */
    private static long effectiveMdcrEl2(SystemRegisterFile s) {
        boolean tde = (s.mdcrEl2 & MDCR_TDE) != 0 || (s.hcrEl2 & HCR_TGE) != 0;
        return tde ? s.mdcrEl2 | MDCR_TDA | MDCR_TDOSA | MDCR_TDRA : s.mdcrEl2;
    }

    /** MDCR_EL2.{TPM, TPMCR, TDA, TDOSA, TDRA}: EL0/EL1 accesses trap to EL2. */
    static AccessRule mdcrEl2(long bit) {
        return (cpu, read) -> belowEl2WithEl2(cpu) && (effectiveMdcrEl2(cpu.sysregs) & bit) != 0 ? TRAP_EL2 : OK;
    }

    /** MDCR_EL3.{TPM, TDA, TDOSA}: EL0-EL2 accesses trap to EL3. */
    static AccessRule mdcrEl3(long bit) {
        return (cpu, read) -> cpu.el < 3 && (cpu.sysregs.mdcrEl3 & bit) != 0 ? TRAP_EL3 : OK;
    }

    /** MDCR_EL2.TPM then MDCR_EL3.TPM: every PMU register. */
    static final AccessRule PMU_TRAPS = mdcrEl2(MDCR_TPM).then(mdcrEl3(MDCR_TPM));

    /**
     * PMUSERENR_EL0 at EL0: the access is allowed if any of {@code readEnables} (MRS) or
     * {@code writeEnables} (MSR) is set, and traps to EL1 otherwise. A register EL0 cannot write
     * has no write enables: MSR is UNDEFINED at EL0.
     */
    static AccessRule pmuserenr(long readEnables, long writeEnables) {
        return (cpu, read) -> {
            if (cpu.el != 0) {
                return OK;
            }
            long enables = read ? readEnables : writeEnables;
            if (enables == 0) {
                return Access.UNDEFINED;
            }
            return (cpu.sysregs.pmu.userenr & enables) != 0 ? OK : el0Trap(cpu);
        };
    }

    /** CNTKCTL_EL1.{EL0PCTEN, EL0VCTEN, EL0PTEN, EL0VTEN}: EL0 accesses trap to EL1 unless one of {@code anyOf} is set. */
    static AccessRule cntkctl(long anyOf) {
        return (cpu, read) -> cpu.el != 0 || (cpu.sysregs.cntkctlEl1 & anyOf) != 0 ? OK : el0Trap(cpu);
    }

    /** CNTHCTL_EL2.{EL1PCTEN, EL1PCEN} clear: EL0/EL1 accesses trap to EL2. */
    static AccessRule cnthctl(long bit) {
        return (cpu, read) -> belowEl2WithEl2(cpu) && (cpu.sysregs.cnthctlEl2 & bit) == 0 ? TRAP_EL2 : OK;
    }
}
