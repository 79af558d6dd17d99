package dev.hvlab.core.isa;

import dev.hvlab.core.cpu.Cpu;

/**
 * The integer helpers of the ARM ARM shared pseudocode ("shared/functions/integer/AddWithCarry"
 * and "aarch64/instrs/integer/bitmasks/DecodeBitMasks") that the data-processing semantics share.
 *
 * <p>32-bit forms are computed on 64-bit Java longs "top-aligned": an operand is shifted left by
 * {@code ts = 64 - datasize} so that bit datasize-1 lands in bit 63. Then the carry out of bit 63
 * and the sign of bit 63 are exactly the 32-bit C, V and N, and one code path serves both sizes.
 */
final class Alu {
    /** {@code 64 - datasize} for the two datasizes. */
    static final int TS64 = 0;
    static final int TS32 = 32;
    static final long MASK32 = 0xFFFF_FFFFL;

    private Alu() {
    }

    /**
     * {@code AddWithCarry(x, y, carry_in)} on the low {@code 64 - ts} bits, setting PSTATE.NZCV
     * from it; returns the result zero-extended (so the 32-bit form already has its top half clear).
     */
    static long addWithCarry(Cpu cpu, long x, long y, long carryIn, int ts) {
        long a = x << ts;
        long b = y << ts;
        long r = a + b + (carryIn << ts);
        cpu.n = r < 0;
        cpu.z = r == 0;
        // Carry out of the top bit: majority(a, b, carry into the top bit).
        cpu.c = ((a & b) | ((a | b) & ~r)) < 0;
        cpu.v = ((a ^ r) & (b ^ r)) < 0;
        return r >>> ts;
    }

    /**
     * The flags of ANDS/BICS: N and Z of the result (already reduced to datasize bits), C = V = 0.
     */
    static long logicalFlags(Cpu cpu, long result, int ts) {
        cpu.n = (result << ts) < 0;
        cpu.z = result == 0;
        cpu.c = false;
        cpu.v = false;
        return result;
    }

    /** The mask of the datasize that {@code sf} selects: all ones, or the low 32 bits. */
    static long dataMask(int sf) {
        return sf == 1 ? -1L : MASK32;
    }

    /** {@code 64 - datasize} for the datasize that {@code sf} selects. */
    static int ts(int sf) {
        return sf == 1 ? TS64 : TS32;
    }

    /** {@code Ones(n)} for 0 &lt;= n &lt;= 64. */
    static long ones(int n) {
        return n >= 64 ? -1L : (1L << n) - 1;
    }

    /**
     * {@code DecodeBitMasks(immN, imms, immr, immediate, datasize)}: returns {wmask, tmask}, each
     * reduced to datasize bits, or null where the pseudocode says UNDEFINED (reserved values).
     * Decode time only.
     */
    static long[] decodeBitMasks(int immN, int imms, int immr, boolean immediate, int datasize) {
        int len = 31 - Integer.numberOfLeadingZeros((immN << 6) | (~imms & 0x3F)); // HighestSetBit
        if (len < 1) {
            return null;
        }
        int esize = 1 << len;
        if (esize > datasize) {
            return null;
        }
        int levels = esize - 1;
        if (immediate && (imms & levels) == levels) {
            return null; // an all-ones element is reserved for the logical immediates
        }
        int s = imms & levels;
        int r = immr & levels;
        int d = (s - r) & levels;
        long welem = ones(s + 1);
        long telem = ones(d + 1);
        long wmask = replicate(rorElement(welem, r, esize), esize, datasize);
        long tmask = replicate(telem, esize, datasize);
        return new long[] {wmask, tmask};
    }

    /** {@code ROR(x, shift)} within an element of {@code esize} bits. */
    private static long rorElement(long x, int shift, int esize) {
        if (shift == 0) {
            return x;
        }
        return ((x >>> shift) | (x << (esize - shift))) & ones(esize);
    }

    /** {@code Replicate(x)} from esize bits to datasize bits. */
    private static long replicate(long x, int esize, int datasize) {
        long r = x;
        for (int size = esize; size < datasize; size *= 2) {
            r |= r << size;
        }
        return r & ones(datasize);
    }
}
