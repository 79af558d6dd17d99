package dev.hvlab.core.config;

import dev.hvlab.core.sysreg.CoreIdentity;

import java.util.List;
import java.util.Optional;

/** The core types hvlab models: those of the i.MX 8QuadMax. */
public final class CpuModels {
    /** Cortex-A53: MIDR_EL1 from the same {@link CoreIdentity} the system registers read. */
    public static final CpuModel CORTEX_A53 = CpuModel.of("cortex-a53", CoreIdentity.CORTEX_A53.midr(),
            "as QEMU's cortex-a53 reports [check: the i.MX 8QM's own revision]");
    /** Cortex-A72: MIDR_EL1 from the same {@link CoreIdentity} the system registers read. */
    public static final CpuModel CORTEX_A72 = CpuModel.of("cortex-a72", CoreIdentity.CORTEX_A72.midr(),
            "as QEMU's cortex-a72 reports [check: the i.MX 8QM's own revision]");

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
