package dev.hvlab.core.decode;

/** A named bit field of an encoding: {@code len} bits starting at bit {@code pos} (LSB = 0). */
public record Field(String name, int pos, int len) {
    public int extract(int insn) {
        return (insn >>> pos) & ((1 << len) - 1);
    }

    /** Returns {@code insn} with this field set to {@code value} (truncated to the field's width). */
    public int insert(int insn, int value) {
        int mask = ((1 << len) - 1) << pos;
        return (insn & ~mask) | ((value << pos) & mask);
    }
}
