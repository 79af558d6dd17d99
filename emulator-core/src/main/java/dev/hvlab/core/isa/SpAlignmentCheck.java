package dev.hvlab.core.isa;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.cpu.Op;

/**
 * A load or store whose base register is SP, preceded by {@code CheckSPAlignment}: with
 * SCTLR_ELx.SA (SA0 at EL0) set, an SP that is not 16-byte aligned raises an SP alignment fault
 * (EC 0x26, ISS 0, no FAR) before any access. The decoder wraps only SP-based accesses, so other
 * loads and stores pay nothing; prefetches are not checked (the pseudocode exempts MemOp_PREFETCH).
 */
final class SpAlignmentCheck extends Op {
    private final Op access;

    SpAlignmentCheck(Op access) {
        this.access = access;
    }

    @Override
    public long exec(Cpu cpu, long pc) {
        if (cpu.spAlignmentChecked() && (cpu.x[Cpu.SP] & 15) != 0) {
            throw cpu.raise(ExceptionClass.SP_ALIGNMENT, 0, pc);
        }
        return access.exec(cpu, pc);
    }
}
