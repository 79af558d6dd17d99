package dev.hvlab.core.isa;

import static dev.hvlab.core.isa.LdstHarness.CODE;
import static dev.hvlab.core.isa.LdstHarness.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** LDR (literal), LDRSW (literal), PRFM (literal). */
class LoadRegisterLiteralTest {
    @Test
    void literalLoadsArePcRelative() {
        LdstHarness h = new LdstHarness();
        h.put64(CODE + 0x100, 0x89ABCDEF01234567L);
        h.put64(LdstHarness.RAM + 0x8000, 0x00000000F0000000L);
        h.cpu.x[1] = -1;
        h.cpu.x[2] = -1;
        h.cpu.x[3] = -1;
        long n = h.run(
                enc("LDR_lit", "opc", 1, "imm19", 0x100 / 4, "rt", 1),        // at CODE: X1 = [CODE + 0x100]
                enc("LDR_lit", "opc", 0, "imm19", 0x100 / 4, "rt", 2),        // at CODE+4: W2 = [CODE + 0x104]
                enc("LDR_lit", "opc", 2, "imm19", (0x8000 - 8) / 4, "rt", 3),  // at CODE+8: LDRSW from RAM+0x8000
                enc("LDR_lit", "opc", 3, "imm19", -0x1000, "rt", 0));           // PRFM to an unmapped address
        assertEquals(4, n);
        assertFalse(h.excepted);
        assertEquals(0x89ABCDEF01234567L, h.cpu.x[1]);
        assertEquals(0x89ABCDEFL, h.cpu.x[2]);
        assertEquals(0xFFFFFFFFF0000000L, h.cpu.x[3]);
    }

    @Test
    void negativeOffset() {
        LdstHarness h = new LdstHarness();
        h.put64(CODE + 0x200, 0x7FFFFFFF_8000_0000L);
        h.load(CODE + 0x300, enc("LDR_lit", "opc", 2, "imm19", -0x100 / 4, "rt", 4),
                enc("LDR_lit", "opc", 1, "imm19", -0x104 / 4, "rt", 5));
        h.cpu.pc = CODE + 0x300;
        h.cpu.run(2);
        assertEquals(0xFFFFFFFF80000000L, h.cpu.x[4]);
        assertEquals(0x7FFFFFFF80000000L, h.cpu.x[5]);
    }
}
