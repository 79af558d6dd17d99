package dev.hvlab.core.config;

/**
 * A processor core type the emulator can present to software, identified the way software
 * identifies it: by MIDR_EL1 (ARM ARM, MIDR_EL1: Implementer [31:24], Variant [23:20],
 * Architecture [19:16] = 0xF "defined by ID registers", PartNum [15:4], Revision [3:0]).
 *
 * @param name the name used in board configs ({@code cortex-a72})
 * @param implementer MIDR_EL1.Implementer (0x41 = Arm)
 * @param variant MIDR_EL1.Variant, the "rN" of rNpM
 * @param partNum MIDR_EL1.PartNum
 * @param revision MIDR_EL1.Revision, the "pM" of rNpM
 * @param note where the values come from and what is still to be confirmed ([check])
 */
public record CpuModel(String name, int implementer, int variant, int partNum, int revision, String note) {
    private static final int ARCHITECTURE_ID_REGISTERS = 0xF;

    /** A model from its MIDR_EL1 value (implementer [31:24], variant [23:20], PartNum [15:4], revision [3:0]). */
    public static CpuModel of(String name, long midr, String note) {
        return new CpuModel(name, (int) (midr >>> 24) & 0xFF, (int) (midr >>> 20) & 0xF, (int) (midr >>> 4) & 0xFFF,
                (int) midr & 0xF, note);
    }

    /** The MIDR_EL1 value this core reports. */
    public long midr() {
        return ((long) implementer << 24) | ((long) variant << 20) | ((long) ARCHITECTURE_ID_REGISTERS << 16)
                | ((long) partNum << 4) | revision;
    }

    /** The revision as Arm writes it: r0p4. */
    public String rNpM() {
        return "r" + variant + "p" + revision;
    }
}
