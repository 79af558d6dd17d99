package dev.hvlab.core.isa;

import static dev.hvlab.core.isa.FPArithmetic.FPCR_FZ;
import static dev.hvlab.core.isa.FPArithmetic.IXC;
import static dev.hvlab.core.isa.FPArithmetic.OFC;

import dev.hvlab.core.cpu.Cpu;

/**
 * Fast paths of {@link FPArithmetic} for the common case: single or double precision, FPCR.RMode
 * round-to-nearest and FPCR.FZ clear. Then the ARM ARM's FPRound is plain IEEE 754
 * roundTiesToEven with gradual underflow, which is what Java's float and double arithmetic does,
 * so the result bits are the host's; only the FPSR flags need work, and each method derives them
 * exactly:
 *
 * <ul>
 *   <li>IXC from an error-free transformation (the rounding error is itself a double, computed
 *       exactly: TwoSum for sums, {@code Math.fma} residuals for products, quotients and roots),
 *       where exponent guards keep that error clear of underflow so it cannot vanish;
 *   <li>OFC (always with IXC) when finite operands give an infinite result: in round-to-nearest,
 *       FPRound overflows exactly when IEEE rounding does;
 *   <li>UFC never: FPRound sets it for tiny (before rounding) inexact results, and every result
 *       whose magnitude is at most the smallest normal is handed back to the exact path.
 * </ul>
 *
 * <p>Anything else (NaN, infinite or zero operands, tiny results, exponent ranges where the error
 * term could underflow or an intermediate overflow) returns {@link #NO}, and the caller runs the
 * exact integer path, which also owns FPProcessNaN, IDC, DZC and IOC. Flags are only written when
 * a result is returned. Single precision is computed in double, where products of two singles are
 * exact; the one double rounding that could differ (a double exactly halfway between two singles
 * with a non-zero error below it) goes to the exact path too.
 */
final class FPFastPath {
    /** "Not handled here": a NaN pattern, which no fast path ever returns as a result. */
    static final long NO = 0x7FF8DEADBEEFCAFEL;

    private static final long D_ABS = 0x7FFFFFFFFFFFFFFFL;
    private static final long D_INF = 0x7FF0000000000000L;
    private static final long D_MIN_NORMAL = 0x0010000000000000L;
    /** 2^1021: operands below it keep every TwoSum intermediate finite. */
    private static final long D_TWOSUM_LIMIT = 0x7FC0000000000000L;
    private static final int F_ABS = 0x7FFFFFFF;
    private static final int F_INF = 0x7F800000;
    private static final int F_MIN_NORMAL = 0x00800000;
    /**
     * Biased exponents e1 + e2 at or above this keep the exact error of a product or quotient of
     * doubles on the double grid: it is a multiple of ulp(x)*ulp(y) = 2^(e1+e2-2046-104), at
     * least 2^-1074. A subnormal counts as exponent 0, which only makes the guard stricter.
     */
    private static final int D_ERROR_GRID = 1076;
    /** sqrt: the residual x - q*q is a multiple of ulp(q)^2, on the double grid when q's biased exponent is at least 538. */
    private static final int D_SQRT_GRID = 538;

    private FPFastPath() {
    }

    /** FPCR.RMode = RN and FPCR.FZ = 0, for single and double precision. */
    static boolean applies(Cpu cpu, int n) {
        return (cpu.fpcr & (FPCR_FZ | (3 << 22))) == 0 && n != 16;
    }

    private static boolean finiteNonZeroD(long x) {
        long m = x & D_ABS;
        return m != 0 && m < D_INF;
    }

    private static boolean finiteNonZeroS(long x) {
        int m = (int) x & F_ABS;
        return m != 0 && m < F_INF;
    }

    private static int expD(long x) {
        return (int) (x >>> 52) & 0x7FF;
    }

    private static double d(long x) {
        return Double.longBitsToDouble(x);
    }

    private static double s(long x) {
        return Float.intBitsToFloat((int) x);
    }

    /**
     * A double result r whose error is zero exactly when {@code exact}: NO when tiny (UFC and the
     * exact subnormal rounding are the exact path's), OFC|IXC when infinite.
     */
    private static long finishD(double r, boolean exact, Cpu cpu) {
        long bits = Double.doubleToRawLongBits(r);
        long m = bits & D_ABS;
        if (m <= D_MIN_NORMAL) {
            return NO;
        }
        if (m >= D_INF) {
            cpu.fpsr |= OFC | IXC;
        } else if (!exact) {
            cpu.fpsr |= IXC;
        }
        return bits;
    }

    /** TwoSum's error term: x + y - fl(x + y), exact for finite x, y below 2^1021. */
    private static double twoSumError(double x, double y, double s) {
        double yv = s - x;
        return (x - (s - yv)) + (y - yv);
    }

    /**
     * Rounds the exact value {@code s + t} (s a normal double, |t| at most half an ulp of s, t = 0
     * when s is exact) to single precision. RN of s and of s + t agree unless s lies exactly on a
     * midpoint between two singles (midpoints are doubles, and rounding to double is monotone), and
     * s + t is a single only when t = 0.
     */
    private static long roundToSingle(double s, double t, Cpu cpu) {
        float r = (float) s;
        int bits = Float.floatToRawIntBits(r);
        int m = bits & F_ABS;
        if (m <= F_MIN_NORMAL) {
            return NO;
        }
        boolean onMidpoint = (Double.doubleToRawLongBits(s) & 0x1FFFFFFFL) == 0x10000000L;
        if (t != 0 && onMidpoint) {
            return NO;
        }
        if (m >= F_INF) {
            cpu.fpsr |= OFC | IXC;
        } else if (t != 0 || (double) r != s) {
            cpu.fpsr |= IXC;
        }
        return bits & 0xFFFFFFFFL;
    }

    // ---------------------------------------------------------------------------------------

    /** FPAdd. Double: TwoSum gives the exact error. Single: the double sum plus its TwoSum error is exact. */
    static long add(long a, long b, int n, Cpu cpu) {
        if (n == 64) {
            if (!finiteNonZeroD(a) || !finiteNonZeroD(b)
                    || (a & D_ABS) >= D_TWOSUM_LIMIT || (b & D_ABS) >= D_TWOSUM_LIMIT) {
                return NO;
            }
            double x = d(a);
            double y = d(b);
            double r = x + y;
            return finishD(r, twoSumError(x, y, r) == 0, cpu);
        }
        if (!finiteNonZeroS(a) || !finiteNonZeroS(b)) {
            return NO;
        }
        double x = s(a);
        double y = s(b);
        double r = x + y;
        return roundToSingle(r, twoSumError(x, y, r), cpu);
    }

    /** FPMul. Double: fma(x, y, -p) is the exact error. Single: the double product is exact. */
    static long mul(long a, long b, int n, Cpu cpu) {
        if (n == 64) {
            if (!finiteNonZeroD(a) || !finiteNonZeroD(b) || expD(a) + expD(b) < D_ERROR_GRID) {
                return NO;
            }
            double x = d(a);
            double y = d(b);
            double p = x * y;
            return finishD(p, Math.fma(x, y, -p) == 0, cpu);
        }
        if (!finiteNonZeroS(a) || !finiteNonZeroS(b)) {
            return NO;
        }
        return roundToSingle(s(a) * s(b), 0, cpu);
    }

    /**
     * FPDiv. The residual x - q*y is a multiple of ulp(q)*ulp(y) below ulp(q)*|y|, so a double
     * that fma computes exactly (guarded as for products); it is zero iff q is exact.
     */
    static long div(long a, long b, int n, Cpu cpu) {
        if (n == 64) {
            if (!finiteNonZeroD(a) || !finiteNonZeroD(b)) {
                return NO;
            }
            double x = d(a);
            double y = d(b);
            double q = x / y;
            long qm = Double.doubleToRawLongBits(q) & D_ABS;
            if (qm < D_INF && expD(qm) + expD(b) < D_ERROR_GRID) {
                return NO;
            }
            return finishD(q, Math.fma(-q, y, x) == 0, cpu);
        }
        if (!finiteNonZeroS(a) || !finiteNonZeroS(b)) {
            return NO;
        }
        double x = s(a);
        double y = s(b);
        double q = x / y;
        return roundToSingle(q, Math.fma(-q, y, x), cpu);
    }

    /** FPSqrt of a positive operand: the residual x - q*q (exact, see D_SQRT_GRID) is zero iff q is exact. */
    static long sqrt(long a, int n, Cpu cpu) {
        if (n == 64) {
            if (!finiteNonZeroD(a) || a < 0) {
                return NO;
            }
            double x = d(a);
            double q = Math.sqrt(x);
            if (expD(Double.doubleToRawLongBits(q)) < D_SQRT_GRID) {
                return NO;
            }
            return finishD(q, Math.fma(-q, q, x) == 0, cpu);
        }
        if (!finiteNonZeroS(a) || (a & 0x80000000L) != 0) {
            return NO;
        }
        double x = s(a);
        double q = Math.sqrt(x);
        return roundToSingle(q, Math.fma(-q, q, x), cpu);
    }

    /**
     * FPMulAdd: addend + x*y with one rounding. Double: r = fma(x, y, addend). With x*y = p + pe
     * (p = RN(x*y), pe exact by the product guard) and r - addend = d + de (TwoSum), both pairs are
     * "RN of the value plus the exact rest", unique for a value; so r is exact iff r - addend = x*y
     * iff d == p and de == pe. Single: the double product is exact, and the sum with its TwoSum
     * error is the exact value.
     */
    static long mulAdd(long addend, long a, long b, int n, Cpu cpu) {
        if (n == 64) {
            if (!finiteNonZeroD(addend) || !finiteNonZeroD(a) || !finiteNonZeroD(b)
                    || expD(a) + expD(b) < D_ERROR_GRID || (addend & D_ABS) >= D_TWOSUM_LIMIT) {
                return NO;
            }
            double x = d(a);
            double y = d(b);
            double z = d(addend);
            double r = Math.fma(x, y, z);
            long rm = Double.doubleToRawLongBits(r) & D_ABS;
            if (rm >= D_INF) {
                return finishD(r, false, cpu);
            }
            double p = x * y;
            if ((Double.doubleToRawLongBits(p) & D_ABS) >= D_INF || rm >= D_TWOSUM_LIMIT) {
                return NO;
            }
            double pe = Math.fma(x, y, -p);
            double dd = r - z;
            double de = twoSumError(r, -z, dd);
            return finishD(r, dd == p && de == pe, cpu);
        }
        if (!finiteNonZeroS(addend) || !finiteNonZeroS(a) || !finiteNonZeroS(b)) {
            return NO;
        }
        double p = s(a) * s(b);
        double z = s(addend);
        double r = p + z;
        return roundToSingle(r, twoSumError(p, z, r), cpu);
    }

    /** FPConvert between single and double: widening is exact; narrowing is a rounding of an exact double. */
    static long convert(long x, int from, int to, Cpu cpu) {
        if (from == 32 && to == 64) {
            int m = (int) x & F_ABS;
            return m > F_INF ? NO : Double.doubleToRawLongBits(s(x));
        }
        if (from == 64 && to == 32 && finiteNonZeroD(x)) {
            return roundToSingle(d(x), 0, cpu);
        }
        return NO;
    }

    /**
     * FixedToFP in round-to-nearest, {@code v} already extended from m bits and non-negative when
     * unsigned: Java's long-to-float/double conversion is IEEE roundTiesToEven, and scaling by
     * 2^-fbits (fbits at most 64) is exact as the result stays normal. Exact iff converting back
     * gives v (2^63, where the cast saturates, is never exact). Never returns NO.
     */
    static long fromFixed(long v, int fbits, int n, Cpu cpu) {
        if (n == 64) {
            double r = (double) v;
            if (r == 0x1p63 || (long) r != v) {
                cpu.fpsr |= IXC;
            }
            return Double.doubleToRawLongBits(r * Double.longBitsToDouble((long) (1023 - fbits) << 52));
        }
        float r = (float) v;
        if (r == 0x1p63f || (long) r != v) {
            cpu.fpsr |= IXC;
        }
        return Float.floatToRawIntBits(r * Float.intBitsToFloat((127 - fbits) << 23)) & 0xFFFFFFFFL;
    }

    /**
     * FPToFixed with round-toward-zero (FCVTZS, FCVTZU) into an m-bit integer, when no saturation
     * is possible: x*2^fbits is exact (a power-of-two scaling that stays finite), Java's cast
     * truncates, and the conversion is exact iff the truncated value equals it.
     */
    static long toFixedRZ(long x, int n, int fbits, boolean unsigned, int m, Cpu cpu) {
        double v;
        if (n == 64) {
            if ((x & D_ABS) >= D_INF) {
                return NO;
            }
            v = d(x);
        } else {
            if (((int) x & F_ABS) >= F_INF) {
                return NO;
            }
            v = s(x);
        }
        double sc = v * Double.longBitsToDouble((long) (1023 + fbits) << 52);
        long t;
        if (unsigned) {
            if (!(sc >= 0 && sc < (m == 64 ? 0x1p63 : 0x1p32))) {
                return NO;
            }
        } else {
            double lim = m == 64 ? 0x1p63 : 0x1p31;
            if (!(sc > -lim && sc < lim)) {
                return NO;
            }
        }
        t = (long) sc;
        if ((double) t != sc) {
            cpu.fpsr |= IXC;
        }
        return m == 64 ? t : t & 0xFFFFFFFFL;
    }
}
