package dev.hvlab.core.mmu;

/** A translation granule (ARM ARM D5.2): 4, 16 or 64 KiB. */
public enum Granule {
    KB4(12), KB16(14), KB64(16);

    /** log2 of the granule size: the page offset width. */
    public final int bits;
    /** Address bits resolved per lookup level: 9, 11 or 13. */
    public final int stride;

    Granule(int bits) {
        this.bits = bits;
        this.stride = bits - 3;
    }

    /** TCR_ELx.TG0 encoding: 00 = 4 KiB, 01 = 64 KiB, 10 = 16 KiB (11 reserved: treated as 4 KiB, IMPLEMENTATION DEFINED). */
    public static Granule fromTg0(int tg0) {
        return switch (tg0 & 3) {
            case 1 -> KB64;
            case 2 -> KB16;
            default -> KB4;
        };
    }

    /** TCR_EL1.TG1 encoding: 01 = 16 KiB, 10 = 4 KiB, 11 = 64 KiB (00 reserved: treated as 4 KiB). */
    public static Granule fromTg1(int tg1) {
        return switch (tg1 & 3) {
            case 1 -> KB16;
            case 3 -> KB64;
            default -> KB4;
        };
    }

    /** Whether a block descriptor is allowed at {@code level} (48-bit output addresses, ARMv8.0). */
    public boolean blockAllowed(int level) {
        return switch (this) {
            case KB4 -> level == 1 || level == 2;
            case KB16, KB64 -> level == 2;
        };
    }

    /** The lookup level at which a walk of an {@code inputSize}-bit address space starts (stage 1). */
    public int startLevel(int inputSize) {
        int levels = (inputSize - bits + stride - 1) / stride;
        return 4 - levels;
    }
}
