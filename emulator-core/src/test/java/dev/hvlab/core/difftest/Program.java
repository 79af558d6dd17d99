package dev.hvlab.core.difftest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A generated test program: code (prologue, random body, epilogue) for one RX segment and the
 * initial contents of the RW scratch segment. The scratch base register {@link #BASE_REG} points
 * at the middle of the scratch area for the whole run; the epilogue dumps the registers after it.
 *
 * @param seed           the seed it was generated from (replay with {@code -Dhvlab.seed})
 * @param code           every instruction word, loaded at {@link #CODE_BASE}
 * @param prologueLength the number of prologue instructions: states are compared from there on
 * @param data           the initial RW segment, loaded at {@link #DATA_BASE}
 */
public record Program(long seed, int[] code, int prologueLength, byte[] data) {
    public static final long CODE_BASE = 0x400000L;
    public static final long DATA_BASE = 0x500000L;
    /**
     * Where the random data the body's loads and stores work on starts in the RW segment: placed
     * so that the scratch area straddles a page boundary, where accesses cross pages.
     */
    public static final int SCRATCH_OFFSET = 2048;
    public static final int SCRATCH_SIZE = 4096;
    /** X0-X30, SP, NZCV as stored by the epilogue, after the scratch area. */
    public static final int DUMP_OFFSET = SCRATCH_OFFSET + SCRATCH_SIZE;
    public static final int DUMP_SIZE = 8 * 33;
    public static final int DATA_SIZE = DUMP_OFFSET + DUMP_SIZE;
    /** Never written by the body: every memory operand is addressed from it. */
    public static final int BASE_REG = 28;
    /** The middle of the scratch area, on a page boundary. */
    public static final long BASE_VALUE = DATA_BASE + SCRATCH_OFFSET + SCRATCH_SIZE / 2;

    public byte[] codeBytes() {
        ByteBuffer b = ByteBuffer.allocate(4 * code.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : code) {
            b.putInt(w);
        }
        return b.array();
    }

    public byte[] elf() {
        return ElfWriter.write(CODE_BASE, List.of(
                new ElfWriter.Segment(CODE_BASE, codeBytes(), 4L * code.length, ElfWriter.PF_R | ElfWriter.PF_X),
                new ElfWriter.Segment(DATA_BASE, data, DATA_SIZE, ElfWriter.PF_R | ElfWriter.PF_W)));
    }

    /** The instruction word at {@code pc}, or 0 outside the code. */
    public int wordAt(long pc) {
        long i = (pc - CODE_BASE) >> 2;
        return i >= 0 && i < code.length ? code[(int) i] : 0;
    }
}
