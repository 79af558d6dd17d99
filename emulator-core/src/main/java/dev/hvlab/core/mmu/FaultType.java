package dev.hvlab.core.mmu;

/** The fault a translation can report, with its fault-status code base (ESR ISS DFSC/IFSC, ARM ARM D17.2.37). */
public enum FaultType {
    NONE(-1),
    ADDRESS_SIZE(0b000000),
    TRANSLATION(0b000100),
    ACCESS_FLAG(0b001000),
    PERMISSION(0b001100),
    /** A synchronous external abort on a translation table walk. */
    WALK_EXTERNAL_ABORT(0b010100),
    /** A synchronous external abort that is not on a walk (the access itself). */
    EXTERNAL_ABORT(0b010000),
    ALIGNMENT(0b100001);

    private final int base;

    FaultType(int base) {
        this.base = base;
    }

    /** The fault status code for a fault at {@code level}. */
    public int statusCode(int level) {
        return switch (this) {
            case EXTERNAL_ABORT, ALIGNMENT, NONE -> base;
            default -> base | (level & 3);
        };
    }
}
