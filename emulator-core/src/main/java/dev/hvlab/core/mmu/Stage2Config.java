package dev.hvlab.core.mmu;

/** The stage 2 translation controls, decoded from VTCR_EL2 and VTTBR_EL2 (ARM ARM D5.2). */
public final class Stage2Config {
    public long vttbr;
    public int t0sz;
    /** VTCR_EL2.SL0, interpreted with the granule. */
    public int sl0;
    public Granule tg0 = Granule.KB4;
    /** The output physical address size in bits: min(VTCR_EL2.PS, the PE's PARange). */
    public int outputBits = 48;

    /** The start level SL0 selects (ARM ARM D5.2.6), or -1 for a reserved encoding. */
    public int startLevel() {
        if (tg0 == Granule.KB4) {
            return switch (sl0) {
                case 0 -> 2;
                case 1 -> 1;
                case 2 -> 0;
                default -> -1;
            };
        }
        return switch (sl0) {
            case 0 -> 3;
            case 1 -> 2;
            case 2 -> 1;
            default -> -1;
        };
    }
}
