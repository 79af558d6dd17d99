package dev.hvlab.core.isa;

import static dev.hvlab.core.isa.Harness.BASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.mem.Page;
import dev.hvlab.core.sysreg.SystemRegisterFile;
import org.junit.jupiter.api.Test;

/** MRS/MSR/SYS words from aarch64-linux-gnu-as; values and rules from the ARM ARM register descriptions. */
class SystemRegisterMovesTest {
    private static final int MRS_X0_TPIDR_EL0 = 0xd53bd040;
    private static final int MSR_TPIDR_EL0_X1 = 0xd51bd041;
    private static final int MRS_X2_TPIDRRO_EL0 = 0xd53bd062;
    private static final int MSR_TPIDRRO_EL0_X3 = 0xd51bd063;
    private static final int MRS_X4_CTR_EL0 = 0xd53b0024;
    private static final int MRS_X5_DCZID_EL0 = 0xd53b00e5;
    private static final int DC_ZVA_X6 = 0xd50b7426;
    private static final int MRS_X7_MIDR_EL1 = 0xd5380007;
    private static final int MRS_X8_MPIDR_EL1 = 0xd53800a8;
    private static final int MRS_X9_NZCV = 0xd53b4209;
    private static final int MSR_NZCV_X10 = 0xd51b420a;
    private static final int MRS_X11_CNTVCT_EL0 = 0xd53be04b;
    private static final int IC_IVAU_X12 = 0xd50b752c;
    private static final int MSR_SCTLR_EL1_X15 = 0xd518100f;
    private static final int DC_CVAU_X17 = 0xd50b7b31;
    private static final int IC_IALLU = 0xd508751f;
    private static final int MRS_X18_ID_AA64MMFR2_EL1 = 0xd5380752;
    private static final int MRS_X19_S3_3_C15_C15_7 = 0xd53bfff3;

    private final Harness h = new Harness();
    private final Cpu c = h.cpu;

    private void assertUndefined() {
        assertTrue(h.taken);
        assertEquals(ExceptionClass.UNKNOWN, h.ec);
        assertEquals(BASE, h.elr);
    }

    private void assertSysregTrap(int targetEl, int iss) {
        assertTrue(h.taken);
        assertEquals(ExceptionClass.SYSREG, h.ec);
        assertEquals(iss, h.iss, () -> Integer.toHexString(h.iss));
        assertEquals(BASE, h.elr, "a trapped access returns to itself");
        assertEquals(targetEl, h.targetEl);
    }

    @Test
    void tpidrEl0RoundTripAtEl0() {
        c.x[1] = 0x1234_5678_9ABC_DEF0L;
        h.step(0, MSR_TPIDR_EL0_X1);
        assertFalse(h.taken);
        assertEquals(0x1234_5678_9ABC_DEF0L, c.tpidrEl0);
        h.step(0, MRS_X0_TPIDR_EL0);
        assertEquals(0x1234_5678_9ABC_DEF0L, c.x[0]);
    }

    @Test
    void tpidrroEl0IsReadOnlyAtEl0() {
        c.x[3] = 42;
        h.step(0, MSR_TPIDRRO_EL0_X3);
        assertUndefined();
        assertEquals(0, c.tpidrroEl0);
        h.step(1, MSR_TPIDRRO_EL0_X3);
        assertFalse(h.taken);
        h.step(0, MRS_X2_TPIDRRO_EL0);
        assertFalse(h.taken);
        assertEquals(42, c.x[2]);
    }

    @Test
    void ctrEl0TrapsAtEl0UnlessUct() {
        c.sysregs.sctlrEl1 = SystemRegisterFile.SCTLR_EL1_RES1;
        h.step(0, MRS_X4_CTR_EL0);
        // ISS: Op0=3, Op2=1, Op1=3, CRn=0, Rt=4, CRm=0, Direction=1 (read)
        assertSysregTrap(1, (3 << 20) | (1 << 17) | (3 << 14) | (4 << 5) | 1);
        c.sysregs.sctlrEl1 |= SystemRegisterFile.SCTLR_UCT;
        h.step(0, MRS_X4_CTR_EL0);
        assertFalse(h.taken);
        assertEquals(0x8444C004L, c.x[4]);
    }

    @Test
    void dczidReportsTheBlockSizeAndWhetherDcZvaIsProhibited() {
        c.sysregs.sctlrEl1 = SystemRegisterFile.SCTLR_EL1_RES1;
        h.step(0, MRS_X5_DCZID_EL0);
        assertFalse(h.taken);
        assertEquals(4 | 1 << 4, c.x[5]); // BS = 4 (16 words = 64 bytes), DZP = 1
        c.sysregs.sctlrEl1 |= SystemRegisterFile.SCTLR_DZE;
        h.step(0, MRS_X5_DCZID_EL0);
        assertEquals(4, c.x[5]);
    }

    @Test
    void dcZvaZeroesTheAlignedSixtyFourByteBlock() {
        byte[] ones = new byte[256];
        java.util.Arrays.fill(ones, (byte) 0xFF);
        long data = BASE + 0x1000;
        h.memory.write(data, ones, 0, ones.length);
        c.sysregs.sctlrEl1 = SystemRegisterFile.SCTLR_EL1_LINUX_USER;
        c.x[6] = data + 0x40 + 0x13;
        h.step(0, DC_ZVA_X6);
        assertFalse(h.taken);
        byte[] after = new byte[256];
        h.memory.read(data, after, 0, after.length);
        for (int i = 0; i < 256; i++) {
            assertEquals(i >= 0x40 && i < 0x80 ? 0 : (byte) 0xFF, after[i], "byte " + i);
        }
    }

    @Test
    void dcZvaTrapsAtEl0UnlessDzeAndAtEl1UnderHcrTdz() {
        c.sysregs.sctlrEl1 = SystemRegisterFile.SCTLR_EL1_RES1;
        c.x[6] = BASE + 0x1000;
        h.step(0, DC_ZVA_X6);
        // ISS: Op0=1, Op2=1, Op1=3, CRn=7, Rt=6, CRm=4, Direction=0
        assertSysregTrap(1, (1 << 20) | (1 << 17) | (3 << 14) | (7 << 10) | (6 << 5) | (4 << 1));
        c.sysregs.scrEl3 = SystemRegisterFile.SCR_NS;
        c.sysregs.hcrEl2 = SystemRegisterFile.HCR_TDZ;
        h.step(1, DC_ZVA_X6);
        assertSysregTrap(2, (1 << 20) | (1 << 17) | (3 << 14) | (7 << 10) | (6 << 5) | (4 << 1));
        h.step(2, DC_ZVA_X6);
        assertFalse(h.taken);
    }

    @Test
    void idRegistersAreUndefinedAtEl0AndReadTheCortexA72ValuesAbove() {
        h.step(0, MRS_X7_MIDR_EL1);
        assertUndefined();
        h.step(1, MRS_X7_MIDR_EL1);
        assertFalse(h.taken);
        assertEquals(0x410FD083L, c.x[7]);
        h.step(1, MRS_X8_MPIDR_EL1);
        assertEquals(0x8000_0000L, c.x[8]); // CPU 0: RES1 bit 31, affinity 0
        c.x[18] = -1;
        h.step(1, MRS_X18_ID_AA64MMFR2_EL1);
        assertFalse(h.taken);
        assertEquals(0, c.x[18]);
    }

    @Test
    void unknownEncodingsAreUndefined() {
        assertFalse(A64.decoder().isAllocated(MRS_X19_S3_3_C15_C15_7));
        h.step(1, MRS_X19_S3_3_C15_C15_7);
        assertUndefined();
        h.step(0, MSR_SCTLR_EL1_X15);
        assertUndefined();
    }

    @Test
    void nzcvRoundTrip() {
        c.x[10] = 0x6000_0000L | 0xFFFFL; // Z and C; low bits ignored
        h.step(0, MSR_NZCV_X10);
        assertTrue(c.z && c.c && !c.n && !c.v);
        h.step(0, MRS_X9_NZCV);
        assertEquals(0x6000_0000L, c.x[9]);
    }

    @Test
    void cntvctAtEl0NeedsCntkctlEl0vcten() {
        c.sysregs.counter = cpu -> 1000;
        c.sysregs.cntvoffEl2 = 10;
        h.step(0, MRS_X11_CNTVCT_EL0);
        assertSysregTrap(1, (3 << 20) | (2 << 17) | (3 << 14) | (14 << 10) | (11 << 5) | 1);
        c.sysregs.cntkctlEl1 = SystemRegisterFile.CNTKCTL_EL0VCTEN;
        h.step(0, MRS_X11_CNTVCT_EL0);
        assertFalse(h.taken);
        assertEquals(990, c.x[11]);
    }

    @Test
    void icIvauDropsTheDecodedInstructionsOfThePage() {
        c.sysregs.sctlrEl1 = SystemRegisterFile.SCTLR_EL1_LINUX_USER;
        h.code(BASE + 0x2000, 0xd503201f); // a NOP, decoded once
        c.pc = BASE + 0x2000;
        c.run(1);
        Page p = h.memory.page(BASE + 0x2000);
        assertNotNull(p.decoded[0]);
        c.x[12] = BASE + 0x2010;
        h.step(0, IC_IVAU_X12);
        assertFalse(h.taken);
        assertNull(p.decoded[0]);
    }

    @Test
    void cacheMaintenanceRulesAtEl0() {
        c.sysregs.sctlrEl1 = SystemRegisterFile.SCTLR_EL1_RES1;
        h.step(0, DC_CVAU_X17);
        assertSysregTrap(1, (1 << 20) | (1 << 17) | (3 << 14) | (7 << 10) | (17 << 5) | (11 << 1));
        c.sysregs.sctlrEl1 |= SystemRegisterFile.SCTLR_UCI;
        h.step(0, DC_CVAU_X17);
        assertFalse(h.taken);
        h.step(0, IC_IALLU);
        assertUndefined();
        h.step(1, IC_IALLU);
        assertFalse(h.taken);
    }

    @Test
    void sysregTrapSyndromeIsAnEsrWithIl() {
        c.sysregs.sctlrEl1 = SystemRegisterFile.SCTLR_EL1_RES1;
        h.step(0, MRS_X4_CTR_EL0);
        assertEquals((0x18L << 26) | (1L << 25) | h.iss, h.esr);
    }
}
