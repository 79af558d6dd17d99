package dev.hvlab.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CpuModelsTest {
    @Test
    void midrFollowsTheArchitecturalFieldLayout() {
        // MIDR_EL1: Implementer 0x41 [31:24], Variant [23:20], Architecture 0xF [19:16],
        // PartNum [15:4], Revision [3:0].
        assertEquals(0x410F_D034L, CpuModels.CORTEX_A53.midr());
        assertEquals(0x410F_D084L, CpuModels.CORTEX_A72.midr());
        assertEquals("r0p4", CpuModels.CORTEX_A53.rNpM());
    }

    @Test
    void findsModelsByName() {
        assertEquals(CpuModels.CORTEX_A72, CpuModels.byName("cortex-a72").orElseThrow());
        assertEquals(2, CpuModels.all().size());
    }
}
