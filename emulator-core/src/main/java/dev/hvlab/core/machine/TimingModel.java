package dev.hvlab.core.machine;

import dev.hvlab.core.cpu.Cpu;

/**
 * Prices the work a CPU did in cycles of its own clock. The machine asks after each quantum (and
 * when software reads the time inside one), giving the instructions retired since the quantum
 * began; the approximate model (issue 9) will price by instruction class, caches and TLB.
 */
public interface TimingModel {
    /** The cycles {@code cpu} spent retiring {@code instructions} instructions in the current quantum. */
    long cycles(Cpu cpu, long instructions);

    /** The name users type ({@code --timing functional}). */
    String name();

    /** The primitive prices of {@code cpu}'s core, for work done outside guest code (EL2 models). */
    default PrimitiveCosts costs(Cpu cpu) {
        return PrimitiveCosts.UNIT;
    }

    /** One cycle per instruction: the fastest model, and the reference for determinism tests. */
    TimingModel FUNCTIONAL = new TimingModel() {
        @Override
        public long cycles(Cpu cpu, long instructions) {
            return instructions;
        }

        @Override
        public String name() {
            return "functional";
        }
    };
}
