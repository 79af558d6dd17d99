package dev.hvlab.core.isa;

import static dev.hvlab.core.isa.LdstHarness.CODE;
import static dev.hvlab.core.isa.LdstHarness.DATA;
import static dev.hvlab.core.isa.LdstHarness.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.hvlab.core.cpu.Op;
import dev.hvlab.core.mem.Page;
import org.junit.jupiter.api.Test;

/** A store into a page holding decoded code invalidates exactly the instruction it overwrites. */
class SelfModifyingStoreTest {
    @Test
    void codeRewritesItsNextInstructionThenExecutesIt() {
        LdstHarness h = new LdstHarness();
        int ldrX7 = enc("LDST_uoff", "size", 3, "opc", 1, "imm12", 0, "rn", 3, "rt", 7);
        int ldrX6 = enc("LDST_uoff", "size", 3, "opc", 1, "imm12", 1, "rn", 3, "rt", 6);
        int[] program = {
            enc("LDST_uoff", "size", 2, "opc", 0, "imm12", 0, "rn", 2, "rt", 1), // STR W1, [X2]  (X2 = CODE + 4)
            ldrX7,                                                             // rewritten by the store
            enc("LDST_uoff", "size", 3, "opc", 1, "imm12", 2, "rn", 3, "rt", 5), // LDR X5, [X3, #16]
        };
        h.put64(DATA, 0x70);
        h.put64(DATA + 8, 0x60);
        h.put64(DATA + 16, 0x50);
        h.cpu.x[2] = CODE + 4;
        h.cpu.x[3] = DATA;

        // First pass: the store rewrites the instruction with itself; every word gets decoded.
        h.cpu.x[1] = ldrX7;
        assertEquals(3, h.run(program));
        assertEquals(0x70L, h.cpu.x[7]);
        Op[] decoded = h.mem.page(CODE).decoded;
        Op store = decoded[0];
        Op next = decoded[2];
        assertNotNull(store);
        assertNotNull(next);

        // Second pass, without reloading the program: the store turns word 1 into LDR X6.
        h.cpu.x[1] = ldrX6;
        h.cpu.x[5] = 0;
        h.cpu.x[7] = 0;
        h.cpu.pc = CODE;
        assertEquals(3, h.cpu.run(3));
        assertEquals(0x60L, h.cpu.x[6], "the rewritten instruction ran");
        assertEquals(0L, h.cpu.x[7], "the old instruction did not");
        assertEquals(0x50L, h.cpu.x[5]);
        Page page = h.mem.page(CODE);
        assertSame(store, page.decoded[0], "the storing instruction stayed decoded");
        assertSame(next, page.decoded[2], "the following instruction stayed decoded");
        assertNotSame(null, page.decoded[1]);
    }
}
