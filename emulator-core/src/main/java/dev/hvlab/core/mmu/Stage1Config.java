package dev.hvlab.core.mmu;

/**
 * The stage 1 translation controls of one regime, decoded from TCR_ELx, TTBRn_ELx and SCTLR_ELx
 * (ARM ARM D5.2). Mutable and reused, so a TLB miss allocates nothing.
 */
public final class Stage1Config {
    /** True for the EL1&0 regime: two VA ranges (TTBR0/TTBR1), EL0 permissions, ASIDs, PXN/UXN. */
    public boolean twoRanges;
    public long ttbr0;
    public long ttbr1;
    public int t0sz;
    public int t1sz;
    public Granule tg0 = Granule.KB4;
    public Granule tg1 = Granule.KB4;
    /** TCR.EPD0/EPD1: a TLB miss on that range faults instead of walking. */
    public boolean epd0;
    public boolean epd1;
    /** TCR.TBI0/TBI1: the top byte is ignored for address range checks. */
    public boolean tbi0;
    public boolean tbi1;
    /** The output (intermediate) physical address size in bits: min(TCR.IPS/PS, the PE's PARange). */
    public int outputBits = 48;
    /** SCTLR_ELx.WXN. */
    public boolean wxn;
}
