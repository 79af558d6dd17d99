package dev.hvlab.core.sysreg;

/**
 * The identification registers of a core type: what MIDR_EL1, REVIDR_EL1, CTR_EL0, DCZID_EL0 and
 * the ID_AA64* registers read. The register table is shared by every core type; a CPU reads these
 * values from its {@link SystemRegisterFile#identity}.
 *
 * @param dczBlockSizeLog2 DCZID_EL0.BS: log2 of the DC ZVA block size in 4-byte words
 */
public record CoreIdentity(String name, long midr, long revidr, long ctr, int dczBlockSizeLog2,
                           long idAa64pfr0, long idAa64pfr1, long idAa64dfr0, long idAa64dfr1,
                           long idAa64isar0, long idAa64isar1,
                           long idAa64mmfr0, long idAa64mmfr1, long idAa64mmfr2) {

    /**
     * Cortex-A72 r0p3 with the Cryptographic Extension (as on i.MX 8QuadMax). Values from the
     * Cortex-A72 MPCore TRM (ARM DDI 100095, the AArch64 identification register descriptions),
     * cross-checked against QEMU's cortex-a72 model (target/arm/cpu64.c, aarch64_a72_initfn):
     * MIDR 0x410FD083; CTR_EL0 0x8444C004 (IminLine 16 words, L1Ip PIPT, DminLine 16 words, CWG/ERG 16 words);
     * DCZID_EL0.BS 4 (64 bytes); ID_AA64PFR0 0x2222 (EL0-EL3 AArch64+AArch32, FP, AdvSIMD);
     * ID_AA64DFR0 0x10305106; ID_AA64ISAR0 0x11120 (AES+PMULL, SHA1, SHA2, CRC32);
     * ID_AA64MMFR0 0x1124 (44-bit PA, 16-bit ASID, mixed endian, 4K/64K granules); the others are 0
     * (ARMv8.0: no v8.1+ features).
     */
    public static final CoreIdentity CORTEX_A72 = new CoreIdentity("cortex-a72",
            0x410FD083L, 0, 0x8444C004L, 4,
            0x2222L, 0, 0x10305106L, 0,
            0x11120L, 0,
            0x1124L, 0, 0);

    /** The DC ZVA block size in bytes. */
    public int dczBlockBytes() {
        return 4 << dczBlockSizeLog2;
    }
}
