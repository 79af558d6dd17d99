package dev.hvlab.core.isa;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.Op;

/**
 * Barriers and CLREX. One CPU's instructions execute in order and retire before the next CPU runs,
 * so DMB and DSB (every CRm value: reserved option values act as SY) have no functional effect;
 * ISB has nothing to flush because decoded instructions are invalidated when their bytes are
 * written. The timing model will price them.
 */
final class Barriers {
    private Barriers() {
    }

    static void bind(Bindings b) {
        b.bind("CLREX", i -> CLREX);
        b.bind("DSB", i -> Hints.NOP);
        b.bind("DMB", i -> Hints.NOP);
        b.bind("ISB", i -> Hints.NOP);
    }

    /** CLREX: {@code ClearExclusiveLocal()}. */
    static final Op CLREX = new Op() {
        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.exclusiveOpen = false;
            return pc + 4;
        }
    };
}
