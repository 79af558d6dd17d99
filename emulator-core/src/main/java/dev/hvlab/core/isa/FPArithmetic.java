package dev.hvlab.core.isa;

import dev.hvlab.core.cpu.Cpu;

/**
 * IEEE 754 arithmetic with the ARM rules, on raw bit patterns of width {@code n} (16, 32 or 64)
 * held in a long: the ARM ARM's shared FP pseudocode (FPUnpack, FPProcessNaN(s), FPRound, FPAdd,
 * FPMul, FPDiv, FPSqrt, FPMulAdd, FPMax/FPMin/FPMaxNum/FPMinNum, FPCompare*, FPConvert,
 * FPRoundInt, FPToFixed, FixedToFP). Flush-to-zero (FPCR.FZ), default NaN (FPCR.DN), the four
 * rounding modes and the cumulative exception flags in FPSR follow the pseudocode; trapped
 * exceptions are not implemented (Cortex-A72 has none).
 *
 * <p>Every result is computed exactly (integer significands, jamming sticky bits) and rounded once
 * by {@link #round}, so no host rounding leaks in. Nothing here allocates.
 */
final class FPArithmetic {
    static final int IOC = 1, DZC = 2, OFC = 4, UFC = 8, IXC = 16, IDC = 128;
    static final int QC = 1 << 27;
    static final int FPCR_AHP = 1 << 26, FPCR_DN = 1 << 25, FPCR_FZ = 1 << 24;
    /** FPRounding: the FPCR.RMode encodings, plus TIEAWAY and ODD as the pseudocode names them. */
    static final int RN = 0, RP = 1, RM = 2, RZ = 3, RA = 4, RO = 5;

    private FPArithmetic() {
    }

    static int rmode(Cpu cpu) {
        return (cpu.fpcr >>> 22) & 3;
    }

    static int fracBits(int n) {
        return n == 64 ? 52 : n == 32 ? 23 : 10;
    }

    static int expBits(int n) {
        return n == 64 ? 11 : n == 32 ? 8 : 5;
    }

    static long signBit(int n) {
        return 1L << (n - 1);
    }

    static long mask(int n) {
        return n == 64 ? -1L : (1L << n) - 1;
    }

    static boolean neg(long x, int n) {
        return ((x >>> (n - 1)) & 1) != 0;
    }

    private static int expField(long x, int n) {
        return (int) (x >>> fracBits(n)) & ((1 << expBits(n)) - 1);
    }

    private static long fracField(long x, int n) {
        return x & ((1L << fracBits(n)) - 1);
    }

    private static boolean expOnes(long x, int n) {
        return expField(x, n) == (1 << expBits(n)) - 1;
    }

    static boolean isNaN(long x, int n) {
        return expOnes(x, n) && fracField(x, n) != 0;
    }

    static boolean isSNaN(long x, int n) {
        return isNaN(x, n) && ((x >>> (fracBits(n) - 1)) & 1) == 0;
    }

    static boolean isQNaN(long x, int n) {
        return isNaN(x, n) && ((x >>> (fracBits(n) - 1)) & 1) != 0;
    }

    static boolean isInf(long x, int n) {
        return expOnes(x, n) && fracField(x, n) == 0;
    }

    static boolean isZero(long x, int n) {
        return (x & (mask(n) >>> 1)) == 0;
    }

    static long inf(boolean negative, int n) {
        return (negative ? signBit(n) : 0) | ((long) ((1 << expBits(n)) - 1) << fracBits(n));
    }

    static long zero(boolean negative, int n) {
        return negative ? signBit(n) : 0;
    }

    static long maxNormal(boolean negative, int n) {
        return (negative ? signBit(n) : 0) | ((long) ((1 << expBits(n)) - 2) << fracBits(n))
                | ((1L << fracBits(n)) - 1);
    }

    /** FPDefaultNaN. */
    static long defaultNaN(int n) {
        return inf(false, n) | (1L << (fracBits(n) - 1));
    }

    /** The flush-to-zero half of FPUnpack: a denormal input reads as zero and sets IDC when FPCR.FZ is set. */
    static long flush(long x, int n, Cpu cpu) {
        if (n != 16 && (cpu.fpcr & FPCR_FZ) != 0 && expField(x, n) == 0 && fracField(x, n) != 0) {
            cpu.fpsr |= IDC;
            return x & signBit(n);
        }
        return x;
    }

    /** The integer significand of a finite value (value = mant * 2^exp2). */
    static long mant(long x, int n) {
        return expField(x, n) == 0 ? fracField(x, n) : fracField(x, n) | (1L << fracBits(n));
    }

    static int exp2(long x, int n) {
        int e = expField(x, n);
        return (e == 0 ? 1 : e) - ((1 << (expBits(n) - 1)) - 1) - fracBits(n);
    }

    /** FPProcessNaN. */
    static long processNaN(long x, int n, Cpu cpu) {
        if (isSNaN(x, n)) {
            cpu.fpsr |= IOC;
            x |= 1L << (fracBits(n) - 1);
        }
        return (cpu.fpcr & FPCR_DN) != 0 ? defaultNaN(n) : x;
    }

    /** FPProcessNaNs; call only when one operand is a NaN. */
    static long processNaNs(long a, long b, int n, Cpu cpu) {
        if (isSNaN(a, n)) {
            return processNaN(a, n, cpu);
        }
        if (isSNaN(b, n)) {
            return processNaN(b, n, cpu);
        }
        return processNaN(isNaN(a, n) ? a : b, n, cpu);
    }

    /** FPProcessNaNs3; call only when one operand is a NaN. */
    static long processNaNs3(long a, long b, long c, int n, Cpu cpu) {
        if (isSNaN(a, n)) {
            return processNaN(a, n, cpu);
        }
        if (isSNaN(b, n)) {
            return processNaN(b, n, cpu);
        }
        if (isSNaN(c, n)) {
            return processNaN(c, n, cpu);
        }
        return processNaN(isNaN(a, n) ? a : isNaN(b, n) ? b : c, n, cpu);
    }

    static long invalid(int n, Cpu cpu) {
        cpu.fpsr |= IOC;
        return defaultNaN(n);
    }

    // ---------------------------------------------------------------------------------------
    // FPRound
    // ---------------------------------------------------------------------------------------

    /**
     * FPRound: rounds the exact value {@code sig * 2^exp} (sig > 0; a set bit 0 may stand for
     * non-zero bits lost below it) to format {@code n} in mode {@code rmode}, setting UFC/OFC/IXC.
     */
    static long round(boolean negative, int exp, long sig, int n, Cpu cpu, int rmode) {
        int fb = fracBits(n);
        int eb = expBits(n);
        int minExp = 2 - (1 << (eb - 1));
        int lz = Long.numberOfLeadingZeros(sig) - 1;
        sig <<= lz;
        exp -= lz;
        int e = exp + 62;
        long sign = negative ? signBit(n) : 0;
        if (n != 16 && (cpu.fpcr & FPCR_FZ) != 0 && e < minExp) {
            cpu.fpsr |= UFC; // flush-to-zero never sets IXC
            return sign;
        }
        int biased = Math.max(e - minExp + 1, 0);
        int shift = 62 - fb + (biased == 0 ? minExp - e : 0);
        long intMant;
        boolean inexact;
        int cmpHalf;
        if (shift >= 64) {
            intMant = 0;
            inexact = true;
            cmpHalf = -1;
        } else {
            intMant = sig >>> shift;
            long rem = sig & ((1L << shift) - 1);
            inexact = rem != 0;
            cmpHalf = Long.compare(rem, 1L << (shift - 1));
        }
        if (biased == 0 && inexact) {
            cpu.fpsr |= UFC;
        }
        boolean up;
        boolean overflowToInf;
        switch (rmode) {
            case RN -> {
                up = cmpHalf > 0 || (cmpHalf == 0 && (intMant & 1) != 0);
                overflowToInf = true;
            }
            case RA -> {
                up = cmpHalf >= 0;
                overflowToInf = true;
            }
            case RP -> {
                up = inexact && !negative;
                overflowToInf = !negative;
            }
            case RM -> {
                up = inexact && negative;
                overflowToInf = negative;
            }
            case RO -> {
                up = false;
                overflowToInf = false;
                if (inexact) {
                    intMant |= 1;
                }
            }
            default -> {
                up = false;
                overflowToInf = false;
            }
        }
        if (up) {
            intMant++;
            if (intMant == 1L << fb) {
                biased = 1;
            }
            if (intMant == 1L << (fb + 1)) {
                biased++;
                intMant >>>= 1;
            }
        }
        long result;
        if (n != 16 || (cpu.fpcr & FPCR_AHP) == 0) {
            if (biased >= (1 << eb) - 1) {
                result = overflowToInf ? inf(negative, n) : maxNormal(negative, n);
                cpu.fpsr |= OFC;
                inexact = true;
            } else {
                result = sign | ((long) biased << fb) | (intMant & ((1L << fb) - 1));
            }
        } else {
            if (biased >= 1 << eb) {
                result = sign | 0x7FFF;
                cpu.fpsr |= IOC;
                inexact = false;
            } else {
                result = sign | ((long) biased << fb) | (intMant & ((1L << fb) - 1));
            }
        }
        if (inexact) {
            cpu.fpsr |= IXC;
        }
        return result;
    }

    /** FPRound of an unsigned 64-bit magnitude. */
    static long roundUnsigned(boolean negative, int exp, long mag, int n, Cpu cpu, int rmode) {
        if (mag < 0) {
            mag = (mag >>> 1) | (mag & 1);
            exp++;
        }
        return round(negative, exp, mag, n, cpu, rmode);
    }

    /** FPRound of the 128-bit magnitude {@code hi:lo} (non-zero) times 2^exp. */
    static long roundWide(boolean negative, int exp, long hi, long lo, int n, Cpu cpu, int rmode) {
        if (hi == 0 && lo >= 0) {
            return round(negative, exp, lo, n, cpu, rmode);
        }
        int p = hi != 0 ? 127 - Long.numberOfLeadingZeros(hi) : 63;
        int k = p - 62;
        long sig;
        boolean sticky;
        if (k < 64) {
            sig = (hi << (64 - k)) | (lo >>> k);
            sticky = (lo << (64 - k)) != 0;
        } else if (k == 64) {
            sig = hi;
            sticky = lo != 0;
        } else {
            sig = hi >>> (k - 64);
            sticky = lo != 0 || (hi << (128 - k)) != 0;
        }
        return round(negative, exp + k, sig | (sticky ? 1 : 0), n, cpu, rmode);
    }

    private static long shiftRightJam(long x, int d) {
        if (d == 0) {
            return x;
        }
        if (d >= 63) {
            return x != 0 ? 1 : 0;
        }
        return (x >>> d) | ((x & ((1L << d) - 1)) != 0 ? 1 : 0);
    }

    // ---------------------------------------------------------------------------------------
    // Arithmetic
    // ---------------------------------------------------------------------------------------

    /** FPAdd (FPSub when {@code b} was negated by the caller). */
    static long add(long a, long b, int n, Cpu cpu) {
        if (FPFastPath.applies(cpu, n)) {
            long r = FPFastPath.add(a, b, n, cpu);
            if (r != FPFastPath.NO) {
                return r;
            }
        }
        return addExact(a, b, n, cpu);
    }

    static long addExact(long a, long b, int n, Cpu cpu) {
        a = flush(a, n, cpu);
        b = flush(b, n, cpu);
        if (isNaN(a, n) || isNaN(b, n)) {
            return processNaNs(a, b, n, cpu);
        }
        boolean sa = neg(a, n);
        boolean sb = neg(b, n);
        boolean infA = isInf(a, n);
        boolean infB = isInf(b, n);
        if (infA && infB && sa != sb) {
            return invalid(n, cpu);
        }
        if (infA || infB) {
            return inf(infA ? sa : sb, n);
        }
        boolean zeroA = isZero(a, n);
        boolean zeroB = isZero(b, n);
        if (zeroA && zeroB) {
            return zero(sa == sb ? sa : rmode(cpu) == RM, n);
        }
        if (zeroA) {
            return b;
        }
        if (zeroB) {
            return a;
        }
        long ma = mant(a, n);
        long mb = mant(b, n);
        int ea = exp2(a, n);
        int eb = exp2(b, n);
        int la = Long.numberOfLeadingZeros(ma) - 2;
        ma <<= la;
        ea -= la;
        int lb = Long.numberOfLeadingZeros(mb) - 2;
        mb <<= lb;
        eb -= lb;
        if (ea < eb || (ea == eb && ma < mb)) {
            long t = ma;
            ma = mb;
            mb = t;
            int te = ea;
            ea = eb;
            eb = te;
            boolean ts = sa;
            sa = sb;
            sb = ts;
        }
        mb = shiftRightJam(mb, ea - eb);
        long s = sa == sb ? ma + mb : ma - mb;
        if (s == 0) {
            return zero(rmode(cpu) == RM, n);
        }
        return round(sa, ea, s, n, cpu, rmode(cpu));
    }

    /** FPSub: the NaN operands propagate unnegated. */
    static long sub(long a, long b, int n, Cpu cpu) {
        if (isNaN(a, n) || isNaN(b, n)) {
            return processNaNs(flush(a, n, cpu), flush(b, n, cpu), n, cpu);
        }
        return add(a, b ^ signBit(n), n, cpu);
    }

    /** FPMul. */
    static long mul(long a, long b, int n, Cpu cpu) {
        if (FPFastPath.applies(cpu, n)) {
            long r = FPFastPath.mul(a, b, n, cpu);
            if (r != FPFastPath.NO) {
                return r;
            }
        }
        return mulExact(a, b, n, cpu);
    }

    static long mulExact(long a, long b, int n, Cpu cpu) {
        a = flush(a, n, cpu);
        b = flush(b, n, cpu);
        if (isNaN(a, n) || isNaN(b, n)) {
            return processNaNs(a, b, n, cpu);
        }
        boolean s = neg(a, n) != neg(b, n);
        boolean infA = isInf(a, n);
        boolean infB = isInf(b, n);
        boolean zeroA = isZero(a, n);
        boolean zeroB = isZero(b, n);
        if ((infA && zeroB) || (zeroA && infB)) {
            return invalid(n, cpu);
        }
        if (infA || infB) {
            return inf(s, n);
        }
        if (zeroA || zeroB) {
            return zero(s, n);
        }
        return mulFinite(s, a, b, n, cpu);
    }

    private static long mulFinite(boolean s, long a, long b, int n, Cpu cpu) {
        long ma = mant(a, n);
        long mb = mant(b, n);
        return roundWide(s, exp2(a, n) + exp2(b, n), Math.multiplyHigh(ma, mb), ma * mb, n, cpu, rmode(cpu));
    }

    /** FPMulX: as FPMul, but infinity times zero is 2.0 with the product's sign. */
    static long mulX(long a, long b, int n, Cpu cpu) {
        long fa = flush(a, n, cpu);
        long fb = flush(b, n, cpu);
        if (!isNaN(fa, n) && !isNaN(fb, n)
                && ((isInf(fa, n) && isZero(fb, n)) || (isZero(fa, n) && isInf(fb, n)))) {
            return two(neg(fa, n) != neg(fb, n), n);
        }
        return mul(fa, fb, n, cpu);
    }

    static long two(boolean negative, int n) {
        return (negative ? signBit(n) : 0) | ((long) (1 << (expBits(n) - 1)) << fracBits(n));
    }

    /** FPDiv. */
    static long div(long a, long b, int n, Cpu cpu) {
        if (FPFastPath.applies(cpu, n)) {
            long r = FPFastPath.div(a, b, n, cpu);
            if (r != FPFastPath.NO) {
                return r;
            }
        }
        return divExact(a, b, n, cpu);
    }

    static long divExact(long a, long b, int n, Cpu cpu) {
        a = flush(a, n, cpu);
        b = flush(b, n, cpu);
        if (isNaN(a, n) || isNaN(b, n)) {
            return processNaNs(a, b, n, cpu);
        }
        boolean s = neg(a, n) != neg(b, n);
        boolean infA = isInf(a, n);
        boolean infB = isInf(b, n);
        boolean zeroA = isZero(a, n);
        boolean zeroB = isZero(b, n);
        if ((infA && infB) || (zeroA && zeroB)) {
            return invalid(n, cpu);
        }
        if (infA || zeroB) {
            if (!infA) {
                cpu.fpsr |= DZC;
            }
            return inf(s, n);
        }
        if (zeroA || infB) {
            return zero(s, n);
        }
        long ma = mant(a, n);
        long mb = mant(b, n);
        int ea = exp2(a, n);
        int eb = exp2(b, n);
        int la = Long.numberOfLeadingZeros(ma) - 2;
        ma <<= la;
        ea -= la;
        int lb = Long.numberOfLeadingZeros(mb) - 2;
        mb <<= lb;
        eb -= lb;
        long q = 0;
        long r = ma;
        for (int i = 0; i < 63; i++) {
            q <<= 1;
            if (r >= mb) {
                r -= mb;
                q |= 1;
            }
            r <<= 1;
        }
        return round(s, ea - eb - 62, q | (r != 0 ? 1 : 0), n, cpu, rmode(cpu));
    }

    /** FPSqrt. */
    static long sqrt(long a, int n, Cpu cpu) {
        if (FPFastPath.applies(cpu, n)) {
            long r = FPFastPath.sqrt(a, n, cpu);
            if (r != FPFastPath.NO) {
                return r;
            }
        }
        return sqrtExact(a, n, cpu);
    }

    static long sqrtExact(long a, int n, Cpu cpu) {
        a = flush(a, n, cpu);
        if (isNaN(a, n)) {
            return processNaN(a, n, cpu);
        }
        if (isZero(a, n)) {
            return a;
        }
        if (neg(a, n)) {
            return invalid(n, cpu);
        }
        if (isInf(a, n)) {
            return a;
        }
        long m = mant(a, n);
        int e = exp2(a, n);
        if ((e & 1) != 0) {
            m <<= 1;
            e--;
        }
        // m < 2^54 with at most 53 significant bits: exact as a double. Math.sqrt is correctly
        // rounded and the residual m - r*r is exact (no underflow this far from zero), so its
        // sign says on which side of r the true root lies.
        double md = (double) m;
        double r = Math.sqrt(md);
        double res = Math.fma(-r, r, md);
        long rb = Double.doubleToRawLongBits(r);
        long sig = ((rb & ((1L << 52) - 1)) | (1L << 52)) << 8;
        int er = (int) ((rb >>> 52) & 0x7FF) - 1023 - 52 - 8;
        if (res > 0) {
            sig |= 1;
        } else if (res < 0) {
            sig -= 1;
        }
        return round(false, er + e / 2, sig, n, cpu, rmode(cpu));
    }

    /** FPMulAdd: addend + op1 * op2 with one rounding. Negations are the caller's (FPNeg before). */
    static long mulAdd(long addend, long a, long b, int n, Cpu cpu) {
        if (FPFastPath.applies(cpu, n)) {
            long r = FPFastPath.mulAdd(addend, a, b, n, cpu);
            if (r != FPFastPath.NO) {
                return r;
            }
        }
        return mulAdd(addend, a, b, n, cpu, 0);
    }

    /** FPMulAdd whose exact result is multiplied by 2^scale before rounding (FPRSqrtStepFused). */
    static long mulAdd(long addend, long a, long b, int n, Cpu cpu, int scale) {
        addend = flush(addend, n, cpu);
        a = flush(a, n, cpu);
        b = flush(b, n, cpu);
        boolean inf1 = isInf(a, n);
        boolean inf2 = isInf(b, n);
        boolean zero1 = isZero(a, n);
        boolean zero2 = isZero(b, n);
        if (isNaN(addend, n) || isNaN(a, n) || isNaN(b, n)) {
            long r = processNaNs3(addend, a, b, n, cpu);
            if (isQNaN(addend, n) && ((inf1 && zero2) || (zero1 && inf2))) {
                r = invalid(n, cpu);
            }
            return r;
        }
        boolean signA = neg(addend, n);
        boolean signP = neg(a, n) != neg(b, n);
        boolean infA = isInf(addend, n);
        boolean zeroA = isZero(addend, n);
        boolean infP = inf1 || inf2;
        boolean zeroP = zero1 || zero2;
        if ((inf1 && zero2) || (zero1 && inf2) || (infA && infP && signA != signP)) {
            return invalid(n, cpu);
        }
        if (infA || infP) {
            return inf(infA ? signA : signP, n);
        }
        if (zeroA && zeroP) {
            return zero(signA == signP ? signA : rmode(cpu) == RM, n);
        }
        if (zeroP) {
            return addend;
        }
        if (zeroA) {
            long m1 = mant(a, n);
            long m2 = mant(b, n);
            return roundWide(signP, exp2(a, n) + exp2(b, n) + scale, Math.multiplyHigh(m1, m2), m1 * m2, n, cpu, rmode(cpu));
        }
        // Exact sum in a 128-bit frame: both terms normalized so their top bit is bit 125.
        long m1 = mant(a, n);
        long m2 = mant(b, n);
        long pHi = Math.multiplyHigh(m1, m2);
        long pLo = m1 * m2;
        int pe = exp2(a, n) + exp2(b, n);
        int pMsb = pHi != 0 ? 127 - Long.numberOfLeadingZeros(pHi) : 63 - Long.numberOfLeadingZeros(pLo);
        int sh = 125 - pMsb;
        if (sh >= 64) {
            pHi = pLo << (sh - 64);
            pLo = 0;
        } else if (sh > 0) {
            pHi = (pHi << sh) | (pLo >>> (64 - sh));
            pLo <<= sh;
        }
        pe -= sh;
        long ma = mant(addend, n);
        int ae = exp2(addend, n);
        int aMsb = 63 - Long.numberOfLeadingZeros(ma);
        int ash = 125 - aMsb; // >= 64 since aMsb <= 52
        long aHi = ma << (ash - 64);
        long aLo = 0;
        ae -= ash;
        boolean pBigger = pe > ae || (pe == ae && (pHi > aHi || (pHi == aHi && Long.compareUnsigned(pLo, aLo) >= 0)));
        long bHi;
        long bLo;
        long sHi;
        long sLo;
        int e;
        boolean sign;
        if (pBigger) {
            bHi = pHi;
            bLo = pLo;
            sHi = aHi;
            sLo = aLo;
            e = pe;
            sign = signP;
        } else {
            bHi = aHi;
            bLo = aLo;
            sHi = pHi;
            sLo = pLo;
            e = ae;
            sign = signA;
        }
        int d = Math.abs(pe - ae);
        // shift the smaller right by d with jamming
        if (d >= 127) {
            sLo = (sHi | sLo) != 0 ? 1 : 0;
            sHi = 0;
        } else if (d >= 64) {
            boolean st = sLo != 0 || (d > 64 && (sHi << (128 - d)) != 0);
            sLo = (d == 64 ? sHi : sHi >>> (d - 64)) | (st ? 1 : 0);
            sHi = 0;
        } else if (d > 0) {
            boolean st = (sLo << (64 - d)) != 0;
            sLo = (sLo >>> d) | (sHi << (64 - d)) | (st ? 1 : 0);
            sHi >>>= d;
        }
        long rHi;
        long rLo;
        if (signA == signP) {
            rLo = bLo + sLo;
            rHi = bHi + sHi + (Long.compareUnsigned(rLo, bLo) < 0 ? 1 : 0);
        } else {
            rLo = bLo - sLo;
            rHi = bHi - sHi - (Long.compareUnsigned(bLo, sLo) < 0 ? 1 : 0);
        }
        if (rHi == 0 && rLo == 0) {
            return zero(rmode(cpu) == RM, n);
        }
        return roundWide(sign, e + scale, rHi, rLo, n, cpu, rmode(cpu));
    }

    // ---------------------------------------------------------------------------------------
    // Min, max, compare
    // ---------------------------------------------------------------------------------------

    /** The value of a non-NaN operand (every half, single or double is exact as a double). */
    static double value(long x, int n) {
        if (n == 64) {
            return Double.longBitsToDouble(x);
        }
        if (n == 32) {
            return Float.intBitsToFloat((int) x);
        }
        if (isInf(x, n)) {
            return neg(x, n) ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        double v = Math.scalb((double) mant(x, n), exp2(x, n));
        return neg(x, n) ? -v : v;
    }

    /** FPMax ({@code max}) or FPMin. */
    static long maxMin(long a, long b, int n, Cpu cpu, boolean max) {
        a = flush(a, n, cpu);
        b = flush(b, n, cpu);
        if (isNaN(a, n) || isNaN(b, n)) {
            return processNaNs(a, b, n, cpu);
        }
        if (isZero(a, n) && isZero(b, n)) {
            boolean na = neg(a, n);
            boolean nb = neg(b, n);
            return zero(max ? na && nb : na || nb, n);
        }
        double va = value(a, n);
        double vb = value(b, n);
        return (max ? va > vb : va < vb) ? a : b;
    }

    /** FPMaxNum/FPMinNum: a single quiet NaN loses against a number. */
    static long maxMinNum(long a, long b, int n, Cpu cpu, boolean max) {
        long fa = flush(a, n, cpu);
        long fb = flush(b, n, cpu);
        boolean qa = isQNaN(fa, n);
        boolean qb = isQNaN(fb, n);
        if (qa && !qb) {
            fa = inf(max, n);
        } else if (!qa && qb) {
            fb = inf(max, n);
        }
        return maxMin(fa, fb, n, cpu, max);
    }

    /** FPCompare: NZCV as a 4-bit value. */
    static int compare(long a, long b, int n, boolean signalNaNs, Cpu cpu) {
        a = flush(a, n, cpu);
        b = flush(b, n, cpu);
        if (isNaN(a, n) || isNaN(b, n)) {
            if (signalNaNs || isSNaN(a, n) || isSNaN(b, n)) {
                cpu.fpsr |= IOC;
            }
            return 0b0011;
        }
        double va = value(a, n);
        double vb = value(b, n);
        return va == vb ? 0b0110 : va < vb ? 0b1000 : 0b0010;
    }

    /** FPCompareEQ. */
    static boolean compareEq(long a, long b, int n, Cpu cpu) {
        a = flush(a, n, cpu);
        b = flush(b, n, cpu);
        if (isNaN(a, n) || isNaN(b, n)) {
            if (isSNaN(a, n) || isSNaN(b, n)) {
                cpu.fpsr |= IOC;
            }
            return false;
        }
        return value(a, n) == value(b, n);
    }

    /** FPCompareGE ({@code orEqual}) or FPCompareGT: any NaN signals. */
    static boolean compareGe(long a, long b, int n, boolean orEqual, Cpu cpu) {
        a = flush(a, n, cpu);
        b = flush(b, n, cpu);
        if (isNaN(a, n) || isNaN(b, n)) {
            cpu.fpsr |= IOC;
            return false;
        }
        double va = value(a, n);
        double vb = value(b, n);
        return orEqual ? va >= vb : va > vb;
    }

    // ---------------------------------------------------------------------------------------
    // Conversions
    // ---------------------------------------------------------------------------------------

    /** FPConvert between formats {@code from} and {@code to}, rounding in {@code rmode}. */
    static long convert(long x, int from, int to, int rmode, Cpu cpu) {
        if (rmode == RN && from != 16 && to != 16 && (cpu.fpcr & FPCR_FZ) == 0) {
            long r = FPFastPath.convert(x, from, to, cpu);
            if (r != FPFastPath.NO) {
                return r;
            }
        }
        return convertExact(x, from, to, rmode, cpu);
    }

    static long convertExact(long x, int from, int to, int rmode, Cpu cpu) {
        boolean ahpIn = from == 16 && (cpu.fpcr & FPCR_AHP) != 0;
        boolean ahpOut = to == 16 && (cpu.fpcr & FPCR_AHP) != 0;
        if (from != 16) {
            x = flush(x, from, cpu);
        }
        boolean s = neg(x, from);
        if (!ahpIn && isNaN(x, from)) {
            long r;
            if (ahpOut) {
                r = zero(s, to);
            } else if ((cpu.fpcr & FPCR_DN) != 0) {
                r = defaultNaN(to);
            } else {
                long frac = fracField(x, from);
                int ff = fracBits(from);
                int tf = fracBits(to);
                frac = tf >= ff ? frac << (tf - ff) : frac >>> (ff - tf);
                r = inf(s, to) | frac | (1L << (tf - 1));
            }
            if (isSNaN(x, from) || ahpOut) {
                cpu.fpsr |= IOC;
            }
            return r;
        }
        if (!ahpIn && isInf(x, from)) {
            if (ahpOut) {
                cpu.fpsr |= IOC;
                return (s ? signBit(16) : 0) | 0x7FFF;
            }
            return inf(s, to);
        }
        if (isZero(x, from)) {
            return zero(s, to);
        }
        return round(s, exp2(x, from), mant(x, from), to, cpu, rmode);
    }

    /** FPRoundInt ({@code exact}: FRINTX, which signals inexact). */
    static long roundInt(long x, int n, int rmode, boolean exact, Cpu cpu) {
        x = flush(x, n, cpu);
        if (isNaN(x, n)) {
            return processNaN(x, n, cpu);
        }
        if (isInf(x, n) || isZero(x, n)) {
            return x;
        }
        int e = exp2(x, n);
        if (e >= 0) {
            return x;
        }
        boolean s = neg(x, n);
        long m = mant(x, n);
        int sh = -e;
        long trunc;
        long rem;
        int cmpHalf;
        if (sh >= 63) {
            trunc = 0;
            rem = m;
            cmpHalf = -1;
        } else {
            trunc = m >>> sh;
            rem = m & ((1L << sh) - 1);
            cmpHalf = Long.compare(rem, 1L << (sh - 1));
        }
        boolean up = switch (rmode) {
            case RN -> cmpHalf > 0 || (cmpHalf == 0 && (trunc & 1) != 0);
            case RA -> cmpHalf >= 0;
            case RP -> rem != 0 && !s;
            case RM -> rem != 0 && s;
            default -> false;
        };
        long r = trunc + (up ? 1 : 0);
        if (exact && rem != 0) {
            cpu.fpsr |= IXC;
        }
        if (r == 0) {
            return zero(s, n);
        }
        int saved = cpu.fpsr;
        long res = round(s, 0, r, n, cpu, RZ);
        cpu.fpsr = saved; // exact by construction
        return res;
    }

    /**
     * FPToFixed: {@code x * 2^fbits} rounded in {@code rmode} to an {@code m}-bit (32 or 64)
     * signed or unsigned integer, saturating with IOC.
     */
    static long toFixed(long x, int n, int fbits, boolean unsigned, int rmode, int m, Cpu cpu) {
        if (rmode == RZ && n != 16 && (cpu.fpcr & FPCR_FZ) == 0) {
            long r = FPFastPath.toFixedRZ(x, n, fbits, unsigned, m, cpu);
            if (r != FPFastPath.NO) {
                return r;
            }
        }
        return toFixedExact(x, n, fbits, unsigned, rmode, m, cpu);
    }

    static long toFixedExact(long x, int n, int fbits, boolean unsigned, int rmode, int m, Cpu cpu) {
        x = flush(x, n, cpu);
        if (isNaN(x, n)) {
            cpu.fpsr |= IOC;
            return 0;
        }
        boolean s = neg(x, n);
        long maxMag = unsigned ? (s ? 0 : (m == 64 ? -1L : (1L << m) - 1))
                : (s ? 1L << (m - 1) : (1L << (m - 1)) - 1);
        if (isInf(x, n)) {
            cpu.fpsr |= IOC;
            return saturated(s, unsigned, m);
        }
        if (isZero(x, n)) {
            return 0;
        }
        long mt = mant(x, n);
        int e = exp2(x, n) + fbits;
        long mag;
        boolean inexact = false;
        if (e >= 0) {
            if (64 - Long.numberOfLeadingZeros(mt) + e > 64) {
                cpu.fpsr |= IOC;
                return saturated(s, unsigned, m);
            }
            mag = mt << e;
        } else {
            int sh = -e;
            long trunc;
            long rem;
            int cmpHalf;
            if (sh >= 63) {
                trunc = 0;
                rem = mt;
                cmpHalf = -1;
            } else {
                trunc = mt >>> sh;
                rem = mt & ((1L << sh) - 1);
                cmpHalf = Long.compare(rem, 1L << (sh - 1));
            }
            boolean up = switch (rmode) {
                case RN -> cmpHalf > 0 || (cmpHalf == 0 && (trunc & 1) != 0);
                case RA -> cmpHalf >= 0;
                case RP -> rem != 0 && !s;
                case RM -> rem != 0 && s;
                default -> false;
            };
            mag = trunc + (up ? 1 : 0);
            inexact = rem != 0;
        }
        if (Long.compareUnsigned(mag, maxMag) > 0) {
            cpu.fpsr |= IOC;
            return saturated(s, unsigned, m);
        }
        if (inexact) {
            cpu.fpsr |= IXC;
        }
        long r = s ? -mag : mag;
        return m == 64 ? r : r & 0xFFFFFFFFL;
    }

    private static long saturated(boolean negative, boolean unsigned, int m) {
        if (unsigned) {
            return negative ? 0 : (m == 64 ? -1L : 0xFFFFFFFFL);
        }
        if (m == 64) {
            return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return negative ? 0x80000000L : 0x7FFFFFFFL;
    }

    /** FixedToFP: the {@code m}-bit integer {@code v} divided by 2^fbits, rounded to format n. */
    static long fromFixed(long v, int m, int fbits, boolean unsigned, int n, int rmode, Cpu cpu) {
        if (m == 32) {
            v = unsigned ? v & 0xFFFFFFFFL : (int) v;
        }
        if (v == 0) {
            return 0;
        }
        if (rmode == RN && n != 16 && (!unsigned || v > 0)) {
            return FPFastPath.fromFixed(v, fbits, n, cpu);
        }
        boolean s = !unsigned && v < 0;
        long mag = s ? -v : v;
        return roundUnsigned(s, -fbits, mag, n, cpu, rmode);
    }
}
