package dev.hvlab.core.timing;

import dev.hvlab.core.asm.Assembler;
import java.util.Random;

/**
 * The memory-latency workload: a pointer chase through a random cyclic permutation of the 64-byte
 * lines of a working set, timed with PMCCNTR_EL0 on the guest (the classic lmbench lat_mem_rd
 * shape, random order so that no stride helps). One warm-up pass over the whole cycle first, then
 * {@code iterations} dependent loads; the result is cycles per load. ISB before each counter read
 * keeps an out-of-order core from reading it early, as benchmarks on silicon do.
 */
final class PointerChase {
    private PointerChase() {
    }

    /** Cycles per dependent load over a working set of {@code bytes} on {@code m}. */
    static double cyclesPerLoad(TimedMachine m, long bytes, int iterations) {
        int lines = (int) (bytes / 64);
        int[] order = new int[lines];
        for (int i = 0; i < lines; i++) {
            order[i] = i;
        }
        Random r = new Random(42);
        for (int i = lines - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        byte[] node = new byte[8];
        for (int i = 0; i < lines; i++) {
            long from = TimedMachine.DATA + (long) order[i] * 64;
            long to = TimedMachine.DATA + (long) order[(i + 1) % lines] * 64;
            for (int b = 0; b < 8; b++) {
                node[b] = (byte) (to >>> (8 * b));
            }
            m.memory.write(from, node, 0, 8);
        }
        Assembler a = new Assembler(TimedMachine.CODE);
        TimedMachine.enableCycleCounter(a);
        a.mov(0, TimedMachine.DATA + (long) order[0] * 64);
        Assembler.Label warm = a.newLabel();
        Assembler.Label loop = a.newLabel();
        a.mov(1, lines);
        a.bind(warm);
        a.ldr(0, 0, 0);
        a.subs(1, 1, 1);
        a.bCond(Assembler.NE, warm);
        a.word(TimedMachine.ISB); // the counter read must not run ahead of the loads (out-of-order cores)
        a.mrs(10, TimedMachine.PMCCNTR_EL0);
        a.mov(1, iterations);
        a.bind(loop);
        a.ldr(0, 0, 0);
        a.subs(1, 1, 1);
        a.bCond(Assembler.NE, loop);
        a.word(TimedMachine.ISB);
        a.mrs(11, TimedMachine.PMCCNTR_EL0);
        a.emit("SUB_r", "sf", 1, "shift", 0, "rm", 10, "imm6", 0, "rn", 11, "rd", 12);
        a.word(TimedMachine.WFI);
        m.run(a);
        return (double) m.cpu.x[12] / iterations;
    }
}
