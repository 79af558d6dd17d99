package dev.hvlab.core.timing;

import dev.hvlab.core.asm.Assembler;

/**
 * Small timed kernels for the validation tests: each runs a loop body {@code iterations} times
 * between two ISB; PMCCNTR_EL0 reads (the result, in cycles, lands in X12), after one untimed pass
 * that warms caches, TLBs and predictors.
 */
final class Kernels {
    static final int CPACR_EL1 = Assembler.sysreg(3, 0, 1, 0, 2);

    /** Emits a loop body; X1 is the loop counter and must not be touched. */
    interface Body {
        void emit(Assembler a);
    }

    private Kernels() {
    }

    /** Cycles of {@code iterations} runs of {@code body} (timed after a warm-up of {@code iterations}). */
    static long cycles(TimedMachine m, int iterations, Body setup, Body body) {
        Assembler a = new Assembler(TimedMachine.CODE);
        TimedMachine.enableCycleCounter(a);
        a.mov(9, 3L << 20).msr(CPACR_EL1, 9); // FP/SIMD at EL1 untrapped
        a.word(TimedMachine.ISB);
        for (int pass = 0; pass < 2; pass++) {
            setup.emit(a);
            a.mov(1, iterations);
            if (pass == 1) {
                a.word(TimedMachine.ISB);
                a.mrs(10, TimedMachine.PMCCNTR_EL0);
            }
            Assembler.Label loop = a.newLabel();
            a.bind(loop);
            body.emit(a);
            a.subs(1, 1, 1);
            a.bCond(Assembler.NE, loop);
        }
        a.word(TimedMachine.ISB);
        a.mrs(11, TimedMachine.PMCCNTR_EL0);
        a.emit("SUB_r", "sf", 1, "shift", 0, "rm", 10, "imm6", 0, "rn", 11, "rd", 12);
        a.word(TimedMachine.WFI);
        m.run(a);
        return m.cpu.x[12];
    }

    static void fmadd(Assembler a, int d, int n, int m, int acc) {
        a.emit("FMADD_s", "ftype", 1, "rm", m, "ra", acc, "rn", n, "rd", d);
    }
}
