package dev.hvlab.core.sysreg;

import dev.hvlab.core.cpu.Cpu;

/** Delivers a TLB invalidation broadcast to the Inner Shareable domain ({@code TLBI ...IS}). */
@FunctionalInterface
public interface TlbBroadcast {
    void invalidateAll(Cpu origin);

    /** A machine of one CPU: only the issuing CPU's TLB. */
    TlbBroadcast LOCAL = Cpu::flushTlb;
}
