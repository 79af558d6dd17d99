package dev.hvlab.core.disasm;

import dev.hvlab.core.isa.A64;

/**
 * The bitmask immediates of the logical instructions (DecodeBitMasks(), shared with the semantics),
 * and MoveWidePreferred(), which decides whether objdump prints ORR as MOV.
 */
final class LogicalImmediate {
    private LogicalImmediate() {
    }

    /** The immediate of {@code N:immr:imms} for a {@code datasize}-bit operation, or 0 for a reserved encoding. */
    static long decode(int n, int immr, int imms, int datasize) {
        return A64.logicalImmediate(n, immr, imms, datasize);
    }

    /**
     * Whether MOVZ or MOVN can build {@code value} (of {@code datasize} bits): all 16-bit chunks
     * but one are zeros, or all but one are ones. objdump prints ORR with XZR as MOV only when
     * neither can.
     */
    static boolean isWideConstant(long value, int datasize) {
        long mask = Syntax.ones(datasize);
        return oneChunk(value & mask, datasize) || oneChunk(~value & mask, datasize);
    }

    private static boolean oneChunk(long v, int datasize) {
        int nonZero = 0;
        for (int i = 0; i < datasize; i += 16) {
            if (((v >>> i) & 0xffff) != 0) {
                nonZero++;
            }
        }
        return nonZero <= 1;
    }
}
