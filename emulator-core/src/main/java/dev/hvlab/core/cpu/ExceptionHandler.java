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
}
