package dev.hvlab.core.sysreg;

import dev.hvlab.core.cpu.ExceptionClass;

/**
 * The outcome of an access rule: the access proceeds, the encoding is UNDEFINED at this EL, or the
 * access is trapped to a higher exception level (ARM ARM D1.13 "Configurable instruction enables
 * and disables, and trap controls"). A TRAP_ELn is reported with the syndrome of the instruction
 * that made the access (EC 0x18 for MRS/MSR/SYS, EC 0x01 for WFx); an FP_TRAP_ELn always with
 * EC 0x07, "Access to SIMD or floating-point functionality trapped by CPACR_EL1.FPEN,
 * CPTR_EL2.TFP or CPTR_EL3.TFP", whatever the instruction was.
 */
public enum Access {
    OK(-2, -1),
    UNDEFINED(-2, -1),
    TRAP_EL1(1, -1),
    TRAP_EL2(2, -1),
    TRAP_EL3(3, -1),
    FP_TRAP_EL1(1, ExceptionClass.FP_ACCESS),
    FP_TRAP_EL2(2, ExceptionClass.FP_ACCESS),
    FP_TRAP_EL3(3, ExceptionClass.FP_ACCESS);

    private final int targetEl;
    private final int ec;

    Access(int targetEl, int ec) {
        this.targetEl = targetEl;
        this.ec = ec;
    }

    /** The exception level a trap is taken to. */
    public int targetEl() {
        if (targetEl < 0) {
            throw new IllegalStateException(this + " is not a trap");
        }
        return targetEl;
    }

    /** The ESR.EC this refusal always reports, or -1 when the trapped instruction's class applies. */
    public int ec() {
        return ec;
    }

    /** A trap (EC 0x18 class) to {@code el}, 1..3. */
    static Access trapTo(int el) {
        return el == 1 ? TRAP_EL1 : el == 2 ? TRAP_EL2 : TRAP_EL3;
    }

    /** An FP/SIMD access trap (EC 0x07) to {@code el}, 1..3. */
    static Access fpTrapTo(int el) {
        return el == 1 ? FP_TRAP_EL1 : el == 2 ? FP_TRAP_EL2 : FP_TRAP_EL3;
    }
}
