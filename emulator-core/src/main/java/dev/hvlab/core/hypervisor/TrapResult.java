package dev.hvlab.core.hypervisor;

/**
 * What a model's handler made of a trap (the three-way result of Jailhouse's {@code trap_handlers}
 * and Bao's abort handlers). Only {@link #HANDLED} returns to the guest; the other two stop the
 * partition the trapping CPU belongs to, with a report.
 */
public enum TrapResult {
    /** Emulated or served: the dispatcher returns to the guest with ERET. */
    HANDLED,
    /** The model does not implement what the guest asked for (an unknown register, ISV = 0 ...). */
    UNHANDLED,
    /** The guest asked for something its partition is not allowed to do (outside its config). */
    FORBIDDEN
}
