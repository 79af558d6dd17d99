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

    /** SCTLR_EL2/EL3 reset value of the Cortex-A72: RES1 bits 4, 5, 11, 16, 18, 22, 23, 28, 29; MMU off. */
    public static final long SCTLR_EL2_RESET = 0x30C50830L;

    // HCR_EL2: bit names from its ARM ARM register description
    public static final long HCR_TID0 = 1L << 15;
    public static final long HCR_TID1 = 1L << 16;
    public static final long HCR_TID2 = 1L << 17;
    public static final long HCR_TID3 = 1L << 18;
    public static final long HCR_TIDCP = 1L << 20;
    public static final long HCR_TACR = 1L << 21;
    public static final long HCR_TSW = 1L << 22;
    public static final long HCR_TPC = 1L << 23;
    public static final long HCR_TPU = 1L << 24;
    public static final long HCR_TVM = 1L << 26;
    public static final long HCR_TRVM = 1L << 30;
    /** HCR_EL2 bits that exist in ARMv8.0 (VM[0] ... ID[33]); the rest are RES0. */
    public static final long HCR_EL2_MASK = (1L << 34) - 1;
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
    public static final long SCR_ST = 1L << 11;
    /** SCR_EL3 bits [5:4] are RES1 in ARMv8.0. */
    public static final long SCR_EL3_RES1 = 0x30L;
    /** SCR_EL3 bits that exist in ARMv8.0: NS, IRQ, FIQ, EA, RES1[5:4], SMD, HCE, SIF, RW, ST, TWI, TWE (bit 6 RES0). */
    public static final long SCR_EL3_MASK = 0x3FBFL;

    // CPACR_EL1, CPTR_EL2 (HCR_EL2.E2H = 0 layout) and CPTR_EL3
    public static final long CPACR_FPEN = 3L << 20;
    public static final long CPACR_TTA = 1L << 28;
    public static final long CPTR_TFP = 1L << 10;
    public static final long CPTR_TTA = 1L << 20;
    public static final long CPTR_TCPAC = 1L << 31;
    /** CPTR_EL2 bits 13:12 and 9:0 are RES1 in ARMv8.0. */
    public static final long CPTR_EL2_RES1 = 0x33FFL;

    // MDCR_EL2 and MDCR_EL3
    public static final long MDCR_HPMN = 0x1FL;
    public static final long MDCR_TPMCR = 1L << 5;
    public static final long MDCR_TPM = 1L << 6;
    public static final long MDCR_HPME = 1L << 7;
    public static final long MDCR_TDE = 1L << 8;
    public static final long MDCR_TDA = 1L << 9;
    public static final long MDCR_TDOSA = 1L << 10;
    public static final long MDCR_TDRA = 1L << 11;
    public static final long MDCR_EL2_MASK = 0xFFFL;
    /** MDCR_EL3 in ARMv8.0: TPM, TDA, TDOSA, SPD32[15:14], SDD, SPME, EDAD, EPMAD. */
    public static final long MDCR_EL3_MASK = MDCR_TPM | MDCR_TDA | MDCR_TDOSA | 3L << 14 | 1L << 16 | 1L << 17
            | 1L << 20 | 1L << 21;

    // CNTHCTL_EL2 (HCR_EL2.E2H = 0 layout)
    public static final long CNTHCTL_EL1PCTEN = 1L << 0;
    public static final long CNTHCTL_EL1PCEN = 1L << 1;

    // CNTKCTL_EL1: bit names from its ARM ARM register description
    public static final long CNTKCTL_EL0PCTEN = 1L << 0;
    public static final long CNTKCTL_EL0VCTEN = 1L << 1;
    public static final long CNTKCTL_EL0VTEN = 1L << 8;
    public static final long CNTKCTL_EL0PTEN = 1L << 9;

    // PMUSERENR_EL0
    public static final long PMUSERENR_EN = 1L << 0;
    public static final long PMUSERENR_SW = 1L << 1;
    public static final long PMUSERENR_CR = 1L << 2;
    public static final long PMUSERENR_ER = 1L << 3;

    /** MDSCR_EL1.TDCC: EL0 access to the Debug Communications Channel registers traps. */
    public static final long MDSCR_TDCC = 1L << 12;

    /** Generic timers, the index into {@link #cntCtl} and {@link #cntCval}. */
    public static final int TIMER_PHYS = 0;
    public static final int TIMER_VIRT = 1;
    public static final int TIMER_HYP = 2;
    public static final int TIMER_SECURE = 3;

    /** What ID registers read; the board sets the core type. */
    public CoreIdentity identity = CoreIdentity.CORTEX_A72;
    /** The counter behind CNTPCT_EL0/CNTVCT_EL0; the generic timer installs its own. */
    public SystemCounter counter = SystemCounter.INSTRUCTIONS;

    /**
     * Reads ISR_EL1 (pending physical or virtual IRQ/FIQ/SError as bits I[7], F[6], A[8]); the
     * interrupt controller installs its own. Default: nothing pending.
     */
    public SystemRegister.Reader interruptStatus = cpu -> 0;
    /** This CPU's GIC CPU interface (the ICC_ and ICH_ registers), attached by the GIC; null: those registers are UNDEFINED. */
    public dev.hvlab.core.gic.CpuInterface gic;
    /** The cycle count behind PMCCNTR_EL0; the timing model installs its own. */
    public SystemRegister.Reader cycles = cpu -> cpu.instructions;
    /** Told when a generic timer's CTL/CVAL/TVAL (or CNTVOFF_EL2, CNTHCTL_EL2) changes: the timer model's hook. */
    public TimerListener timerListener = TimerListener.NONE;

    /** MPIDR_EL1: bit 31 RES1; Aff0 = the CPU index until the board sets its cluster layout. */
    public long mpidr;
    /** VPIDR_EL2 and VMPIDR_EL2: what EL1 reads as MIDR_EL1/MPIDR_EL1 while EL2 is enabled. */
    public long vpidrEl2;
    public long vmpidrEl2;
    /** The number of cores in this CPU's cluster, reported in L2CTLR_EL1[25:24]. */
    public int clusterCores = 1;
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
    /** Exception entry state per target EL (index 0 unused): VBAR_ELx, ESR_ELx, FAR_ELx. */
    public final long[] vbar = new long[4];
    public final long[] esr = new long[4];
    public final long[] far = new long[4];
    public long hpfarEl2;
    public long sctlrEl2 = SCTLR_EL2_RESET;
    public long sctlrEl3 = SCTLR_EL2_RESET;
    /** Stage 1 translation controls per regime (index = EL; index 0 unused): TCR_ELx, MAIR_ELx. */
    public final long[] tcr = new long[4];
    public final long[] mair = new long[4];
    public long ttbr0El1;
    public long ttbr1El1;
    public long ttbr0El2;
    public long ttbr0El3;
    public long vtcrEl2;
    public long vttbrEl2;
    public long parEl1;
    /**
     * How TLB maintenance broadcast to the Inner Shareable domain reaches the other CPUs; the
     * machine installs one that reaches them all. The default invalidates this CPU only.
     */
    public TlbBroadcast tlbBroadcast = TlbBroadcast.LOCAL;

    // Trap controls (ARM ARM D1.13); writes go through the table so the FP access state follows them.
    /**
     * CPACR_EL1.FPEN resets to an UNKNOWN value (ARM ARM); hvlab picks 0b11 (no trap) so code started
     * directly at EL0/EL1 (tests, user mode) runs FP without set-up. Firmware and Linux write it anyway.
     */
    public long cpacrEl1 = CPACR_FPEN;
    public long cptrEl2 = CPTR_EL2_RES1;
    public long cptrEl3;
    public long mdcrEl2;
    public long mdcrEl3;
    public long hstrEl2;
    public long hacrEl2;
    /**
     * The FP/SIMD access outcome at each EL (index = PSTATE.EL), precomputed from CPACR_EL1, CPTR_EL2,
     * CPTR_EL3, HCR_EL2 and SCR_EL3 by {@link FpAccess#recompute}: 0 = allowed, 1..3 = EC 0x07 trap to
     * that EL, -1 = UNDEFINED (the EL0 trap that HCR_EL2.TGE routes to EL2 as EC 0x00).
     */
    public final int[] fpAccess = new int[4];

    // Other EL1-EL3 state
    public long contextidrEl1;
    public long csselrEl1;
    public long tpidrEl2;
    public long tpidrEl3;
    /** ACTLR_EL2/EL3 (index = EL); ACTLR_EL1 is RES0 on both cores. */
    public final long[] actlr = new long[4];
    public long dacr32El2;
    public long ifsr32El2;
    public long fpexc32El2 = 0x700L;
    /** RVBAR_EL3: the reset vector, set by the board. RMR_EL3.AA64 = 1: the cores reset into AArch64. */
    public long rvbarEl3;
    public long rmrEl3 = 1;

    // Generic timers (ARM ARM D11): values only; the timer model raises the interrupts.
    public long cnthctlEl2 = CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN;
    /** CNTP/CNTV/CNTHP/CNTPS _CTL (ENABLE, IMASK; ISTATUS is computed) and _CVAL, indexed by TIMER_*. */
    public final long[] cntCtl = new long[4];
    public final long[] cntCval = new long[4];

    // Implementation defined registers of the Cortex-A72/A53 (their TRMs, "AArch64 implementation defined registers")
    public long cpuactlrEl1;
    public long cpuectlrEl1;
    public long cpumerrsrEl1;
    public long l2ctlrEl1;
    public long l2ectlrEl1;
    public long l2actlrEl1;
    public long l2merrsrEl1;

    /** PMU state (PMCR_EL0, counters, enables). */
    public final PerformanceMonitors pmu = new PerformanceMonitors();
    /** Self-hosted debug state (MDSCR_EL1, OS lock, breakpoints, watchpoints). */
    public final DebugState debug = new DebugState();

    public SystemRegisterFile(int cpuIndex) {
        setMpidr((1L << 31) | (cpuIndex & 0xFF));
        setIdentity(CoreIdentity.CORTEX_A72);
        scrEl3 = SCR_EL3_RES1;
        FpAccess.recompute(this);
    }

    /** Sets the core type; VPIDR_EL2 resets to its MIDR_EL1 (ARM ARM, VPIDR_EL2 reset value). */
    public void setIdentity(CoreIdentity id) {
        identity = id;
        vpidrEl2 = id.midr();
        mdcrEl2 = (mdcrEl2 & ~MDCR_HPMN) | id.eventCounters(); // MDCR_EL2.HPMN resets to PMCR_EL0.N
    }

    /** Sets MPIDR_EL1; VMPIDR_EL2 resets to it. */
    public void setMpidr(long value) {
        mpidr = value;
        vmpidrEl2 = value;
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

    /** The count a timer compares against: the virtual count for CNTV, the physical count otherwise. */
    public long timerCount(dev.hvlab.core.cpu.Cpu cpu, int timer) {
        return timer == TIMER_VIRT ? virtualCount(cpu) : counter.physicalCount(cpu);
    }

    /** HCR_EL2.TGE in effect: EL2 enabled and TGE set, so EL0 traps that target EL1 go to EL2. */
    public boolean tgeInEffect() {
        return el2Enabled() && (hcrEl2 & HCR_TGE) != 0;
    }
}
