package dev.hvlab.core.cpu;

/**
 * What a cycle-approximate timing model sees of a CPU (installed with {@link Cpu#setTimingHook}).
 * While one is installed the CPU runs a separate dispatch loop that reports every retired
 * instruction, and its data accesses bypass the software TLB's fast path so that each one is
 * reported with its physical address. Without one, none of this code runs: the functional dispatch
 * loop and the fast memory paths are unchanged.
 */
public interface TimingHook {
    /**
     * Instruction {@code op} at {@code pc} retired; the next instruction is at {@code nextPc}.
     * Returns {@link #exhausted()} after it, sparing the dispatch loop a second call per instruction.
     */
    boolean retire(Cpu cpu, Op op, long pc, long nextPc);

    /**
     * A data access of {@code size} bytes at virtual address {@code va}, physical address {@code pa},
     * made by the instruction executing now (reported before it retires).
     *
     * @param device the address is not RAM (a memory-mapped device)
     */
    void dataAccess(Cpu cpu, long va, long pa, int size, boolean write, boolean device);

    /** An exception was taken to {@code targetEl} (the vector fetch follows). */
    void exceptionTaken(Cpu cpu, int targetEl);

    /** Every cached translation was invalidated (TLBI, a translation regime change). */
    void translationsFlushed(Cpu cpu);

    /** True when the CPU has used the cycles the machine gave it for this quantum: it leaves {@link Cpu#run}. */
    boolean exhausted();
}
