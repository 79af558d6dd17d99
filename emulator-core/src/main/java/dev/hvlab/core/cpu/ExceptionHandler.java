package dev.hvlab.core.cpu;

/**
 * Takes the exceptions a CPU raises. The full system takes them architecturally (vector tables,
 * ESR/ELR/SPSR, routing); user mode emulates the Linux kernel's response instead (syscalls,
 * signals).
 */
@FunctionalInterface
public interface ExceptionHandler {
    /** Takes {@code e} and returns the address at which execution continues. */
    long take(Cpu cpu, ArchitecturalException e);

    /**
     * Called before the instruction at {@code pc} whenever {@link Cpu#attention} was set: takes a
     * pending, unmasked interrupt if there is one and returns where execution continues ({@code pc}
     * when nothing is taken). User mode has no interrupts.
     */
    default long pollInterrupts(Cpu cpu, long pc) {
        return pc;
    }
}
