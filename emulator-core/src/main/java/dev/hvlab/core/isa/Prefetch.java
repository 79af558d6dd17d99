package dev.hvlab.core.isa;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.Op;

/**
 * PRFM (immediate, literal, register) and PRFUM: a hint. hvlab models no caches to prefetch into,
 * and a prefetch never faults (ARM ARM C6.2 "PRFM": the memory access it hints at generates no
 * abort), so it only advances the PC; the address is not even computed.
 */
final class Prefetch extends Op {
    static final Prefetch INSTANCE = new Prefetch();

    private Prefetch() {
    }

    @Override
    public long exec(Cpu cpu, long pc) {
        return pc + 4;
    }
}
