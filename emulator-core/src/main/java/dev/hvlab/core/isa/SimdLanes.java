package dev.hvlab.core.isa;

import dev.hvlab.core.cpu.Cpu;

/**
 * Integer lane arithmetic of AdvSIMD: saturation (setting FPSR.QC), shifts by register with
 * rounding and saturation, doubling multiplies, polynomial multiply. Lane values are passed
 * zero-extended in a long and results are truncated by the caller.
 */
final class SimdLanes {
    private SimdLanes() {
    }

    static long sext(long v, int e) {
        return e == 64 ? v : (v << (64 - e)) >> (64 - e);
    }

    static long emask(int e) {
        return e == 64 ? -1L : (1L << e) - 1;
    }

    static long ones(boolean b) {
        return b ? -1L : 0;
    }

    /** SignedSatQ of an exact value (e < 64). */
    static long satS(long v, int e, Cpu cpu) {
        long max = (1L << (e - 1)) - 1;
        long min = -(1L << (e - 1));
        if (v > max) {
            cpu.fpsr |= FPArithmetic.QC;
            return max;
        }
        if (v < min) {
            cpu.fpsr |= FPArithmetic.QC;
            return min;
        }
        return v;
    }

    /** UnsignedSatQ of an exact signed value (e < 64). */
    static long satU(long v, int e, Cpu cpu) {
        long max = (1L << e) - 1;
        if (v > max) {
            cpu.fpsr |= FPArithmetic.QC;
            return max;
        }
        if (v < 0) {
            cpu.fpsr |= FPArithmetic.QC;
            return 0;
        }
        return v;
    }

    static long qadd(long a, long b, int e, boolean unsigned, Cpu cpu) {
        if (e < 64) {
            return unsigned ? satU(a + b, e, cpu) : satS(sext(a, e) + sext(b, e), e, cpu);
        }
        if (unsigned) {
            long r = a + b;
            if (Long.compareUnsigned(r, a) < 0) {
                cpu.fpsr |= FPArithmetic.QC;
                return -1L;
            }
            return r;
        }
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            cpu.fpsr |= FPArithmetic.QC;
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    static long qsub(long a, long b, int e, boolean unsigned, Cpu cpu) {
        if (e < 64) {
            return unsigned ? satU(a - b, e, cpu) : satS(sext(a, e) - sext(b, e), e, cpu);
        }
        if (unsigned) {
            if (Long.compareUnsigned(a, b) < 0) {
                cpu.fpsr |= FPArithmetic.QC;
                return 0;
            }
            return a - b;
        }
        long r = a - b;
        if (((a ^ b) & (a ^ r)) < 0) {
            cpu.fpsr |= FPArithmetic.QC;
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    /**
     * The shift-by-register family (SSHL, USHL, SRSHL, URSHL, SQSHL, UQSHL, SQRSHL, UQRSHL):
     * the shift is the signed low byte of b; negative shifts go right.
     */
    static long shiftReg(long a, long b, int e, boolean unsigned, boolean rounding, boolean saturating, Cpu cpu) {
        int shift = (byte) b;
        long v = unsigned ? a : sext(a, e);
        if (shift >= 0) {
            if (!saturating) {
                return shift >= 64 ? 0 : v << shift;
            }
            return shiftLeftSat(v, shift, e, unsigned, unsigned, cpu);
        }
        int s = -shift;
        long r;
        if (s > 64) {
            r = unsigned ? 0 : (v < 0 ? -1 : 0);
            if (rounding) {
                r = 0;
            }
            return r;
        }
        long half = s == 64 ? (unsigned ? v >>> 63 : (v >>> 63)) : (unsigned ? (v >>> (s - 1)) & 1 : (v >> (s - 1)) & 1);
        if (s == 64) {
            r = unsigned ? 0 : (v < 0 ? -1 : 0);
        } else {
            r = unsigned ? v >>> s : v >> s;
        }
        if (rounding) {
            r += half;
        }
        return r;
    }

    /** Shift left with signed/unsigned saturation; {@code srcUnsigned} tells how to read v. */
    static long shiftLeftSat(long v, int shift, int e, boolean srcUnsigned, boolean dstUnsigned, Cpu cpu) {
        if (v == 0) {
            return 0;
        }
        boolean negative = !srcUnsigned && v < 0;
        if (dstUnsigned && negative) {
            cpu.fpsr |= FPArithmetic.QC;
            return 0;
        }
        long max = dstUnsigned ? emask(e) : (1L << (e - 1)) - 1;
        long min = dstUnsigned ? 0 : (e == 64 ? Long.MIN_VALUE : -(1L << (e - 1)));
        if (shift >= e) {
            cpu.fpsr |= FPArithmetic.QC;
            return negative ? min : max;
        }
        long r = v << shift;
        boolean overflow;
        if (negative) {
            overflow = (r >> shift) != v || r < min;
        } else if (srcUnsigned || dstUnsigned) {
            overflow = (r >>> shift) != v || Long.compareUnsigned(r, max) > 0;
        } else {
            overflow = (r >> shift) != v || r > max || r < 0;
        }
        if (overflow) {
            cpu.fpsr |= FPArithmetic.QC;
            return negative ? min : max;
        }
        return r;
    }

    /** SQDMULH / SQRDMULH. */
    static long qdmulh(long a, long b, int e, boolean round, Cpu cpu) {
        long x = sext(a, e);
        long y = sext(b, e);
        long min = -(1L << (e - 1));
        if (x == min && y == min) {
            cpu.fpsr |= FPArithmetic.QC;
            return (1L << (e - 1)) - 1;
        }
        long p = x * y * 2 + (round ? 1L << (e - 1) : 0);
        return p >> e;
    }

    /** PolynomialMult of two e-bit values (carry-less), 2e bits. */
    static long pmul(long a, long b, int e) {
        long r = 0;
        for (int i = 0; i < e; i++) {
            if (((b >>> i) & 1) != 0) {
                r ^= a << i;
            }
        }
        return r;
    }

    static long cls(long v, int e) {
        long x = sext(v, e);
        return Long.numberOfLeadingZeros(x ^ (x >> 63)) - (64 - e) - 1;
    }

    static long clz(long v, int e) {
        return Long.numberOfLeadingZeros(v & emask(e)) - (64 - e);
    }
}
