package dev.hvlab.core.cpu;

/** An unallocated (or deliberately UNDEFINED) encoding: raises the Unknown-reason exception. */
public final class Undefined extends Op {
    private final int encoding;

    public Undefined(int encoding) {
        this.encoding = encoding;
    }

    public int encoding() {
        return encoding;
    }

    @Override
    public long exec(Cpu cpu, long pc) {
        throw cpu.undefined(pc);
    }
}
