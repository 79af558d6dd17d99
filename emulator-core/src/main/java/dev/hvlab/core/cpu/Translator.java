package dev.hvlab.core.cpu;

/**
 * Turns a virtual address into a physical one for the CPU's current translation regime, or
 * raises the fault ({@code AArch64.TranslateAddress}). The CPU caches results in its software TLB,
 * page by page, and calls {@link Cpu#flushTlb()} when a translation may have changed.
 */
public interface Translator {
    /**
     * Returns the physical address of {@code va}, or throws {@code cpu}'s
     * {@link ArchitecturalException} with the abort's syndrome.
     */
    long translate(Cpu cpu, long va, AccessType type, long pc);
}
