package dev.hvlab.core.isa;

import static dev.hvlab.core.isa.Harness.BASE;
import static dev.hvlab.core.isa.Harness.ENC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.cpu.ExceptionClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BranchesTest {
    private final Harness h = new Harness();

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 0x1FFFFFF, -1, -0x2000000, 100})
    void bAddsTheScaledSignExtendedImm26(int imm26) {
        h.step(0, ENC.encode("B", "imm26", imm26));
        assertEquals(BASE + 4L * imm26, h.cpu.pc);
        assertEquals(0, h.cpu.x[30]);
    }

    @Test
    void blLinksTheNextInstruction() {
        h.step(0, ENC.encode("BL", "imm26", -4));
        assertEquals(BASE - 16, h.cpu.pc);
        assertEquals(BASE + 4, h.cpu.x[30]);
    }

    @Test
    void cbzAndCbnzTestTheOperandWidth() {
        h.cpu.x[3] = 0x1_0000_0000L; // W3 == 0, X3 != 0
        h.step(0, ENC.encode("CBZ", "sf", 0, "imm19", 8, "rt", 3));
        assertEquals(BASE + 32, h.cpu.pc);
        h.step(0, ENC.encode("CBZ", "sf", 1, "imm19", 8, "rt", 3));
        assertEquals(BASE + 4, h.cpu.pc);
        h.step(0, ENC.encode("CBNZ", "sf", 1, "imm19", -8, "rt", 3));
        assertEquals(BASE - 32, h.cpu.pc);
        h.step(0, ENC.encode("CBNZ", "sf", 0, "imm19", -8, "rt", 3));
        assertEquals(BASE + 4, h.cpu.pc);
        h.step(0, ENC.encode("CBZ", "sf", 1, "imm19", 2, "rt", 31)); // XZR is always zero
        assertEquals(BASE + 8, h.cpu.pc);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 31, 32, 47, 62, 63})
    void tbzAndTbnzTestBitB5B40(int bit) {
        int b5 = bit >>> 5;
        int b40 = bit & 31;
        h.cpu.x[7] = 1L << bit;
        h.step(0, ENC.encode("TBNZ", "b5", b5, "b40", b40, "imm14", 5, "rt", 7));
        assertEquals(BASE + 20, h.cpu.pc);
        h.step(0, ENC.encode("TBZ", "b5", b5, "b40", b40, "imm14", 5, "rt", 7));
        assertEquals(BASE + 4, h.cpu.pc);
        h.cpu.x[7] = ~(1L << bit);
        h.step(0, ENC.encode("TBZ", "b5", b5, "b40", b40, "imm14", -5, "rt", 7));
        assertEquals(BASE - 20, h.cpu.pc);
        h.step(0, ENC.encode("TBNZ", "b5", b5, "b40", b40, "imm14", -5, "rt", 7));
        assertEquals(BASE + 4, h.cpu.pc);
    }

    /** Every condition against every NZCV value, against Cpu.conditionHolds (ConditionHolds()). */
    @Test
    void bCondFollowsConditionHoldsForAllConditionsAndFlags() {
        for (int cond = 0; cond < 16; cond++) {
            for (int flags = 0; flags < 16; flags++) {
                h.cpu.setNzcv(flags);
                boolean expected = h.cpu.conditionHolds(cond);
                h.step(0, ENC.encode("B_cond", "imm19", 3, "cond", cond));
                assertEquals(expected ? BASE + 12 : BASE + 4, h.cpu.pc, "cond " + cond + " flags " + flags);
            }
        }
    }

    /** A few rows of the ARM ARM condition table, independently of Cpu.conditionHolds. */
    @Test
    void bCondSpotChecksFromTheConditionTable() {
        int n = 8, z = 4, c = 2, v = 1;
        int[][] rows = { // cond, flags, taken
            {0x0, z, 1}, {0x1, z, 0}, {0x8, c, 1}, {0x8, c | z, 0}, {0x9, z, 1},
            {0xA, n | v, 1}, {0xB, n, 1}, {0xC, n | v | z, 0}, {0xD, v, 1}, {0xE, 0, 1}, {0xF, 0, 1},
        };
        for (int[] r : rows) {
            h.cpu.setNzcv(r[1]);
            h.step(0, ENC.encode("B_cond", "imm19", 2, "cond", r[0]));
            assertEquals(r[2] == 1 ? BASE + 8 : BASE + 4, h.cpu.pc, "cond " + r[0]);
        }
    }

    @Test
    void brBlrRet() {
        h.cpu.x[9] = 0x4000_1000L;
        h.step(0, ENC.encode("BR", "rn", 9));
        assertEquals(0x4000_1000L, h.cpu.pc);
        assertEquals(0, h.cpu.x[30]);

        h.step(0, ENC.encode("BLR", "rn", 9));
        assertEquals(0x4000_1000L, h.cpu.pc);
        assertEquals(BASE + 4, h.cpu.x[30]);

        h.cpu.x[30] = 0x4000_2000L; // BLR X30: the target is read before the link is written
        h.step(0, ENC.encode("BLR", "rn", 30));
        assertEquals(0x4000_2000L, h.cpu.pc);
        assertEquals(BASE + 4, h.cpu.x[30]);

        h.cpu.x[30] = 0x4000_3000L;
        h.step(0, 0xd65f03c0); // ret (aarch64-linux-gnu-as)
        assertEquals(0x4000_3000L, h.cpu.pc);
        h.cpu.x[4] = 0x4000_4000L;
        h.step(0, ENC.encode("RET", "rn", 4));
        assertEquals(0x4000_4000L, h.cpu.pc);
    }

    @Test
    void misalignedRegisterTargetFaultsOnTheNextFetch() {
        h.cpu.x[9] = BASE + 0x102;
        h.code(ENC.encode("BR", "rn", 9));
        h.cpu.pc = BASE;
        h.run(2);
        assertTrue(h.taken);
        assertEquals(ExceptionClass.PC_ALIGNMENT, h.ec);
        assertEquals(BASE + 0x102, h.elr);
    }

    @Test
    void chainedBranchesThroughTheDecodeCache() {
        // tbz x1, #0, +8 (taken) ; b . (skipped) ; b -8 (back to the start): two ops through the page cache
        h.cpu.x[1] = 0;
        h.code(ENC.encode("TBZ", "b5", 0, "b40", 0, "imm14", 2, "rt", 1), ENC.encode("B", "imm26", -1),
                ENC.encode("B", "imm26", -2));
        h.cpu.pc = BASE;
        h.run(2);
        assertFalse(h.taken);
        assertEquals(BASE, h.cpu.pc);
    }
}
