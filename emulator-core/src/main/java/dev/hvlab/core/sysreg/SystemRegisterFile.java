package dev.hvlab.core.sysreg;

/**
 * The system register values of one CPU that are not plain fields of {@link dev.hvlab.core.cpu.Cpu}
 * (NZCV, DAIF, FPCR, FPSR, TPIDR_EL0 and TPIDRRO_EL0 live there, on the hot path). The register
 * table ({@link SystemRegisters}) is shared and reads and writes these fields through its hooks.
 * Bit names are those of the ARM ARM register descriptions.
 */
public final class SystemRegisterFile {
    // SCTLR_EL1: bit names from its ARM ARM register description
    public static final long SCTLR_M = 1L << 0;
    public static final long SCTLR_C = 1L << 2;
    public static final long SCTLR_SA = 1L << 3;
    public static final long SCTLR_SA0 = 1L << 4;
    public static final long SCTLR_SED = 1L << 8;
    public static final long SCTLR_UMA = 1L << 9;
    public static final long SCTLR_I = 1L << 12;
    public static final long SCTLR_DZE = 1L << 14;
    public static final long SCTLR_UCT = 1L << 15;
    public static final long SCTLR_NTWI = 1L << 16;
    public static final long SCTLR_NTWE = 1L << 18;
    public static final long SCTLR_UCI = 1L << 26;
    /** SCTLR_EL1 bits that are RES1 in ARMv8.0: 11, 20, 22, 23, 28, 29. */
    public static final long SCTLR_EL1_RES1 = (1L << 11) | (1L << 20) | (1L << 22) | (1L << 23) | (1L << 28) | (1L << 29);
    /** SCTLR_EL1 reset value of the Cortex-A72 (the TRM; QEMU's reset_sctlr agrees): MMU and caches off. */
    public static final long SCTLR_EL1_RESET = 0x00C50838L;
    /**
     * SCTLR_EL1 as Linux arm64 runs user space (INIT_SCTLR_EL1_MMU_ON, the ARMv8.0 bits): MMU and
     * caches on, stack alignment checks, DC ZVA, CTR_EL0 and cache maintenance allowed at EL0,
     * WFE not trapped; WFI and DAIF access from EL0 still trap.
     */
    public static final long SCTLR_EL1_LINUX_USER = SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_SA0 | SCTLR_SED | SCTLR_I
            | SCTLR_DZE | SCTLR_UCT | SCTLR_NTWE | SCTLR_UCI | SCTLR_EL1_RES1;

    // HCR_EL2: bit names from its ARM ARM register description
    public static final long HCR_TWI = 1L << 13;
    public static final long HCR_TWE = 1L << 14;
    public static final long HCR_TSC = 1L << 19;
    public static final long HCR_TGE = 1L << 27;
    public static final long HCR_TDZ = 1L << 28;
    public static final long HCR_HCD = 1L << 29;

    // SCR_EL3: bit names from its ARM ARM register description
    public static final long SCR_NS = 1L << 0;
    public static final long SCR_SMD = 1L << 7;
    public static final long SCR_HCE = 1L << 8;
    public static final long SCR_RW = 1L << 10;
    public static final long SCR_TWI = 1L << 12;
    public static final long SCR_TWE = 1L << 13;

    // CNTKCTL_EL1: bit names from its ARM ARM register description
    public static final long CNTKCTL_EL0PCTEN = 1L << 0;
    public static final long CNTKCTL_EL0VCTEN = 1L << 1;

    /** What ID registers read; the board sets the core type. */
    public CoreIdentity identity = CoreIdentity.CORTEX_A72;
    /** The counter behind CNTPCT_EL0/CNTVCT_EL0; the generic timer installs its own. */
    public SystemCounter counter = SystemCounter.INSTRUCTIONS;

    /** MPIDR_EL1: bit 31 RES1; Aff0 = the CPU index until the board sets its cluster layout. */
    public long mpidr;
    public long sctlrEl1 = SCTLR_EL1_RESET;
    public long cntkctlEl1;
    public long cntfrqEl0;
    public long cntvoffEl2;
    public long tpidrEl1;
    public long hcrEl2;
    public long scrEl3;
    /** ELR_EL1..ELR_EL3 and SPSR_EL1..SPSR_EL3, indexed by EL (index 0 unused). */
    public final long[] elr = new long[4];
    public final long[] spsr = new long[4];

    public SystemRegisterFile(int cpuIndex) {
        mpidr = (1L << 31) | (cpuIndex & 0xFF);
    }

    /**
     * {@code EL2Enabled()} for an ARMv8.0 PE with EL2 and EL3 (no Secure EL2): EL2 exists in the
     * Non-secure state only, so its controls apply when SCR_EL3.NS is 1.
     */
    public boolean el2Enabled() {
        return (scrEl3 & SCR_NS) != 0;
    }

    /** CNTVCT_EL0 = CNTPCT_EL0 - CNTVOFF_EL2 (the offset applies whenever EL2 is implemented, ARMv8.0). */
    public long virtualCount(dev.hvlab.core.cpu.Cpu cpu) {
        return counter.physicalCount(cpu) - cntvoffEl2;
    }
}
