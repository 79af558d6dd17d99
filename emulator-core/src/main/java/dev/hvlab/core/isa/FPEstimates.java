package dev.hvlab.core.isa;

import dev.hvlab.core.cpu.Cpu;

/**
 * The reciprocal and reciprocal square root estimates and Newton-Raphson steps of AdvSIMD
 * (ARM ARM pseudocode: FPRecipEstimate, RecipEstimate, FPRSqrtEstimate, RecipSqrtEstimate,
 * UnsignedRecipEstimate, UnsignedRSqrtEstimate, FPRecpX, FPRecipStepFused, FPRSqrtStepFused),
 * as ARMv8.0 defines them (8-bit estimates).
 */
final class FPEstimates {
    private FPEstimates() {
    }

    /** RecipEstimate: a in 256..511 (0.5 <= x < 1.0), result in 256..511 (1.0 <= r < 2.0). */
    static int recipEstimate(int a) {
        a = a * 2 + 1;
        int b = (1 << 19) / a;
        return (b + 1) / 2;
    }

    /** RecipSqrtEstimate: a in 128..511 (0.25 <= x < 1.0). */
    static int recipSqrtEstimate(int a) {
        if (a < 256) {
            a = a * 2 + 1;
        } else {
            a = (a >> 1) << 1;
            a = (a + 1) * 2;
        }
        long b = 512;
        while (a * (b + 1) * (b + 1) < (1L << 28)) {
            b++;
        }
        return (int) ((b + 1) / 2);
    }

    /** FPRecipEstimate for single (n=32) and double (n=64). */
    static long recipEstimate(long op, int n, Cpu cpu) {
        op = FPArithmetic.flush(op, n, cpu);
        boolean sign = FPArithmetic.neg(op, n);
        if (FPArithmetic.isNaN(op, n)) {
            return FPArithmetic.processNaN(op, n, cpu);
        }
        if (FPArithmetic.isInf(op, n)) {
            return FPArithmetic.zero(sign, n);
        }
        if (FPArithmetic.isZero(op, n)) {
            cpu.fpsr |= FPArithmetic.DZC;
            return FPArithmetic.inf(sign, n);
        }
        double mag = Math.abs(FPArithmetic.value(op, n));
        if (mag < (n == 32 ? 0x1p-128 : Double.MIN_NORMAL / 4)) {
            int rm = FPArithmetic.rmode(cpu);
            boolean toInf = rm == FPArithmetic.RN || (rm == FPArithmetic.RP && !sign) || (rm == FPArithmetic.RM && sign);
            cpu.fpsr |= FPArithmetic.OFC | FPArithmetic.IXC;
            return toInf ? FPArithmetic.inf(sign, n) : FPArithmetic.maxNormal(sign, n);
        }
        if ((cpu.fpcr & FPArithmetic.FPCR_FZ) != 0 && mag >= (n == 32 ? 0x1p126 : 0x1p1022)) {
            cpu.fpsr |= FPArithmetic.UFC;
            return FPArithmetic.zero(sign, n);
        }
        long fraction;
        int exp;
        if (n == 32) {
            fraction = (op & 0x7FFFFFL) << 29;
            exp = (int) ((op >>> 23) & 0xFF);
        } else {
            fraction = op & ((1L << 52) - 1);
            exp = (int) ((op >>> 52) & 0x7FF);
        }
        if (exp == 0) {
            if (((fraction >>> 51) & 1) == 0) {
                exp = -1;
                fraction = (fraction << 2) & ((1L << 52) - 1);
            } else {
                fraction = (fraction << 1) & ((1L << 52) - 1);
            }
        }
        int scaled = (int) (0x100 | (fraction >>> 44));
        int resultExp = (n == 32 ? 253 : 2045) - exp;
        long estimate = recipEstimate(scaled);
        fraction = (estimate & 0xFF) << 44;
        if (resultExp == 0) {
            fraction = (1L << 51) | (fraction >>> 1);
        } else if (resultExp == -1) {
            fraction = (1L << 50) | (fraction >>> 2);
            resultExp = 0;
        }
        long s = sign ? FPArithmetic.signBit(n) : 0;
        if (n == 32) {
            return s | ((long) (resultExp & 0xFF) << 23) | (fraction >>> 29);
        }
        return s | ((long) (resultExp & 0x7FF) << 52) | fraction;
    }

    /** FPRSqrtEstimate. */
    static long rsqrtEstimate(long op, int n, Cpu cpu) {
        op = FPArithmetic.flush(op, n, cpu);
        boolean sign = FPArithmetic.neg(op, n);
        if (FPArithmetic.isNaN(op, n)) {
            return FPArithmetic.processNaN(op, n, cpu);
        }
        if (FPArithmetic.isZero(op, n)) {
            cpu.fpsr |= FPArithmetic.DZC;
            return FPArithmetic.inf(sign, n);
        }
        if (sign) {
            return FPArithmetic.invalid(n, cpu);
        }
        if (FPArithmetic.isInf(op, n)) {
            return 0;
        }
        long fraction;
        int exp;
        if (n == 32) {
            fraction = (op & 0x7FFFFFL) << 29;
            exp = (int) ((op >>> 23) & 0xFF);
        } else {
            fraction = op & ((1L << 52) - 1);
            exp = (int) ((op >>> 52) & 0x7FF);
        }
        if (exp == 0) {
            while (((fraction >>> 51) & 1) == 0) {
                fraction = (fraction << 1) & ((1L << 52) - 1);
                exp--;
            }
            fraction = (fraction << 1) & ((1L << 52) - 1);
        }
        int scaled = (exp & 1) == 0 ? (int) (0x100 | (fraction >>> 44)) : (int) (0x80 | (fraction >>> 45));
        int resultExp = n == 32 ? Math.floorDiv(380 - exp, 2) : Math.floorDiv(3068 - exp, 2);
        long estimate = recipSqrtEstimate(scaled);
        if (n == 32) {
            return ((long) (resultExp & 0xFF) << 23) | ((estimate & 0xFF) << 15);
        }
        return ((long) (resultExp & 0x7FF) << 52) | ((estimate & 0xFF) << 44);
    }

    static long unsignedRecipEstimate(long op) {
        if ((op & 0x80000000L) == 0) {
            return 0xFFFFFFFFL;
        }
        return ((long) recipEstimate((int) ((op >>> 23) & 0x1FF)) & 0x1FF) << 23;
    }

    static long unsignedRsqrtEstimate(long op) {
        if ((op & 0xC0000000L) == 0) {
            return 0xFFFFFFFFL;
        }
        return ((long) recipSqrtEstimate((int) ((op >>> 23) & 0x1FF)) & 0x1FF) << 23;
    }

    /** FPRecpX. */
    static long recpx(long op, int n, Cpu cpu) {
        op = FPArithmetic.flush(op, n, cpu);
        if (FPArithmetic.isNaN(op, n)) {
            return FPArithmetic.processNaN(op, n, cpu);
        }
        int f = FPArithmetic.fracBits(n);
        long expMask = (1L << FPArithmetic.expBits(n)) - 1;
        long exp = (op >>> f) & expMask;
        long s = op & FPArithmetic.signBit(n);
        if (exp == 0) {
            return s | ((expMask - 1) << f);
        }
        return s | ((~exp & expMask) << f);
    }

    /** FPRecipStepFused: 2.0 - op1 * op2. */
    static long recipStep(long a, long b, int n, Cpu cpu) {
        long fa = FPArithmetic.flush(a, n, cpu) ^ FPArithmetic.signBit(n);
        long fb = FPArithmetic.flush(b, n, cpu);
        if (!FPArithmetic.isNaN(fa, n) && !FPArithmetic.isNaN(fb, n) && zeroTimesInf(fa, fb, n)) {
            return FPArithmetic.two(false, n);
        }
        return FPArithmetic.mulAdd(FPArithmetic.two(false, n), fa, fb, n, cpu);
    }

    /** FPRSqrtStepFused: (3.0 - op1 * op2) / 2, rounded once. */
    static long rsqrtStep(long a, long b, int n, Cpu cpu) {
        long fa = FPArithmetic.flush(a, n, cpu) ^ FPArithmetic.signBit(n);
        long fb = FPArithmetic.flush(b, n, cpu);
        long onePointFive = (((1L << (FPArithmetic.expBits(n) - 1)) - 1) << FPArithmetic.fracBits(n)) | (1L << (FPArithmetic.fracBits(n) - 1));
        if (FPArithmetic.isNaN(fa, n) || FPArithmetic.isNaN(fb, n)) {
            return FPArithmetic.processNaNs(fa, fb, n, cpu);
        }
        if (zeroTimesInf(fa, fb, n)) {
            return onePointFive;
        }
        if (FPArithmetic.isInf(fa, n) || FPArithmetic.isInf(fb, n)) {
            return FPArithmetic.inf(FPArithmetic.neg(fa, n) != FPArithmetic.neg(fb, n), n);
        }
        if (FPArithmetic.isZero(fa, n) || FPArithmetic.isZero(fb, n)) {
            return onePointFive;
        }
        long three = onePointFive + (1L << FPArithmetic.fracBits(n));
        return FPArithmetic.mulAdd(three, fa, fb, n, cpu, -1);
    }

    private static boolean zeroTimesInf(long a, long b, int n) {
        return (FPArithmetic.isInf(a, n) && FPArithmetic.isZero(b, n)) || (FPArithmetic.isZero(a, n) && FPArithmetic.isInf(b, n));
    }
}
