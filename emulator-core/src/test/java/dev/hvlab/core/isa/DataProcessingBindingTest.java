package dev.hvlab.core.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.Op;
import dev.hvlab.core.cpu.Undefined;
import dev.hvlab.core.decode.DecodeTable;
import dev.hvlab.core.decode.Decoder;
import dev.hvlab.core.decode.Pattern;
import dev.hvlab.core.mem.PhysicalMemory;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every data-processing pattern of the table has semantics, and no encoding of them crashes the emulator. */
class DataProcessingBindingTest {

    private static List<Pattern> dataProcessingPatterns() {
        List<Pattern> ps = DecodeTable.a64().patterns().stream()
            .filter(p -> p.encodingClass().equals("dp_imm") || p.encodingClass().equals("dp_reg"))
            .toList();
        assertFalse(ps.isEmpty());
        return ps;
    }

    @Test
    void everyDataProcessingPatternIsBound() {
        Decoder d = A64.decoder();
        for (Pattern p : dataProcessingPatterns()) {
            assertTrue(d.isBound(p.name()), p.name() + " has no semantics");
        }
    }

    /**
     * Random words of each pattern either decode as UNDEFINED or execute, with random registers,
     * to the next instruction without a Java exception; and the ARM ARM's "unallocated" field
     * combinations are the only ones refused (checked per pattern elsewhere).
     */
    @Test
    void randomEncodingsDecodeAndExecuteWithoutCrashing() {
        Decoder d = A64.decoder();
        Random rnd = new Random(8);
        PhysicalMemory m = new PhysicalMemory();
        m.addRam(OneInstruction.RAM, 1 << 20);
        Cpu cpu = new Cpu(0, m, d);
        for (Pattern p : dataProcessingPatterns()) {
            int executed = 0;
            for (int k = 0; k < 500; k++) {
                int word = (rnd.nextInt() & ~p.mask()) | p.value();
                assertEquals(p, d.match(word), p.name());
                Op op = d.decode(word);
                if (op instanceof Undefined) {
                    continue;
                }
                for (int r = 0; r < 31; r++) {
                    cpu.x[r] = rnd.nextLong();
                }
                cpu.x[Cpu.SP] = rnd.nextLong();
                cpu.setNzcv(rnd.nextInt(16));
                long pc = OneInstruction.RAM + 4L * rnd.nextInt(1 << 18);
                assertEquals(pc + 4, op.exec(cpu, pc), p.name());
                assertEquals(0, cpu.x[Cpu.ZR], p.name() + " wrote XZR: " + Integer.toHexString(word));
                executed++;
            }
            assertTrue(executed > 0, p.name() + ": no random encoding was allocated");
        }
    }
}
