package dev.hvlab.core.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.decode.Encoder;
import dev.hvlab.core.mem.PhysicalMemory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SIMD&FP loads and stores, checked against the LDST_MULT/LDST_SINGLE pseudocode's element order. */
class SimdLoadsAndStoresTest {
    private static final long BASE = 0x40000000L;
    private Cpu cpu;
    private final Encoder enc = Encoder.a64();

    @BeforeEach
    void setUp() {
        PhysicalMemory m = new PhysicalMemory();
        m.addRam(BASE, 1 << 16);
        cpu = new Cpu(0, m, A64.decoder());
        for (int k = 0; k < 64; k++) {
            cpu.write8(BASE + 0x1000 + k, k);
        }
        cpu.x[1] = BASE + 0x1000;
    }

    private void exec(int word) {
        cpu.decoder().decode(word).exec(cpu, BASE);
    }

    @Test
    void ld1MultipleLoadsConsecutiveBytesAndPostIncrements() {
        // LD1 {v0.16b, v1.16b}, [x1], #32
        exec(enc.encode("LD1_m2_post", "q", 1, "rm", 31, "size", 0, "rn", 1, "rt", 0));
        assertEquals(0x0706050403020100L, cpu.vreg[0]);
        assertEquals(0x0f0e0d0c0b0a0908L, cpu.vreg[1]);
        assertEquals(0x1716151413121110L, cpu.vreg[2]);
        assertEquals(BASE + 0x1000 + 32, cpu.x[1]);
    }

    @Test
    void ld2DeinterleavesAnd64BitFormsClearTheUpperHalf() {
        cpu.vreg[1] = -1L;
        // LD2 {v0.8b, v1.8b}, [x1]: even bytes to v0, odd bytes to v1.
        exec(enc.encode("LD2_m", "q", 0, "size", 0, "rn", 1, "rt", 0));
        assertEquals(0x0e0c0a0806040200L, cpu.vreg[0]);
        assertEquals(0x0f0d0b0907050301L, cpu.vreg[2]);
        assertEquals(0L, cpu.vreg[1]);
        assertEquals(0L, cpu.vreg[3]);
    }

    @Test
    void singleLaneLoadKeepsOtherLanesAndReplicateFillsAll() {
        cpu.vreg[0] = 0x1111111111111111L;
        cpu.vreg[1] = 0x2222222222222222L;
        // LD1 {v0.s}[3], [x1]: index = Q:S = 11, scale 2.
        exec(enc.encode("LD1_s", "q", 1, "opc", 2, "S", 1, "size", 0, "rn", 1, "rt", 0));
        assertEquals(0x1111111111111111L, cpu.vreg[0]);
        assertEquals(0x0302010022222222L, cpu.vreg[1]);
        // LD1R {v2.8h}, [x1]
        exec(enc.encode("LD1R", "q", 1, "size", 1, "rn", 1, "rt", 2));
        assertEquals(0x0100010001000100L, cpu.vreg[4]);
        assertEquals(0x0100010001000100L, cpu.vreg[5]);
    }

    @Test
    void scalarRegisterLoadsZeroTheRestAndPairsStoreQ() {
        cpu.vreg[6] = -1L;
        cpu.vreg[7] = -1L;
        // LDR h3, [x1, #2] (unsigned offset, scaled by 2)
        exec(enc.encode("LDST_v_uoff", "size", 1, "opc", 1, "imm12", 1, "rn", 1, "rt", 3));
        assertEquals(0x0302L, cpu.vreg[6]);
        assertEquals(0L, cpu.vreg[7]);
        // STP q0, q1, [x1, #-32]!  then the bytes read back
        cpu.vreg[0] = 0xAAL;
        cpu.vreg[3] = 0xBBL;
        exec(enc.encode("STP_v_pre", "opc", 2, "imm7", 0x7e, "rt2", 1, "rn", 1, "rt", 0));
        assertEquals(BASE + 0x1000 - 32, cpu.x[1]);
        assertEquals(0xAAL, cpu.read64(BASE + 0x1000 - 32));
        assertEquals(0xBBL, cpu.read64(BASE + 0x1000 - 8));
    }
}
