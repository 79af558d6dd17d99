package dev.hvlab.core.machine;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.time.Clock;
import java.util.Map;

/**
 * Prices the work a CPU did in cycles of its own clock. The machine asks after each quantum (and
 * when software reads the time inside one), giving the instructions retired since the quantum
 * began. {@link #FUNCTIONAL} charges one cycle per instruction; the approximate model
 * ({@code dev.hvlab.core.timing.ApproximateTiming}) prices instruction classes, caches and TLBs
 * and is {@linkplain #cycleDriven() cycle-driven}.
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

    /** Called once per CPU when the machine adds it: {@code coreType} as the board names it. */
    default void attach(Cpu cpu, String coreType, Clock clock) {
    }

    /**
     * True when the model ends a CPU's quantum itself once the cycles it was given are spent
     * (the approximate model); false when the machine's instruction budget is the cycle budget.
     */
    default boolean cycleDriven() {
        return false;
    }

    /** A quantum of {@code cycleBudget} cycles begins for {@code cpu} (cycle-driven models only). */
    default void beginQuantum(Cpu cpu, long cycleBudget) {
    }

    /** The model's own per-CPU statistics (gem5-style entries), empty when it keeps none. */
    default Map<String, Object> cpuStatistics(Cpu cpu) {
        return Map.of();
    }

    /** Statistics of structures shared between CPUs (the clusters' L2 caches). */
    default Map<String, Object> sharedStatistics() {
        return Map.of();
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
