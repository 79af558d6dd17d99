package dev.hvlab.core.difftest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.asm.Assembler;
import dev.hvlab.core.isa.A64;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the harness itself against QEMU alone: the ELF loads and runs, the log parses into one
 * state per instruction, and the registers the epilogue dumps to stdout equal the state QEMU
 * logged before the epilogue (so parser, ELF writer, prologue and epilogue agree with each other).
 */
class QemuHarnessTest {
    @Test
    void generatedProgramsRunUnderQemuAndTheirDumpMatchesTheTrace(@TempDir Path dir) {
        Assumptions.assumeTrue(QemuRunner.available(), "qemu-aarch64 not installed");
        ProgramGenerator gen = new ProgramGenerator(A64.decoder(), Exclusions.load(), 0);
        QemuRunner qemu = new QemuRunner(dir);
        TreeMap<String, Integer> ends = new TreeMap<>();
        int checked = 0;
        for (long seed = 1; seed <= 20; seed++) {
            Program p = gen.generate(seed, 300);
            Trace t = qemu.run(p);
            ends.merge(Trace.describe(t.termination()), 1, Integer::sum);
            assertTrue(t.states().size() > 0, "no states parsed for seed " + seed);
            assertEquals(Program.CODE_BASE + 4L * p.prologueLength(), t.states().get(0)[State.PC]);
            if (t.termination() != 0) {
                continue;
            }
            long[] before = stateAtEpilogue(p, t.states());
            ByteBuffer out = ByteBuffer.wrap(t.stdout()).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(Program.DATA_SIZE, t.stdout().length);
            long[] dumped = new long[33];
            for (int i = 0; i < 33; i++) {
                dumped[i] = out.getLong(Program.DUMP_OFFSET + 8 * i);
            }
            long[] expected = new long[33];
            System.arraycopy(before, 0, expected, 0, 32);
            expected[32] = before[State.NZCV] << 28;
            assertArrayEquals(expected, dumped, "seed " + seed);
            checked++;
        }
        System.out.println("QemuHarnessTest: terminations " + ends);
        assertTrue(checked >= 10, "too few programs ran to completion: " + ends);
    }

    private static long[] stateAtEpilogue(Program p, List<long[]> states) {
        int first = new Assembler(0).str(0, Program.BASE_REG, Program.SCRATCH_SIZE / 2).words()[0];
        int at = -1;
        for (int i = p.code().length - 1; i >= 0; i--) {
            if (p.code()[i] == first) {
                at = i;
                break;
            }
        }
        long pc = Program.CODE_BASE + 4L * at;
        for (long[] s : states) {
            if (s[State.PC] == pc) {
                return s;
            }
        }
        throw new AssertionError("the trace never reaches the epilogue");
    }
}
