package dev.hvlab.core.sysreg;

/**
 * The outcome of an access rule: the access proceeds, the encoding is UNDEFINED at this EL, or the
 * access is trapped to a higher exception level (ARM ARM D1.13 "Configurable instruction enables
 * and disables, and trap controls").
 */
public enum Access {
    OK(-2),
    UNDEFINED(-2),
    TRAP_EL1(1),
    TRAP_EL2(2),
    TRAP_EL3(3);

    private final int targetEl;

    Access(int targetEl) {
        this.targetEl = targetEl;
    }

    /** The exception level a trap is taken to. */
    public int targetEl() {
        if (targetEl < 0) {
            throw new IllegalStateException(this + " is not a trap");
        }
        return targetEl;
    }
}
