package dev.hvlab.core.sysreg;

/**
 * The identification of a core type: what MIDR_EL1, REVIDR_EL1, AIDR_EL1, CTR_EL0, DCZID_EL0,
 * CLIDR_EL1, CCSIDR_EL1, the read-only fields of PMCR_EL0 and the whole ID register space
 * (op0=3, op1=0, CRn=0, CRm=1..7: ID_PFR0_EL1 ... MVFR2_EL1, ID_AA64*) read. The register table
 * is shared by every core type; a CPU reads these values from its {@link SystemRegisterFile#identity}.
 * Instances are immutable.
 *
 * <p>Sources: the Cortex-A72 MPCore TRM (ARM DDI 100095) and Cortex-A53 MPCore TRM (ARM DDI 0500),
 * chapters "AArch64 register summary" / "AArch64 identification registers" and "Cache ID
 * registers"; cross-checked against QEMU's models (target/arm/cpu64.c, aarch64_a72_initfn and
 * aarch64_a53_initfn), which carry the same values. The L2 size is a SoC integration choice: 1 MiB
 * per cluster on the i.MX 8QuadMax (docs/IMX8QM.md; NXP i.MX 8QuadMax fact sheet).
 */
public final class CoreIdentity {
    /** Index of ID_AA64PFR0_EL1 in the ID space ({@code CRm << 3 | op2}). */
    private static final int AA64PFR0 = 4 << 3;
    /** ID_AA64PFR0_EL1.GIC, bits [27:24]: 1 = System register interface to the GIC CPU interface. */
    private static final long PFR0_GIC = 1L << 24;

    // CCSIDR_EL1 bits [31:28] (ARMv8.0 layout): WT, WB, RA, WA.
    private static final long CCSIDR_RA = 0b0010L << 28;
    private static final long CCSIDR_WB_RA_WA = 0b0111L << 28;

    private final String name;
    private final long midr;
    private final long revidr;
    private final long aidr;
    private final long ctr;
    private final int dczBlockSizeLog2;
    private final long clidr;
    private final long pmcrIdentification;
    private final long[] idSpace;
    private final long[] ccsidr;

    private CoreIdentity(String name, long midr, long revidr, long aidr, long ctr, int dczBlockSizeLog2,
                         long clidr, long pmcrIdentification, long[] idSpace, long[] ccsidr) {
        this.name = name;
        this.midr = midr;
        this.revidr = revidr;
        this.aidr = aidr;
        this.ctr = ctr;
        this.dczBlockSizeLog2 = dczBlockSizeLog2;
        this.clidr = clidr;
        this.pmcrIdentification = pmcrIdentification;
        this.idSpace = idSpace;
        this.ccsidr = ccsidr;
    }

    /**
     * Cortex-A72 r0p3 with the Cryptographic Extension (as on i.MX 8QuadMax): MIDR 0x410FD083; CTR_EL0
     * 0x8444C004 (IminLine/DminLine 16 words, L1Ip PIPT, CWG/ERG 16 words); DCZID_EL0.BS 4 (64 bytes);
     * ID_AA64PFR0 0x2222 (EL0-EL3 AArch64+AArch32, FP, AdvSIMD; GIC field 0 until the board enables
     * the GIC CPU interface, see {@link #withGicCpuInterface}); ID_AA64DFR0 0x10305106 (6 breakpoints,
     * 4 watchpoints, 2 context-aware, PMUv3, debug v8); ID_AA64ISAR0 0x11120 (AES+PMULL, SHA1, SHA2,
     * CRC32); ID_AA64MMFR0 0x1124 (44-bit PA, 16-bit ASID, mixed endian, 4K/64K granules). Caches:
     * L1I 48 KiB 3-way, L1D 32 KiB 2-way, L2 1 MiB 16-way, 64-byte lines. PMCR_EL0: IMP 0x41,
     * IDCODE 0x02, N = 6 counters.
     */
    public static final CoreIdentity CORTEX_A72 = new CoreIdentity("cortex-a72",
            0x410FD083L, 0, 0, 0x8444C004L, 4, 0x0A200023L, 0x41023000L,
            idSpace(0x10201105L, 0x1124L),
            caches(cache(48 << 10, 3, 64, CCSIDR_RA), cache(32 << 10, 2, 64, CCSIDR_WB_RA_WA),
                    cache(1 << 20, 16, 64, CCSIDR_WB_RA_WA)));

    /**
     * Cortex-A53 r0p4 with the Cryptographic Extension: as the A72 except MIDR 0x410FD034, CTR_EL0
     * 0x84448004 (L1 instruction cache VIPT), ID_MMFR0 0x10101105, ID_AA64MMFR0 0x1122 (40-bit PA),
     * caches L1I 32 KiB 2-way, L1D 32 KiB 4-way, L2 1 MiB 16-way, and PMCR_EL0.IDCODE 0x03.
     */
    public static final CoreIdentity CORTEX_A53 = new CoreIdentity("cortex-a53",
            0x410FD034L, 0, 0, 0x84448004L, 4, 0x0A200023L, 0x41033000L,
            idSpace(0x10101105L, 0x1122L),
            caches(cache(32 << 10, 2, 64, CCSIDR_RA), cache(32 << 10, 4, 64, CCSIDR_WB_RA_WA),
                    cache(1 << 20, 16, 64, CCSIDR_WB_RA_WA)));

    /**
     * The ID space of both cores; only ID_MMFR0 and ID_AA64MMFR0 differ. Index CRm:op2; entries
     * not set are the reserved, RAZ encodings.
     */
    private static long[] idSpace(long idMmfr0, long idAa64mmfr0) {
        long[] s = new long[64];
        long[] aarch32 = {
            /* CRm=1: ID_PFR0, ID_PFR1, ID_DFR0, ID_AFR0, ID_MMFR0..3 */
            0x00000131L, 0x00011011L, 0x03010066L, 0, idMmfr0, 0x40000000L, 0x01260000L, 0x02102211L,
            /* CRm=2: ID_ISAR0..5, reserved x2 */
            0x02101110L, 0x13112111L, 0x21232042L, 0x01112131L, 0x00011142L, 0x00011121L, 0, 0,
            /* CRm=3: MVFR0..2 */
            0x10110222L, 0x12111111L, 0x00000043L};
        System.arraycopy(aarch32, 0, s, 1 << 3, aarch32.length);
        s[AA64PFR0] = 0x2222L;
        s[5 << 3] = 0x10305106L; // ID_AA64DFR0_EL1
        s[6 << 3] = 0x11120L;    // ID_AA64ISAR0_EL1
        s[7 << 3] = idAa64mmfr0; // ID_AA64MMFR0_EL1
        return s;
    }

    /**
     * CCSIDR_EL1 (ARMv8.0 layout, without FEAT_CCIDX) for a cache: NumSets - 1 in [27:13],
     * Associativity - 1 in [12:3], LineSize = log2(bytes) - 4 in [2:0].
     */
    static long cache(int sizeBytes, int ways, int lineBytes, long policy) {
        int sets = sizeBytes / (ways * lineBytes);
        return policy | (long) (sets - 1) << 13 | (long) (ways - 1) << 3 | (Integer.numberOfTrailingZeros(lineBytes) - 4);
    }

    /** CCSIDR values indexed by CSSELR_EL1 (Level[3:1], InD[0]): L1 data, L1 instruction, L2 unified. */
    private static long[] caches(long l1i, long l1d, long l2) {
        long[] c = new long[16];
        c[0] = l1d;
        c[1] = l1i;
        c[2] = l2;
        return c;
    }

    /**
     * This core with ID_AA64PFR0_EL1.GIC = 1: the Cortex-A72/A53 report the GICv3 System register
     * CPU interface when the SoC connects it (GICCDISABLE low, as on the i.MX 8QuadMax's GIC-500).
     * The board selects it once the ICC_* registers exist.
     */
    public CoreIdentity withGicCpuInterface(boolean enabled) {
        long[] s = idSpace.clone();
        s[AA64PFR0] = enabled ? s[AA64PFR0] | PFR0_GIC : s[AA64PFR0] & ~PFR0_GIC;
        return new CoreIdentity(name, midr, revidr, aidr, ctr, dczBlockSizeLog2, clidr, pmcrIdentification, s, ccsidr);
    }

    public String name() {
        return name;
    }

    public long midr() {
        return midr;
    }

    public long revidr() {
        return revidr;
    }

    public long aidr() {
        return aidr;
    }

    public long ctr() {
        return ctr;
    }

    /** DCZID_EL0.BS: log2 of the DC ZVA block size in 4-byte words. */
    public int dczBlockSizeLog2() {
        return dczBlockSizeLog2;
    }

    /** The DC ZVA block size in bytes. */
    public int dczBlockBytes() {
        return 4 << dczBlockSizeLog2;
    }

    public long clidr() {
        return clidr;
    }

    /** CCSIDR_EL1 for the cache CSSELR_EL1 selects; 0 (UNKNOWN) for a cache that does not exist. */
    public long ccsidr(long csselr) {
        return ccsidr[(int) csselr & 15];
    }

    /** The read-only fields of PMCR_EL0: IMP[31:24], IDCODE[23:16], N[15:11]. */
    public long pmcrIdentification() {
        return pmcrIdentification;
    }

    /** PMCR_EL0.N: the number of event counters. */
    public int eventCounters() {
        return (int) (pmcrIdentification >>> 11) & 0x1F;
    }

    /** The register at op0=3, op1=0, CRn=0, {@code crm} (1..7), {@code op2}; 0 for reserved encodings. */
    public long idRegister(int crm, int op2) {
        return idSpace[(crm & 7) << 3 | (op2 & 7)];
    }

    public long idAa64pfr0() {
        return idRegister(4, 0);
    }

    public long idAa64dfr0() {
        return idRegister(5, 0);
    }

    public long idAa64isar0() {
        return idRegister(6, 0);
    }

    public long idAa64mmfr0() {
        return idRegister(7, 0);
    }

    @Override
    public String toString() {
        return name;
    }
}
