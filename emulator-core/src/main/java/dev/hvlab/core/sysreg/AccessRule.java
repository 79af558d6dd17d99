package dev.hvlab.core.sysreg;

import dev.hvlab.core.cpu.Cpu;

/**
 * Decides, at execution time, whether a system register access or system instruction may proceed
 * at the CPU's current EL and configuration. A rule follows the order of the ARM ARM's access
 * pseudocode (the "MRS/MSR ... accessibility" sections): the EL checks first (UNDEFINED or a trap
 * to EL1), then the EL2 traps (HCR_EL2, CPTR_EL2, MDCR_EL2, CNTHCTL_EL2), then the EL3 traps
 * (SCR_EL3, CPTR_EL3, MDCR_EL3); the trap controls themselves are in {@link TrapRules}. Rules are
 * composed with {@link #then}, so the trap controls of a higher EL
 * are added to a register without rewriting its lower-EL rule. Evaluating a rule allocates nothing.
 */
@FunctionalInterface
public interface AccessRule {
    /** {@code read} is true for MRS and SYSL, false for MSR and SYS. */
    Access check(Cpu cpu, boolean read);

    /** This rule, then {@code next} if this one allows the access: the first refusal wins. */
    default AccessRule then(AccessRule next) {
        AccessRule first = this;
        return (cpu, read) -> {
            Access a = first.check(cpu, read);
            return a != Access.OK ? a : next.check(cpu, read);
        };
    }

    /** Accessible at every EL. */
    AccessRule ANY_EL = (cpu, read) -> Access.OK;

    /** UNDEFINED below {@code el} (an ELx register accessed from a lower EL). */
    static AccessRule atLeast(int el) {
        return switch (el) {
            case 0 -> ANY_EL;
            case 1 -> (cpu, read) -> cpu.el >= 1 ? Access.OK : Access.UNDEFINED;
            case 2 -> (cpu, read) -> cpu.el >= 2 ? Access.OK : Access.UNDEFINED;
            case 3 -> (cpu, read) -> cpu.el >= 3 ? Access.OK : Access.UNDEFINED;
            default -> throw new IllegalArgumentException("EL" + el);
        };
    }

    /**
     * At EL0, traps to EL1 (EL2 while HCR_EL2.TGE is 1) unless {@code sctlrBit} of SCTLR_EL1 is set
     * (UCT, UCI, DZE, UMA: the "EL0 access enables"); other ELs pass.
     */
    static AccessRule el0UnlessSctlr(long sctlrBit) {
        return (cpu, read) -> cpu.el != 0 || (cpu.sysregs.sctlrEl1 & sctlrBit) != 0 ? Access.OK : TrapRules.el0Trap(cpu);
    }

    /** At EL0, MSR is UNDEFINED (a register that EL0 may only read); other ELs pass. */
    AccessRule EL0_READ_ONLY = (cpu, read) -> cpu.el != 0 || read ? Access.OK : Access.UNDEFINED;
}
