package dev.hvlab.core.isa;

import dev.hvlab.core.cpu.ArchitecturalException;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;

/**
 * Data aborts raised by instruction semantics themselves (as opposed to translation, which the
 * CPU's memory slow path reports). The ISS layout is the one of ARM ARM D17.2.37, "ISS encoding
 * for an exception from a Data Abort": DFSC in bits 5:0, WnR in bit 6. ISV (bit 24) is left 0:
 * an alignment fault reported at EL1 carries no instruction syndrome, and exclusives never do.
 */
public final class DataAbort {
    /** DFSC for an alignment fault. */
    public static final int DFSC_ALIGNMENT = 0b100001;
    /** ISS.WnR: the abort was caused by an instruction writing to memory. */
    public static final int WNR = 1 << 6;

    private DataAbort() {
    }

    /**
     * A data abort with fault status {@code dfsc} on {@code va}, taken from the current EL: EC 0x24
     * from EL0 (it is taken to a higher EL), 0x25 when taken to the same EL.
     */
    public static ArchitecturalException raise(Cpu cpu, long va, int dfsc, boolean write, long pc) {
        int ec = cpu.el == 0 ? ExceptionClass.DATA_ABORT_LOWER : ExceptionClass.DATA_ABORT_SAME;
        ArchitecturalException e = cpu.raise(ec, dfsc | (write ? WNR : 0), pc);
        e.far = va;
        e.farValid = true;
        return e;
    }

    /** {@code AArch64.AlignmentFault}: what {@code AArch64.CheckAlignment} raises for a misaligned access. */
    public static ArchitecturalException alignmentFault(Cpu cpu, long va, boolean write, long pc) {
        return raise(cpu, va, DFSC_ALIGNMENT, write, pc);
    }
}
