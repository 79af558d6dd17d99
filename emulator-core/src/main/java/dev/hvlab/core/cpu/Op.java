package dev.hvlab.core.cpu;

/**
 * One decoded instruction, ready to execute: its fields were extracted at decode time. Ops are
 * cached per physical page and shared by every CPU, so they hold no per-CPU state.
 *
 * <p>This is the seam between decode and execute: a later block compiler can replace the dispatch
 * loop that calls {@link #exec} without touching the decoder.
 */
public abstract class Op {
    /**
     * The timing model's description of this instruction (class and registers, packed), filled in
     * once by the approximate timing model on first execution; 0 = not yet classified. A pure
     * function of the instruction word, so sharing the Op between CPUs is safe.
     */
    public int timing;

    /**
     * Executes the instruction at {@code pc} on {@code cpu} and returns the address of the next
     * instruction. A guest exception is raised by throwing the CPU's {@link ArchitecturalException}.
     */
    public abstract long exec(Cpu cpu, long pc);
}
