package dev.hvlab.core.machine;

import dev.hvlab.core.cpu.Cpu;

/**
 * The primitive prices of one core, in cycles of its own clock: what the timing model charges for
 * the basic operations guest code is made of, offered so that work done outside guest code (a
 * hypervisor model's EL2 steps) is priced by the same numbers. Nothing here is a cost of a whole
 * path; a caller sums the primitives its mechanism performs.
 *
 * <p>Methods that take an address may change model state (an approximate model fills its caches),
 * exactly as the same access made by guest code would.
 */
public interface PrimitiveCosts {
    /** Barrier kinds of the A64 ISA. */
    enum Barrier { DMB, DSB, ISB }

    /** Taking an exception to {@code targetEl}: vector fetch redirect, state save in hardware. */
    long exceptionEntry(Cpu cpu, int targetEl);

    /** ERET. */
    long exceptionReturn(Cpu cpu);

    /** One MRS of a system register. */
    long sysregRead(Cpu cpu);

    /** One MSR of a system register (including context-synchronising effects the model charges). */
    long sysregWrite(Cpu cpu);

    /** A load of up to 8 bytes from Normal memory at physical address {@code pa}. */
    long load(Cpu cpu, long pa);

    /** A store of up to 8 bytes to Normal memory at physical address {@code pa}. */
    long store(Cpu cpu, long pa);

    /** A load or store to a Device-memory (MMIO) register. */
    long deviceAccess(Cpu cpu);

    /** A DMB, DSB or ISB. */
    long barrier(Cpu cpu, Barrier kind);

    /** One TLBI operation (its DSB is priced separately). */
    long tlbMaintenance(Cpu cpu);

    /** {@code n} simple integer instructions (moves, ALU, compares, untaken branches). */
    long alu(Cpu cpu, int n);

    /** Every primitive costs one cycle, as every instruction does in the functional model. */
    PrimitiveCosts UNIT = new PrimitiveCosts() {
        @Override public long exceptionEntry(Cpu cpu, int targetEl) { return 1; }
        @Override public long exceptionReturn(Cpu cpu) { return 1; }
        @Override public long sysregRead(Cpu cpu) { return 1; }
        @Override public long sysregWrite(Cpu cpu) { return 1; }
        @Override public long load(Cpu cpu, long pa) { return 1; }
        @Override public long store(Cpu cpu, long pa) { return 1; }
        @Override public long deviceAccess(Cpu cpu) { return 1; }
        @Override public long barrier(Cpu cpu, Barrier kind) { return 1; }
        @Override public long tlbMaintenance(Cpu cpu) { return 1; }
        @Override public long alu(Cpu cpu, int n) { return n; }
    };
}
