package dev.hvlab.core.disasm;

/**
 * The bitmask immediates of the logical instructions: DecodeBitMasks() of the ARM ARM (J1 shared
 * pseudocode), and MoveWidePreferred(), which decides whether objdump prints ORR as MOV.
 */
final class LogicalImmediate {
    private LogicalImmediate() {
    }

    /**
     * The immediate of {@code N:immr:imms} for a {@code datasize}-bit operation, or 0 for a reserved
     * encoding (0 itself is never encodable, so it is free as the "reserved" answer).
     */
    static long decode(int n, int immr, int imms, int datasize) {
        int combined = (n << 6) | (~imms & 0x3f);
        if (combined == 0) {
            return 0;
        }
        int len = 31 - Integer.numberOfLeadingZeros(combined);
        if (len < 1) {
            return 0;
        }
        int esize = 1 << len;
        if (esize > datasize) {
            return 0;
        }
        int levels = esize - 1;
        if ((imms & levels) == levels) {
            return 0;
        }
        int s = imms & levels;
        int r = immr & levels;
        long welem = Syntax.ones(s + 1);
        long elem = r == 0 ? welem : ((welem >>> r) | (welem << (esize - r))) & Syntax.ones(esize);
        long value = 0;
        for (int i = 0; i < datasize; i += esize) {
            value |= elem << i;
        }
        return value;
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
