package dev.hvlab.core.config;

import java.util.List;
import java.util.Optional;

/** The core types hvlab models: those of the i.MX 8QuadMax. */
public final class CpuModels {
    /** Cortex-A53 (PartNum 0xD03, Cortex-A53 TRM, MIDR_EL1). */
    public static final CpuModel CORTEX_A53 = new CpuModel("cortex-a53", 0x41, 0, 0xD03, 4,
            "r0p4, as QEMU's cortex-a53 reports [check: the i.MX 8QM's own revision]");
    /** Cortex-A72 (PartNum 0xD08, Cortex-A72 TRM, MIDR_EL1). */
    public static final CpuModel CORTEX_A72 = new CpuModel("cortex-a72", 0x41, 0, 0xD08, 4,
            "r0p4 [check: the i.MX 8QM's revision is to be confirmed; QEMU's cortex-a72 reports r0p3]");

    private static final List<CpuModel> ALL = List.of(CORTEX_A53, CORTEX_A72);

    private CpuModels() {
    }

    public static List<CpuModel> all() {
        return ALL;
    }

    public static Optional<CpuModel> byName(String name) {
        return ALL.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
