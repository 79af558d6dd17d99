package dev.hvlab.core.sysreg;

import dev.hvlab.core.cpu.Cpu;

/**
 * One AArch64 system register as MRS/MSR (register) reach it: its ARM ARM name, its encoding, its
 * reset value, the access rule evaluated on every access, and how a value is read and written.
 * Instances are immutable and shared by every CPU; values live in the CPU.
 */
public final class SystemRegister {
    /** Reads the register's value (after the access rule allowed it). */
    @FunctionalInterface
    public interface Reader {
        long read(Cpu cpu);
    }

    /** Writes the register (after the access rule allowed it), applying its RES0/RES1/RO bits. */
    @FunctionalInterface
    public interface Writer {
        void write(Cpu cpu, long value);
    }

    private final String name;
    private final int op0;
    private final int op1;
    private final int crn;
    private final int crm;
    private final int op2;
    private final long resetValue;
    private final AccessRule rule;
    private final Reader reader;
    private final Writer writer;

    public SystemRegister(String name, int op0, int op1, int crn, int crm, int op2, long resetValue,
                          AccessRule rule, Reader reader, Writer writer) {
        this.name = name;
        this.op0 = op0;
        this.op1 = op1;
        this.crn = crn;
        this.crm = crm;
        this.op2 = op2;
        this.resetValue = resetValue;
        this.rule = rule;
        this.reader = reader;
        this.writer = writer;
    }

    /** The 16-bit encoding op0:op1:CRn:CRm:op2, as in bits 20:5 of MRS/MSR. */
    public static int key(int op0, int op1, int crn, int crm, int op2) {
        return (op0 & 3) << 14 | (op1 & 7) << 11 | (crn & 15) << 7 | (crm & 15) << 3 | (op2 & 7);
    }

    public int key() {
        return key(op0, op1, crn, crm, op2);
    }

    public String name() {
        return name;
    }

    public int op0() {
        return op0;
    }

    public int op1() {
        return op1;
    }

    public int crn() {
        return crn;
    }

    public int crm() {
        return crm;
    }

    public int op2() {
        return op2;
    }

    public long resetValue() {
        return resetValue;
    }

    public AccessRule rule() {
        return rule;
    }

    public boolean readable() {
        return reader != null;
    }

    public boolean writable() {
        return writer != null;
    }

    public long read(Cpu cpu) {
        return reader.read(cpu);
    }

    public void write(Cpu cpu, long value) {
        writer.write(cpu, value);
    }

    @Override
    public String toString() {
        return String.format("%s (S%d_%d_C%d_C%d_%d)", name, op0, op1, crn, crm, op2);
    }
}
