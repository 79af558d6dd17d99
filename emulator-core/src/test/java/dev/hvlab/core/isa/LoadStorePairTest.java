package dev.hvlab.core.isa;

import static dev.hvlab.core.isa.LdstHarness.DATA;
import static dev.hvlab.core.isa.LdstHarness.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** STP/LDP/LDPSW/STNP/LDNP. */
class LoadStorePairTest {
    static final long Q0 = 0x8000000180000002L;
    static final long Q1 = 0x7000000370000004L;
    static final long JUNK = 0xDEADBEEFDEADBEEFL;

    LdstHarness h;

    @BeforeEach
    void setUp() {
        h = new LdstHarness();
        h.put64(DATA, Q0);
        h.put64(DATA + 8, Q1);
        h.cpu.x[2] = DATA;
        h.cpu.x[1] = JUNK;
        h.cpu.x[3] = JUNK;
    }

    @Test
    void loadPairOfWordsZeroExtendsLdpswSignExtends() {
        h.run(enc("LDP_off", "opc", 0, "imm7", 0, "rn", 2, "rt", 1, "rt2", 3));
        assertEquals(0x80000002L, h.cpu.x[1]);
        assertEquals(0x80000001L, h.cpu.x[3]);
        h.run(enc("LDP_off", "opc", 1, "imm7", 0, "rn", 2, "rt", 1, "rt2", 3)); // LDPSW
        assertEquals(0xFFFFFFFF80000002L, h.cpu.x[1]);
        assertEquals(0xFFFFFFFF80000001L, h.cpu.x[3]);
        h.run(enc("LDP_off", "opc", 1, "imm7", 2, "rn", 2, "rt", 1, "rt2", 3)); // imm7 scaled by 4
        assertEquals(0x70000004L, h.cpu.x[1]);
        assertEquals(0x70000003L, h.cpu.x[3]);
    }

    @Test
    void loadPairOfDoublewordsWithScaledOffsets() {
        h.cpu.x[2] = DATA + 16;
        h.run(enc("LDP_off", "opc", 2, "imm7", -2, "rn", 2, "rt", 1, "rt2", 3));
        assertEquals(Q0, h.cpu.x[1]);
        assertEquals(Q1, h.cpu.x[3]);
        h.run(enc("LDNP", "opc", 2, "imm7", -2, "rn", 2, "rt", 3, "rt2", 1));
        assertEquals(Q0, h.cpu.x[3]);
        assertEquals(Q1, h.cpu.x[1]);
        h.run(enc("LDNP", "opc", 0, "imm7", -3, "rn", 2, "rt", 4, "rt2", 5));
        assertEquals(0x80000001L, h.cpu.x[4]);
        assertEquals(0x70000004L, h.cpu.x[5]);
        assertEquals(DATA + 16, h.cpu.x[2]);
    }

    @Test
    void preAndPostIndex() {
        h.run(enc("LDP_post", "opc", 2, "imm7", 2, "rn", 2, "rt", 1, "rt2", 3));
        assertEquals(Q0, h.cpu.x[1]);
        assertEquals(Q1, h.cpu.x[3]);
        assertEquals(DATA + 16, h.cpu.x[2]);
        h.run(enc("LDP_pre", "opc", 0, "imm7", -3, "rn", 2, "rt", 4, "rt2", 5));
        assertEquals(DATA + 4, h.cpu.x[2]);
        assertEquals(0x80000001L, h.cpu.x[4]);
        assertEquals(0x70000004L, h.cpu.x[5]);

        h.cpu.x[Cpu.SP] = DATA + 64;
        h.cpu.x[6] = 0x1111;
        h.cpu.x[7] = 0x2222;
        h.run(enc("STP_pre", "opc", 2, "imm7", -2, "rn", 31, "rt", 6, "rt2", 7),   // STP x6, x7, [sp, #-16]!
                enc("STP_post", "opc", 0, "imm7", -4, "rn", 31, "rt", 7, "rt2", 6)); // STP w7, w6, [sp], #-16
        assertEquals(DATA + 32, h.cpu.x[Cpu.SP]);
        assertEquals(0x0000111100002222L, h.get64(DATA + 48));
        assertEquals(0x2222L, h.get64(DATA + 56));
    }

    @Test
    void storePairs() {
        h.cpu.x[6] = 0xAAAAAAAA11111111L;
        h.cpu.x[7] = 0xBBBBBBBB22222222L;
        h.run(enc("STP_off", "opc", 0, "imm7", 8, "rn", 2, "rt", 6, "rt2", 7),
                enc("STNP", "opc", 2, "imm7", 6, "rn", 2, "rt", 7, "rt2", 31));
        assertEquals(0x2222222211111111L, h.get64(DATA + 32));
        assertEquals(0xBBBBBBBB22222222L, h.get64(DATA + 48));
        assertEquals(0L, h.get64(DATA + 56));
    }

    @Test
    void unallocatedOpcs() {
        var d = A64.decoder();
        for (String p : new String[] {"STNP", "LDNP", "STP_off", "LDP_off", "STP_pre", "LDP_pre", "STP_post", "LDP_post"}) {
            assertFalse(d.isAllocated(enc(p, "opc", 3)), p + " opc=11");
            assertTrue(d.isAllocated(enc(p, "opc", 0)), p + " opc=00");
            assertTrue(d.isAllocated(enc(p, "opc", 2)), p + " opc=10");
            assertEquals(p.startsWith("LDP"), d.isAllocated(enc(p, "opc", 1)), p + " opc=01 (LDPSW)");
        }
    }

    /** CONSTRAINED UNPREDICTABLE, resolved as qemu-aarch64 does (see LoadStorePair). */
    @Test
    void overlappingRegisters() {
        h.run(enc("LDP_off", "opc", 2, "imm7", 0, "rn", 2, "rt", 1, "rt2", 1));
        assertEquals(Q0, h.cpu.x[1], "LDP Rt == Rt2: the first value");
        h.run(enc("LDP_off", "opc", 0, "imm7", 0, "rn", 2, "rt", 1, "rt2", 1));
        assertEquals(0x80000002L, h.cpu.x[1], "LDP (W) Rt == Rt2: the first value");
        h.run(enc("LDP_post", "opc", 2, "imm7", 2, "rn", 2, "rt", 1, "rt2", 2));
        assertEquals(DATA + 16, h.cpu.x[2], "load writeback onto Rt2: the address wins");
        assertEquals(Q0, h.cpu.x[1]);
        h.cpu.x[2] = DATA + 32;
        h.run(enc("STP_pre", "opc", 2, "imm7", 2, "rn", 2, "rt", 2, "rt2", 31));
        assertEquals(DATA + 32, h.get64(DATA + 48), "store writeback: the value before writeback");
        assertEquals(DATA + 48, h.cpu.x[2]);
    }

    @Test
    void faultOnTheSecondPageLeavesRegistersUnchanged() {
        long last = LdstHarness.RAM + LdstHarness.RAM_SIZE - 8;
        h.cpu.el = 1;
        h.cpu.x[2] = last;
        h.run(enc("LDP_pre", "opc", 2, "imm7", 0, "rn", 2, "rt", 1, "rt2", 3));
        assertTrue(h.excepted);
        assertEquals(ExceptionClass.DATA_ABORT_SAME, h.ec);
        assertEquals(last + 8, h.far);
        assertEquals(JUNK, h.cpu.x[1]);
        assertEquals(JUNK, h.cpu.x[3]);
        assertEquals(last, h.cpu.x[2]);
    }
}
