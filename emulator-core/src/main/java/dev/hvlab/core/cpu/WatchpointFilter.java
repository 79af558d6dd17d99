package dev.hvlab.core.cpu;

/**
 * A debugger's data watchpoints as the CPU sees them. Pages for which {@link #watchesPage} is true
 * are never entered in the software TLB, so every access to them reaches {@link #access}; accesses
 * to other pages cost nothing more.
 */
public interface WatchpointFilter {
    /** Whether virtual page number {@code vpn} ({@code va >>> Page.SHIFT}) holds a watched address. */
    boolean watchesPage(long vpn);

    /**
     * Called after translation and before the access takes effect. To stop before the instruction
     * (as an AArch64 watchpoint does: the instruction does not complete) throw an unchecked
     * exception: it leaves {@link Cpu#run} with {@link Cpu#pc} at the instruction, which has not
     * retired, and the caller of run catches it.
     */
    void access(Cpu cpu, long va, int size, AccessType type);
}
