package dev.hvlab.core.sysreg;

/**
 * The self-hosted debug registers of one CPU (ARM ARM D2, "AArch64 Self-hosted Debug"): stored
 * so that Linux, Xen and KVM can save, restore and initialize them. Breakpoints, watchpoints,
 * software step and the debug communications channel have no effect yet.
 */
public final class DebugState {
    /** Breakpoints and watchpoints of both cores (ID_AA64DFR0_EL1.BRPs = 5, WRPs = 3). */
    public static final int BREAKPOINTS = 6;
    public static final int WATCHPOINTS = 4;
    /** OSLSR_EL1.OSLM = 0b10 (bits 3 and 0): the OS Lock is implemented; OSLK is bit 1. */
    public static final long OSLSR_OSLM = 1L << 3;
    public static final long OSLSR_OSLK = 1L << 1;
    /**
     * MDSCR_EL1 fields of ARMv8.0: SS[0], ERR[6], TDCC[12], KDE[13], HDE[14], MDE[15], SC2[19], TDA[21],
     * INTdis[23:22], TXU[26], RXO[27], TXfull[29], RXfull[30]; the other bits are RES0.
     */
    public static final long MDSCR_MASK = 1L | 1L << 6 | 0xFL << 12 | 1L << 19 | 1L << 21 | 3L << 22 | 1L << 26
            | 1L << 27 | 1L << 29 | 1L << 30;

    public long mdscrEl1;
    public long mdccintEl1;
    /** The OS Lock is locked from a cold reset (ARM ARM, OSLSR_EL1.OSLK reset value). */
    public boolean osLock = true;
    public long osdlrEl1;
    public long dbgprcrEl1;
    public long claimTags;
    public long osdtrrxEl1;
    public long osdtrtxEl1;
    public long oseccrEl1;
    public long dbgvcr32El2;
    public final long[] bvr = new long[BREAKPOINTS];
    public final long[] bcr = new long[BREAKPOINTS];
    public final long[] wvr = new long[WATCHPOINTS];
    public final long[] wcr = new long[WATCHPOINTS];
}
