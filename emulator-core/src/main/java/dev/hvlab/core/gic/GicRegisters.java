package dev.hvlab.core.gic;

/**
 * The GICv3 register offsets (IHI 0069, chapter 12) that software on the distributor and
 * redistributor frames uses, shared by the hypervisor models that emulate or filter them.
 */
public final class GicRegisters {
    public static final int GICD_CTLR = 0x0000;
    public static final int GICD_TYPER = 0x0004;
    public static final int GICD_IIDR = 0x0008;
    public static final int GICD_IGROUPR = 0x0080;
    public static final int GICD_ISENABLER = 0x0100;
    public static final int GICD_ICENABLER = 0x0180;
    public static final int GICD_ISPENDR = 0x0200;
    public static final int GICD_ICPENDR = 0x0280;
    public static final int GICD_ISACTIVER = 0x0300;
    public static final int GICD_ICACTIVER = 0x0380;
    public static final int GICD_IPRIORITYR = 0x0400;
    public static final int GICD_ITARGETSR = 0x0800;
    public static final int GICD_ICFGR = 0x0C00;
    public static final int GICD_IROUTER = 0x6000;
    public static final int GICD_PIDR2 = 0xFFE8;

    /** One redistributor: its RD_base frame, then its SGI_base frame at {@link #GICR_SGI_BASE}. */
    public static final long GICR_FRAME = 0x20000;
    public static final int GICR_SGI_BASE = 0x10000;
    public static final int GICR_CTLR = 0x0000;
    public static final int GICR_IIDR = 0x0004;
    public static final int GICR_TYPER = 0x0008;
    public static final int GICR_WAKER = 0x0014;
    /** GICR_TYPER.Last: the last redistributor of the region. */
    public static final long GICR_TYPER_LAST = 1L << 4;

    private GicRegisters() {
    }
}
