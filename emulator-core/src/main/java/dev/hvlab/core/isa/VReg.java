package dev.hvlab.core.isa;

import dev.hvlab.core.cpu.Cpu;

/**
 * Access to the SIMD&FP registers V0-V31 ({@link Cpu#vreg}: {@code vreg[2n]} bits 63:0,
 * {@code vreg[2n+1]} bits 127:64) and to lanes of 64-bit halves held in locals.
 */
final class VReg {
    private VReg() {
    }

    /** The low {@code n} bits of V{@code r} (a scalar operand of width n). */
    static long scalar(Cpu cpu, int r, int n) {
        long v = cpu.vreg[2 * r];
        return n == 64 ? v : v & ((1L << n) - 1);
    }

    /** Writes a scalar result: the architecture zeroes bits 127:n of the register (V[d] = Zeros() : result). */
    static void setScalar(Cpu cpu, int r, long v, int n) {
        cpu.vreg[2 * r] = n == 64 ? v : v & ((1L << n) - 1);
        cpu.vreg[2 * r + 1] = 0;
    }

    /** Lane {@code i} (of width {@code esize} bits) of the 128-bit value {@code hi:lo}, zero-extended. */
    static long lane(long lo, long hi, int i, int esize) {
        if (esize == 64) {
            return i == 0 ? lo : hi;
        }
        int per = 64 / esize;
        long w = i < per ? lo : hi;
        return (w >>> ((i % per) * esize)) & ((1L << esize) - 1);
    }

    /** Sign-extends the low {@code esize} bits of {@code v}. */
    static long sext(long v, int esize) {
        return esize == 64 ? v : (v << (64 - esize)) >> (64 - esize);
    }

    /** {@code w} with lane {@code i} (within one 64-bit half) replaced by {@code v}. */
    static long insert(long w, int i, int esize, long v) {
        if (esize == 64) {
            return v;
        }
        int sh = (i % (64 / esize)) * esize;
        long m = ((1L << esize) - 1) << sh;
        return (w & ~m) | ((v << sh) & m);
    }

    static long lane(Cpu cpu, int r, int i, int esize) {
        return lane(cpu.vreg[2 * r], cpu.vreg[2 * r + 1], i, esize);
    }

    static void setLane(Cpu cpu, int r, int i, int esize, long v) {
        int half = i * esize >= 64 ? 1 : 0;
        cpu.vreg[2 * r + half] = insert(cpu.vreg[2 * r + half], i, esize, v);
    }
}
