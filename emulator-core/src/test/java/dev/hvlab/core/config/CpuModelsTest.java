package dev.hvlab.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CpuModelsTest {
    @Test
    void midrFollowsTheArchitecturalFieldLayout() {
        // MIDR_EL1: Implementer 0x41 [31:24], Variant [23:20], Architecture 0xF [19:16],
        // PartNum [15:4], Revision [3:0].
        assertEquals(0x410F_D034L, CpuModels.CORTEX_A53.midr());
        assertEquals(0x410F_D083L, CpuModels.CORTEX_A72.midr());
        assertEquals("r0p4", CpuModels.CORTEX_A53.rNpM());
        assertEquals("r0p3", CpuModels.CORTEX_A72.rNpM());
    }

    @Test
    void theCatalogAndTheSystemRegistersAgree() {
        assertEquals(dev.hvlab.core.sysreg.CoreIdentity.CORTEX_A72.midr(), CpuModels.CORTEX_A72.midr());
        assertEquals(dev.hvlab.core.sysreg.CoreIdentity.CORTEX_A53.midr(), CpuModels.CORTEX_A53.midr());
    }

    @Test
    void findsModelsByName() {
        assertEquals(CpuModels.CORTEX_A72, CpuModels.byName("cortex-a72").orElseThrow());
        assertEquals(2, CpuModels.all().size());
    }
}
