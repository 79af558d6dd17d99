package dev.hvlab.core.isa;

import static dev.hvlab.core.isa.SimdLanes.emask;
import static dev.hvlab.core.isa.SimdLanes.ones;
import static dev.hvlab.core.isa.SimdLanes.sext;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.Op;
import dev.hvlab.core.decode.Insn;
import dev.hvlab.core.sysreg.FpAccess;

/**
 * Semantics of AdvSIMD (ARM ARM C4.1.95/96, the vector and "scalar" SIMD groups): lane-wise
 * integer and FP arithmetic, pairwise and across-lanes reductions, long/wide/narrow forms, shifts
 * by immediate, permutes, table lookup, copies and modified immediates. Ops hold their decoded
 * fields and a lane function; they allocate nothing when executed.
 */
final class AdvancedSimd {
    private AdvancedSimd() {
    }

    /** A lane function: d is the destination lane (for accumulating forms), a and b the sources. */
    @FunctionalInterface
    interface Lane {
        long apply(long d, long a, long b, int e, Cpu cpu);
    }

    static long replicate(long v, int esize) {
        long r = v & emask(esize);
        for (int s = esize; s < 64; s <<= 1) {
            r |= r << s;
        }
        return r;
    }

    static void bind(Bindings b) {
        bindThreeSame(b);
        bindTwoMisc(b);
        bindFloat(b);
        bindCopyPermute(b);
        bindShiftImmediate(b);
        bindLongNarrow(b);
        bindByElement(b);
    }

    // =======================================================================================
    // Same-size lane-wise operations
    // =======================================================================================

    /** Lane-wise, same element size: vector (q selects 128 bits) or scalar (one lane, upper zeroed). */
    static final class SameLanes extends Op {
        private final int rd;
        private final int rn;
        private final int rm;
        private final int e;
        private final boolean q;
        private final boolean scalar;
        private final Lane f;
        /** {@link LaneKernels} number of f, or NONE. */
        private final int kernel;

        SameLanes(int rd, int rn, int rm, int e, boolean q, boolean scalar, Lane f) {
            this.rd = rd;
            this.rn = rn;
            this.rm = rm;
            this.e = e;
            this.q = q;
            this.scalar = scalar;
            this.f = f;
            this.kernel = LaneKernels.kernelOf(f);
        }

        private long half(long d, long a, long b, Cpu cpu) {
            if (kernel != LaneKernels.NONE) {
                return LaneKernels.sameHalf(kernel, d, a, b, e, cpu);
            }
            if (e == 64) {
                return f.apply(d, a, b, 64, cpu);
            }
            long m = (1L << e) - 1;
            long r = 0;
            for (int sh = 0; sh < 64; sh += e) {
                r |= (f.apply((d >>> sh) & m, (a >>> sh) & m, (b >>> sh) & m, e, cpu) & m) << sh;
            }
            return r;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            FpAccess.checkFpAccess(cpu, pc);
            long[] v = cpu.vreg;
            if (scalar) {
                long m = emask(e);
                long r = f.apply(v[2 * rd] & m, v[2 * rn] & m, v[2 * rm] & m, e, cpu);
                VReg.setScalar(cpu, rd, r, e);
                return pc + 4;
            }
            long nlo = v[2 * rn];
            long nhi = v[2 * rn + 1];
            long mlo = v[2 * rm];
            long mhi = v[2 * rm + 1];
            long dlo = v[2 * rd];
            long dhi = v[2 * rd + 1];
            long rlo = half(dlo, nlo, mlo, cpu);
            long rhi = q ? half(dhi, nhi, mhi, cpu) : 0;
            v[2 * rd] = rlo;
            v[2 * rd + 1] = rhi;
            return pc + 4;
        }
    }

    /** Vector form; null (UNDEFINED) for size=11 unless 64-bit lanes are allowed and q=1. */
    static Op vec(Insn i, boolean allow64, Lane f) {
        int size = i.f("size");
        boolean q = i.f("q") == 1;
        if (size == 3 && (!allow64 || !q)) {
            return null;
        }
        return new SameLanes(i.f("rd"), i.f("rn"), rmOf(i), 8 << size, q, false, f);
    }

    /** Vector form whose sizes are limited to {@code sizes} (bit mask of allowed size values). */
    static Op vecSizes(Insn i, int sizes, Lane f) {
        int size = i.f("size");
        if ((sizes & (1 << size)) == 0 || (size == 3 && i.f("q") == 0)) {
            return null;
        }
        return new SameLanes(i.f("rd"), i.f("rn"), rmOf(i), 8 << size, i.f("q") == 1, false, f);
    }

    /** Scalar form with the allowed sizes as a bit mask. */
    static Op sc(Insn i, int sizes, Lane f) {
        int size = i.f("size");
        if ((sizes & (1 << size)) == 0) {
            return null;
        }
        return new SameLanes(i.f("rd"), i.f("rn"), rmOf(i), 8 << size, false, true, f);
    }

    private static int rmOf(Insn i) {
        return i.pattern().hasField("rm") ? i.f("rm") : i.f("rn");
    }

    private static final int ALL = 0xF;
    private static final int D_ONLY = 0x8;
    private static final int NO_D = 0x7;

    private static void bindThreeSame(Bindings b) {
        Lane add = LaneKernels.tag(LaneKernels.ADD, (d, x, y, e, c) -> x + y);
        Lane sub = LaneKernels.tag(LaneKernels.SUB, (d, x, y, e, c) -> x - y);
        Lane cmgt = LaneKernels.tag(LaneKernels.CMGT, (d, x, y, e, c) -> ones(sext(x, e) > sext(y, e)));
        Lane cmge = LaneKernels.tag(LaneKernels.CMGE, (d, x, y, e, c) -> ones(sext(x, e) >= sext(y, e)));
        Lane cmhi = LaneKernels.tag(LaneKernels.CMHI, (d, x, y, e, c) -> ones(Long.compareUnsigned(x, y) > 0));
        Lane cmhs = LaneKernels.tag(LaneKernels.CMHS, (d, x, y, e, c) -> ones(Long.compareUnsigned(x, y) >= 0));
        Lane cmeq = LaneKernels.tag(LaneKernels.CMEQ, (d, x, y, e, c) -> ones(x == y));
        Lane cmtst = (d, x, y, e, c) -> ones((x & y) != 0);
        Lane sshl = (d, x, y, e, c) -> SimdLanes.shiftReg(x, y, e, false, false, false, c);
        Lane ushl = (d, x, y, e, c) -> SimdLanes.shiftReg(x, y, e, true, false, false, c);
        Lane srshl = (d, x, y, e, c) -> SimdLanes.shiftReg(x, y, e, false, true, false, c);
        Lane urshl = (d, x, y, e, c) -> SimdLanes.shiftReg(x, y, e, true, true, false, c);
        Lane sqshl = (d, x, y, e, c) -> satShift(x, y, e, false, false, c);
        Lane uqshl = (d, x, y, e, c) -> satShift(x, y, e, true, false, c);
        Lane sqrshl = (d, x, y, e, c) -> satShift(x, y, e, false, true, c);
        Lane uqrshl = (d, x, y, e, c) -> satShift(x, y, e, true, true, c);
        Lane sqadd = (d, x, y, e, c) -> SimdLanes.qadd(x, y, e, false, c);
        Lane uqadd = (d, x, y, e, c) -> SimdLanes.qadd(x, y, e, true, c);
        Lane sqsub = (d, x, y, e, c) -> SimdLanes.qsub(x, y, e, false, c);
        Lane uqsub = (d, x, y, e, c) -> SimdLanes.qsub(x, y, e, true, c);
        Lane sqdmulh = (d, x, y, e, c) -> SimdLanes.qdmulh(x, y, e, false, c);
        Lane sqrdmulh = (d, x, y, e, c) -> SimdLanes.qdmulh(x, y, e, true, c);

        b.bind("ADD_v", i -> vec(i, true, add));
        b.bind("SUB_v", i -> vec(i, true, sub));
        b.bind("CMGT_v", i -> vec(i, true, cmgt));
        b.bind("CMGE_v", i -> vec(i, true, cmge));
        b.bind("CMHI_v", i -> vec(i, true, cmhi));
        b.bind("CMHS_v", i -> vec(i, true, cmhs));
        b.bind("CMEQ_v", i -> vec(i, true, cmeq));
        b.bind("CMTST_v", i -> vec(i, true, cmtst));
        b.bind("SSHL_v", i -> vec(i, true, sshl));
        b.bind("USHL_v", i -> vec(i, true, ushl));
        b.bind("SRSHL_v", i -> vec(i, true, srshl));
        b.bind("URSHL_v", i -> vec(i, true, urshl));
        b.bind("SQSHL_v", i -> vec(i, true, sqshl));
        b.bind("UQSHL_v", i -> vec(i, true, uqshl));
        b.bind("SQRSHL_v", i -> vec(i, true, sqrshl));
        b.bind("UQRSHL_v", i -> vec(i, true, uqrshl));
        b.bind("SQADD_v", i -> vec(i, true, sqadd));
        b.bind("UQADD_v", i -> vec(i, true, uqadd));
        b.bind("SQSUB_v", i -> vec(i, true, sqsub));
        b.bind("UQSUB_v", i -> vec(i, true, uqsub));
        b.bind("SQDMULH_v", i -> vecSizes(i, 0x6, sqdmulh));
        b.bind("SQRDMULH_v", i -> vecSizes(i, 0x6, sqrdmulh));

        b.bind("ADD_vs", i -> sc(i, D_ONLY, add));
        b.bind("SUB_vs", i -> sc(i, D_ONLY, sub));
        b.bind("CMGT_vs", i -> sc(i, D_ONLY, cmgt));
        b.bind("CMGE_vs", i -> sc(i, D_ONLY, cmge));
        b.bind("CMHI_vs", i -> sc(i, D_ONLY, cmhi));
        b.bind("CMHS_vs", i -> sc(i, D_ONLY, cmhs));
        b.bind("CMEQ_vs", i -> sc(i, D_ONLY, cmeq));
        b.bind("CMTST_vs", i -> sc(i, D_ONLY, cmtst));
        b.bind("SSHL_vs", i -> sc(i, D_ONLY, sshl));
        b.bind("USHL_vs", i -> sc(i, D_ONLY, ushl));
        b.bind("SRSHL_vs", i -> sc(i, D_ONLY, srshl));
        b.bind("URSHL_vs", i -> sc(i, D_ONLY, urshl));
        b.bind("SQSHL_vs", i -> sc(i, ALL, sqshl));
        b.bind("UQSHL_vs", i -> sc(i, ALL, uqshl));
        b.bind("SQRSHL_vs", i -> sc(i, ALL, sqrshl));
        b.bind("UQRSHL_vs", i -> sc(i, ALL, uqrshl));
        b.bind("SQADD_vs", i -> sc(i, ALL, sqadd));
        b.bind("UQADD_vs", i -> sc(i, ALL, uqadd));
        b.bind("SQSUB_vs", i -> sc(i, ALL, sqsub));
        b.bind("UQSUB_vs", i -> sc(i, ALL, uqsub));
        b.bind("SQDMULH_vs", i -> sc(i, 0x6, sqdmulh));
        b.bind("SQRDMULH_vs", i -> sc(i, 0x6, sqrdmulh));

        b.bind("SHADD_v", i -> vec(i, false, (d, x, y, e, c) -> (sext(x, e) + sext(y, e)) >> 1));
        b.bind("UHADD_v", i -> vec(i, false, (d, x, y, e, c) -> (x + y) >>> 1));
        b.bind("SRHADD_v", i -> vec(i, false, (d, x, y, e, c) -> (sext(x, e) + sext(y, e) + 1) >> 1));
        b.bind("URHADD_v", i -> vec(i, false, (d, x, y, e, c) -> (x + y + 1) >>> 1));
        b.bind("SHSUB_v", i -> vec(i, false, (d, x, y, e, c) -> (sext(x, e) - sext(y, e)) >> 1));
        b.bind("UHSUB_v", i -> vec(i, false, (d, x, y, e, c) -> (x - y) >> 1));
        b.bind("SMAX_v", i -> vec(i, false, LaneKernels.tag(LaneKernels.SMAX, (d, x, y, e, c) -> Math.max(sext(x, e), sext(y, e)))));
        b.bind("SMIN_v", i -> vec(i, false, LaneKernels.tag(LaneKernels.SMIN, (d, x, y, e, c) -> Math.min(sext(x, e), sext(y, e)))));
        b.bind("UMAX_v", i -> vec(i, false, LaneKernels.tag(LaneKernels.UMAX, (d, x, y, e, c) -> Math.max(x, y))));
        b.bind("UMIN_v", i -> vec(i, false, LaneKernels.tag(LaneKernels.UMIN, (d, x, y, e, c) -> Math.min(x, y))));
        b.bind("SABD_v", i -> vec(i, false, (d, x, y, e, c) -> Math.abs(sext(x, e) - sext(y, e))));
        b.bind("UABD_v", i -> vec(i, false, LaneKernels.tag(LaneKernels.UABD, (d, x, y, e, c) -> Math.abs(x - y))));
        b.bind("SABA_v", i -> vec(i, false, (d, x, y, e, c) -> d + Math.abs(sext(x, e) - sext(y, e))));
        b.bind("UABA_v", i -> vec(i, false, (d, x, y, e, c) -> d + Math.abs(x - y)));
        b.bind("MUL_v", i -> vec(i, false, LaneKernels.tag(LaneKernels.MUL, (d, x, y, e, c) -> x * y)));
        b.bind("MLA_v", i -> vec(i, false, (d, x, y, e, c) -> d + x * y));
        b.bind("MLS_v", i -> vec(i, false, (d, x, y, e, c) -> d - x * y));
        b.bind("PMUL_v", i -> vecSizes(i, 0x1, (d, x, y, e, c) -> SimdLanes.pmul(x, y, e)));

        b.bind("AND_v", i -> logical(i, LaneKernels.tag(LaneKernels.AND, (d, x, y, e, c) -> x & y)));
        b.bind("BIC_v", i -> logical(i, LaneKernels.tag(LaneKernels.BIC, (d, x, y, e, c) -> x & ~y)));
        b.bind("ORR_v", i -> logical(i, LaneKernels.tag(LaneKernels.ORR, (d, x, y, e, c) -> x | y)));
        b.bind("ORN_v", i -> logical(i, LaneKernels.tag(LaneKernels.ORN, (d, x, y, e, c) -> x | ~y)));
        b.bind("EOR_v", i -> logical(i, LaneKernels.tag(LaneKernels.EOR, (d, x, y, e, c) -> x ^ y)));
        b.bind("BSL_v", i -> logical(i, LaneKernels.tag(LaneKernels.BSL, (d, x, y, e, c) -> (x & d) | (y & ~d))));
        b.bind("BIT_v", i -> logical(i, LaneKernels.tag(LaneKernels.BIT, (d, x, y, e, c) -> (x & y) | (d & ~y))));
        b.bind("BIF_v", i -> logical(i, LaneKernels.tag(LaneKernels.BIF, (d, x, y, e, c) -> (d & y) | (x & ~y))));

        b.bind("ADDP_v", i -> pairwise(i, true, (d, x, y, e, c) -> x + y));
        b.bind("SMAXP_v", i -> pairwise(i, false, (d, x, y, e, c) -> Math.max(sext(x, e), sext(y, e))));
        b.bind("SMINP_v", i -> pairwise(i, false, (d, x, y, e, c) -> Math.min(sext(x, e), sext(y, e))));
        b.bind("UMAXP_v", i -> pairwise(i, false, (d, x, y, e, c) -> Math.max(x, y)));
        b.bind("UMINP_v", i -> pairwise(i, false, (d, x, y, e, c) -> Math.min(x, y)));
        b.bind("ADDP_vs", i -> i.f("size") != 3 ? null : new Reduce(i.f("rd"), i.f("rn"), 64, 2, false, 64,
                (d, x, y, e, c) -> x + y));
    }

    private static long satShift(long x, long y, int e, boolean unsigned, boolean round, Cpu c) {
        int shift = (byte) y;
        if (shift >= 0) {
            return SimdLanes.shiftLeftSat(unsigned ? x : sext(x, e), shift, e, unsigned, unsigned, c);
        }
        return SimdLanes.shiftReg(x, y, e, unsigned, round, false, c);
    }

    private static Op logical(Insn i, Lane f) {
        return new SameLanes(i.f("rd"), i.f("rn"), i.f("rm"), 64, i.f("q") == 1, false, f);
    }

    // =======================================================================================
    // Pairwise and across lanes
    // =======================================================================================

    /** Pairwise: the result lanes are f over adjacent pairs of the concatenation Vm:Vn. */
    static final class Pairwise extends Op {
        private final int rd;
        private final int rn;
        private final int rm;
        private final int e;
        private final boolean q;
        private final Lane f;

        Pairwise(int rd, int rn, int rm, int e, boolean q, Lane f) {
            this.rd = rd;
            this.rn = rn;
            this.rm = rm;
            this.e = e;
            this.q = q;
            this.f = f;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            FpAccess.checkFpAccess(cpu, pc);
            long[] v = cpu.vreg;
            long nlo = v[2 * rn];
            long nhi = q ? v[2 * rn + 1] : 0;
            long mlo = v[2 * rm];
            long mhi = q ? v[2 * rm + 1] : 0;
            int elements = (q ? 128 : 64) / e;
            int halfEl = elements / 2;
            long m = emask(e);
            long rlo = 0;
            long rhi = 0;
            for (int i = 0; i < elements; i++) {
                long x;
                long y;
                if (i < halfEl) {
                    x = VReg.lane(nlo, nhi, 2 * i, e);
                    y = VReg.lane(nlo, nhi, 2 * i + 1, e);
                } else {
                    x = VReg.lane(mlo, mhi, 2 * (i - halfEl), e);
                    y = VReg.lane(mlo, mhi, 2 * (i - halfEl) + 1, e);
                }
                long r = f.apply(0, x, y, e, cpu) & m;
                if (i * e < 64) {
                    rlo = VReg.insert(rlo, i, e, r);
                } else {
                    rhi = VReg.insert(rhi, i, e, r);
                }
            }
            v[2 * rd] = rlo;
            v[2 * rd + 1] = rhi;
            return pc + 4;
        }
    }

    private static Op pairwise(Insn i, boolean allow64, Lane f) {
        int size = i.f("size");
        boolean q = i.f("q") == 1;
        if (size == 3 && (!allow64 || !q)) {
            return null;
        }
        return new Pairwise(i.f("rd"), i.f("rn"), i.f("rm"), 8 << size, q, f);
    }

    /**
     * Reduction of the lanes of Vn to a scalar of width {@code outE} (across lanes and scalar
     * pairwise): a tree for FP (Reduce() in the pseudocode pairs halves recursively) and a left
     * fold for integers, which is the same result for the associative integer operations.
     */
    static final class Reduce extends Op {
        private final int rd;
        private final int rn;
        private final int e;
        private final int elements;
        private final boolean widenSigned;
        private final int outE;
        private final Lane f;

        Reduce(int rd, int rn, int e, int elements, boolean widenSigned, int outE, Lane f) {
            this.rd = rd;
            this.rn = rn;
            this.e = e;
            this.elements = elements;
            this.widenSigned = widenSigned;
            this.outE = outE;
            this.f = f;
        }

        private long reduce(long lo, long hi, int from, int count, Cpu cpu) {
            if (count == 1) {
                long x = VReg.lane(lo, hi, from, e);
                return widenSigned ? sext(x, e) & emask(outE) : x;
            }
            int h = count / 2;
            return f.apply(0, reduce(lo, hi, from, h, cpu), reduce(lo, hi, from + h, h, cpu), outE, cpu) & emask(outE);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            FpAccess.checkFpAccess(cpu, pc);
            long lo = cpu.vreg[2 * rn];
            long hi = cpu.vreg[2 * rn + 1];
            VReg.setScalar(cpu, rd, reduce(lo, hi, 0, elements, cpu), outE);
            return pc + 4;
        }
    }

    private static Op across(Insn i, boolean widen, boolean signed, Lane f) {
        int size = i.f("size");
        boolean q = i.f("q") == 1;
        if (size == 3 || (size == 2 && !q)) {
            return null;
        }
        int e = 8 << size;
        return new Reduce(i.f("rd"), i.f("rn"), e, (q ? 128 : 64) / e, widen && signed, widen ? 2 * e : e, f);
    }

    // =======================================================================================
    // Two-register miscellaneous
    // =======================================================================================

    private static void bindTwoMisc(Bindings b) {
        Lane abs = (d, x, y, e, c) -> Math.abs(sext(x, e));
        Lane neg = (d, x, y, e, c) -> -x;
        Lane cmgt0 = (d, x, y, e, c) -> ones(sext(x, e) > 0);
        Lane cmge0 = (d, x, y, e, c) -> ones(sext(x, e) >= 0);
        Lane cmeq0 = LaneKernels.tag(LaneKernels.CMEQ0, (d, x, y, e, c) -> ones(x == 0));
        Lane cmle0 = (d, x, y, e, c) -> ones(sext(x, e) <= 0);
        Lane cmlt0 = LaneKernels.tag(LaneKernels.CMLT0, (d, x, y, e, c) -> ones(sext(x, e) < 0));
        Lane sqabs = (d, x, y, e, c) -> e == 64 ? (x == Long.MIN_VALUE ? sat64(c) : Math.abs(x))
                : SimdLanes.satS(Math.abs(sext(x, e)), e, c);
        Lane sqneg = (d, x, y, e, c) -> e == 64 ? (x == Long.MIN_VALUE ? sat64(c) : -x)
                : SimdLanes.satS(-sext(x, e), e, c);
        Lane suqadd = (d, x, y, e, c) -> suqadd(d, x, e, c);
        Lane usqadd = (d, x, y, e, c) -> usqadd(d, x, e, c);
        b.bind("ABS_v", i -> vec(i, true, abs));
        b.bind("NEG_v", i -> vec(i, true, neg));
        b.bind("CMGT_v_z", i -> vec(i, true, cmgt0));
        b.bind("CMGE_v_z", i -> vec(i, true, cmge0));
        b.bind("CMEQ_v_z", i -> vec(i, true, cmeq0));
        b.bind("CMLE_v_z", i -> vec(i, true, cmle0));
        b.bind("CMLT_v_z", i -> vec(i, true, cmlt0));
        b.bind("SQABS_v", i -> vec(i, true, sqabs));
        b.bind("SQNEG_v", i -> vec(i, true, sqneg));
        b.bind("SUQADD_v", i -> vec(i, true, suqadd));
        b.bind("USQADD_v", i -> vec(i, true, usqadd));
        b.bind("ABS_vs", i -> sc(i, D_ONLY, abs));
        b.bind("NEG_vs", i -> sc(i, D_ONLY, neg));
        b.bind("CMGT_vs_z", i -> sc(i, D_ONLY, cmgt0));
        b.bind("CMGE_vs_z", i -> sc(i, D_ONLY, cmge0));
        b.bind("CMEQ_vs_z", i -> sc(i, D_ONLY, cmeq0));
        b.bind("CMLE_vs_z", i -> sc(i, D_ONLY, cmle0));
        b.bind("CMLT_vs_z", i -> sc(i, D_ONLY, cmlt0));
        b.bind("SQABS_vs", i -> sc(i, ALL, sqabs));
        b.bind("SQNEG_vs", i -> sc(i, ALL, sqneg));
        b.bind("SUQADD_vs", i -> sc(i, ALL, suqadd));
        b.bind("USQADD_vs", i -> sc(i, ALL, usqadd));
        b.bind("CLS_v", i -> vec(i, false, (d, x, y, e, c) -> SimdLanes.cls(x, e)));
        b.bind("CLZ_v", i -> vec(i, false, (d, x, y, e, c) -> SimdLanes.clz(x, e)));
        b.bind("CNT_v", i -> vecSizes(i, 0x1, (d, x, y, e, c) -> Long.bitCount(x)));
        b.bind("NOT_v", i -> new SameLanes(i.f("rd"), i.f("rn"), i.f("rn"), 64, i.f("q") == 1, false,
                (d, x, y, e, c) -> ~x));
        b.bind("RBIT_v", i -> new SameLanes(i.f("rd"), i.f("rn"), i.f("rn"), 8, i.f("q") == 1, false,
                (d, x, y, e, c) -> Long.reverse(x) >>> 56));
        b.bind("REV64_v", i -> rev(i, 64));
        b.bind("REV32_v", i -> rev(i, 32));
        b.bind("REV16_v", i -> rev(i, 16));

        b.bind("SADDLP_v", i -> addlp(i, true, false));
        b.bind("UADDLP_v", i -> addlp(i, false, false));
        b.bind("SADALP_v", i -> addlp(i, true, true));
        b.bind("UADALP_v", i -> addlp(i, false, true));

        b.bind("XTN_v", i -> narrow(i, false, (d, x, y, e, c) -> x));
        b.bind("SQXTN_v", i -> narrow(i, false, (d, x, y, e, c) -> sqxtn(x, e, c)));
        b.bind("UQXTN_v", i -> narrow(i, false, (d, x, y, e, c) -> uqxtn(x, e, c)));
        b.bind("SQXTUN_v", i -> narrow(i, false, (d, x, y, e, c) -> sqxtun(x, e, c)));
        b.bind("SQXTN_vs", i -> narrow(i, true, (d, x, y, e, c) -> sqxtn(x, e, c)));
        b.bind("UQXTN_vs", i -> narrow(i, true, (d, x, y, e, c) -> uqxtn(x, e, c)));
        b.bind("SQXTUN_vs", i -> narrow(i, true, (d, x, y, e, c) -> sqxtun(x, e, c)));
        b.bind("SHLL_v", i -> {
            int size = i.f("size");
            if (size == 3) {
                return null;
            }
            int sh = 8 << size;
            return new LongLanes(i.f("rd"), i.f("rn"), i.f("rn"), sh, i.f("q") == 1, false, false,
                    (d, x, y, e, c) -> x << sh);
        });

        b.bind("ADDV_v", i -> across(i, false, false, (d, x, y, e, c) -> x + y));
        b.bind("SMAXV_v", i -> across(i, false, false, (d, x, y, e, c) -> Math.max(sext(x, e), sext(y, e))));
        b.bind("SMINV_v", i -> across(i, false, false, (d, x, y, e, c) -> Math.min(sext(x, e), sext(y, e))));
        b.bind("UMAXV_v", i -> across(i, false, false, (d, x, y, e, c) -> Math.max(x, y)));
        b.bind("UMINV_v", i -> across(i, false, false, (d, x, y, e, c) -> Math.min(x, y)));
        b.bind("SADDLV_v", i -> across(i, true, true, (d, x, y, e, c) -> sext(x, e) + sext(y, e)));
        b.bind("UADDLV_v", i -> across(i, true, false, (d, x, y, e, c) -> x + y));
    }

    private static long sat64(Cpu c) {
        c.fpsr |= FPArithmetic.QC;
        return Long.MAX_VALUE;
    }

    private static long suqadd(long d, long x, int e, Cpu c) {
        // signed accumulator d plus unsigned x, signed saturation
        if (e < 64) {
            return SimdLanes.satS(sext(d, e) + x, e, c);
        }
        long r = d + x;
        if (Long.compareUnsigned(x, Long.MAX_VALUE - d) > 0) {
            c.fpsr |= FPArithmetic.QC;
            return Long.MAX_VALUE;
        }
        return r;
    }

    private static long usqadd(long d, long x, int e, Cpu c) {
        // unsigned accumulator d plus signed x, unsigned saturation
        if (e < 64) {
            return SimdLanes.satU(d + sext(x, e), e, c);
        }
        long r = d + x;
        if (x >= 0 ? Long.compareUnsigned(r, d) < 0 : Long.compareUnsigned(d, -x) < 0) {
            c.fpsr |= FPArithmetic.QC;
            return x >= 0 ? -1L : 0;
        }
        return r;
    }

    private static long sqxtn(long x, int e, Cpu c) {
        return SimdLanes.satS(sext(x, 2 * e), e, c);
    }

    private static long uqxtn(long x, int e, Cpu c) {
        if (2 * e == 64) {
            if (Long.compareUnsigned(x, emask(e)) > 0) {
                c.fpsr |= FPArithmetic.QC;
                return emask(e);
            }
            return x;
        }
        return SimdLanes.satU(x, e, c);
    }

    private static long sqxtun(long x, int e, Cpu c) {
        return SimdLanes.satU(sext(x, 2 * e), e, c);
    }

    private static Op rev(Insn i, int container) {
        int size = i.f("size");
        int e = 8 << size;
        if (e >= container) {
            return null;
        }
        return new SameLanes(i.f("rd"), i.f("rn"), i.f("rn"), container, i.f("q") == 1, false,
                (d, x, y, c2, c) -> {
                    long r = 0;
                    for (int k = 0; k < container; k += e) {
                        r |= ((x >>> k) & emask(e)) << (container - e - k);
                    }
                    return r;
                });
    }

    private static Op addlp(Insn i, boolean signed, boolean accumulate) {
        int size = i.f("size");
        if (size == 3) {
            return null;
        }
        int e = 8 << size;
        return new SameLanes(i.f("rd"), i.f("rn"), i.f("rn"), 2 * e, i.f("q") == 1, false,
                (d, x, y, e2, c) -> {
                    long lo = x & emask(e);
                    long hi = (x >>> e) & emask(e);
                    long s = signed ? sext(lo, e) + sext(hi, e) : lo + hi;
                    return accumulate ? d + s : s;
                });
    }

    // =======================================================================================
    // Long, wide and narrowing forms
    // =======================================================================================

    /**
     * Result lanes of 2e bits from source lanes of e bits taken from the lower (q=0) or upper
     * (q=1, the "2" forms) half of Vn and Vm; {@code wideN}: Vn already has 2e-bit lanes (the W forms).
     */
    static final class LongLanes extends Op {
        private final int rd;
        private final int rn;
        private final int rm;
        private final int e;
        private final boolean upper;
        private final boolean wideN;
        private final boolean scalar;
        private final Lane f;
        /** {@link LaneKernels} number of f, or NONE. */
        private final int kernel;

        LongLanes(int rd, int rn, int rm, int e, boolean upper, boolean wideN, boolean scalar, Lane f) {
            this.rd = rd;
            this.rn = rn;
            this.rm = rm;
            this.e = e;
            this.upper = upper;
            this.wideN = wideN;
            this.scalar = scalar;
            this.f = f;
            this.kernel = LaneKernels.kernelOf(f);
        }

        /** The vector form through a kernel: plain shifts instead of VReg.lane/insert, no interface call. */
        private void execKernel(long[] v, long nlo, long nhi, long nh, long mh, long dlo, long dhi) {
            int e2 = 2 * e;
            long m = emask(e);
            long m2 = emask(e2);
            int elements = 64 / e;
            long rlo = 0;
            long rhi = 0;
            for (int i = 0; i < elements; i++) {
                int bit = i * e2;
                int sh = bit & 63;
                long x = wideN ? ((bit < 64 ? nlo : nhi) >>> sh) & m2 : (nh >>> (i * e)) & m;
                long y = (mh >>> (i * e)) & m;
                long d = ((bit < 64 ? dlo : dhi) >>> sh) & m2;
                long r = (LaneKernels.wide(kernel, d, x, y, e) & m2) << sh;
                if (bit < 64) {
                    rlo |= r;
                } else {
                    rhi |= r;
                }
            }
            v[2 * rd] = rlo;
            v[2 * rd + 1] = rhi;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            FpAccess.checkFpAccess(cpu, pc);
            long[] v = cpu.vreg;
            long nlo = v[2 * rn];
            long nhi = v[2 * rn + 1];
            long mh = v[2 * rm + (upper ? 1 : 0)];
            long nh = v[2 * rn + (upper ? 1 : 0)];
            long dlo = v[2 * rd];
            long dhi = v[2 * rd + 1];
            int e2 = 2 * e;
            long m2 = emask(e2);
            if (scalar) {
                long r = f.apply(dlo & m2, nlo & emask(e), v[2 * rm] & emask(e), e, cpu) & m2;
                VReg.setScalar(cpu, rd, r, e2);
                return pc + 4;
            }
            if (kernel != LaneKernels.NONE) {
                execKernel(v, nlo, nhi, nh, mh, dlo, dhi);
                return pc + 4;
            }
            int elements = 64 / e;
            long rlo = 0;
            long rhi = 0;
            for (int i = 0; i < elements; i++) {
                long x = wideN ? VReg.lane(nlo, nhi, i, e2) : (nh >>> (i * e)) & emask(e);
                long y = (mh >>> (i * e)) & emask(e);
                long d = VReg.lane(dlo, dhi, i, e2);
                long r = f.apply(d, x, y, e, cpu) & m2;
                if (i * e2 < 64) {
                    rlo = VReg.insert(rlo, i, e2, r);
                } else {
                    rhi = VReg.insert(rhi, i, e2, r);
                }
            }
            v[2 * rd] = rlo;
            v[2 * rd + 1] = rhi;
            return pc + 4;
        }
    }

    /**
     * Narrowing: lane i (e bits) is f of the 2e-bit lanes i of Vn and Vm; written to the lower
     * half (upper zeroed) or, for the "2" forms, the upper half (lower kept). Scalar: one lane.
     */
    static final class NarrowLanes extends Op {
        private final int rd;
        private final int rn;
        private final int rm;
        private final int e;
        private final boolean upper;
        private final boolean scalar;
        private final Lane f;

        NarrowLanes(int rd, int rn, int rm, int e, boolean upper, boolean scalar, Lane f) {
            this.rd = rd;
            this.rn = rn;
            this.rm = rm;
            this.e = e;
            this.upper = upper;
            this.scalar = scalar;
            this.f = f;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            FpAccess.checkFpAccess(cpu, pc);
            long[] v = cpu.vreg;
            long nlo = v[2 * rn];
            long nhi = v[2 * rn + 1];
            long mlo = v[2 * rm];
            long mhi = v[2 * rm + 1];
            int e2 = 2 * e;
            if (scalar) {
                VReg.setScalar(cpu, rd, f.apply(0, nlo & emask(e2), mlo & emask(e2), e, cpu), e);
                return pc + 4;
            }
            int elements = 64 / e;
            long r = 0;
            for (int i = 0; i < elements; i++) {
                long x = VReg.lane(nlo, nhi, i, e2);
                long y = VReg.lane(mlo, mhi, i, e2);
                r = VReg.insert(r, i, e, f.apply(0, x, y, e, cpu));
            }
            if (upper) {
                v[2 * rd + 1] = r;
            } else {
                v[2 * rd] = r;
                v[2 * rd + 1] = 0;
            }
            return pc + 4;
        }
    }

    private static Op narrow(Insn i, boolean scalar, Lane f) {
        int size = i.f("size");
        if (size == 3) {
            return null;
        }
        boolean upper = !scalar && i.f("q") == 1;
        int rm = i.pattern().hasField("rm") ? i.f("rm") : i.f("rn");
        return new NarrowLanes(i.f("rd"), i.f("rn"), rm, 8 << size, upper, scalar, f);
    }

    private static Op longOp(Insn i, boolean wideN, Lane f) {
        int size = i.f("size");
        if (size == 3) {
            return null;
        }
        return new LongLanes(i.f("rd"), i.f("rn"), i.f("rm"), 8 << size, i.f("q") == 1, wideN, false, f);
    }

    private static void bindLongNarrow(Bindings b) {
        b.bind("SADDL_v", i -> longOp(i, false, LaneKernels.tag(LaneKernels.SADDL, (d, x, y, e, c) -> sext(x, e) + sext(y, e))));
        b.bind("UADDL_v", i -> longOp(i, false, LaneKernels.tag(LaneKernels.UADDL, (d, x, y, e, c) -> x + y)));
        b.bind("SSUBL_v", i -> longOp(i, false, LaneKernels.tag(LaneKernels.SSUBL, (d, x, y, e, c) -> sext(x, e) - sext(y, e))));
        b.bind("USUBL_v", i -> longOp(i, false, LaneKernels.tag(LaneKernels.USUBL, (d, x, y, e, c) -> x - y)));
        b.bind("SADDW_v", i -> longOp(i, true, LaneKernels.tag(LaneKernels.SADDW, (d, x, y, e, c) -> x + sext(y, e))));
        b.bind("UADDW_v", i -> longOp(i, true, LaneKernels.tag(LaneKernels.UADDW, (d, x, y, e, c) -> x + y)));
        b.bind("SSUBW_v", i -> longOp(i, true, LaneKernels.tag(LaneKernels.SSUBW, (d, x, y, e, c) -> x - sext(y, e))));
        b.bind("USUBW_v", i -> longOp(i, true, LaneKernels.tag(LaneKernels.USUBW, (d, x, y, e, c) -> x - y)));
        b.bind("SABAL_v", i -> longOp(i, false, (d, x, y, e, c) -> d + Math.abs(sext(x, e) - sext(y, e))));
        b.bind("UABAL_v", i -> longOp(i, false, LaneKernels.tag(LaneKernels.UABAL, (d, x, y, e, c) -> d + Math.abs(x - y))));
        b.bind("SABDL_v", i -> longOp(i, false, (d, x, y, e, c) -> Math.abs(sext(x, e) - sext(y, e))));
        b.bind("UABDL_v", i -> longOp(i, false, LaneKernels.tag(LaneKernels.UABDL, (d, x, y, e, c) -> Math.abs(x - y))));
        b.bind("SMLAL_v", i -> longOp(i, false, LaneKernels.tag(LaneKernels.SMLAL, (d, x, y, e, c) -> d + sext(x, e) * sext(y, e))));
        b.bind("UMLAL_v", i -> longOp(i, false, LaneKernels.tag(LaneKernels.UMLAL, (d, x, y, e, c) -> d + x * y)));
        b.bind("SMLSL_v", i -> longOp(i, false, (d, x, y, e, c) -> d - sext(x, e) * sext(y, e)));
        b.bind("UMLSL_v", i -> longOp(i, false, (d, x, y, e, c) -> d - x * y));
        b.bind("SMULL_v", i -> longOp(i, false, LaneKernels.tag(LaneKernels.SMULL, (d, x, y, e, c) -> sext(x, e) * sext(y, e))));
        b.bind("UMULL_v", i -> longOp(i, false, LaneKernels.tag(LaneKernels.UMULL, (d, x, y, e, c) -> x * y)));
        // size = 11 is the 64-bit PMULL of the Cryptographic Extension (FEAT_PMULL).
        b.bind("PMULL_v", i -> i.f("size") == 3 ? Cryptography.pmull64(i)
                : i.f("size") != 0 ? null : longOp(i, false, (d, x, y, e, c) -> SimdLanes.pmul(x, y, e)));
        Lane sqdmull = (d, x, y, e, c) -> qdmull(x, y, e, c);
        Lane sqdmlal = (d, x, y, e, c) -> SimdLanes.qadd(d, qdmull(x, y, e, c), 2 * e, false, c);
        Lane sqdmlsl = (d, x, y, e, c) -> SimdLanes.qsub(d, qdmull(x, y, e, c), 2 * e, false, c);
        b.bind("SQDMULL_v", i -> sizes12(i) ? longOp(i, false, sqdmull) : null);
        b.bind("SQDMLAL_v", i -> sizes12(i) ? longOp(i, false, sqdmlal) : null);
        b.bind("SQDMLSL_v", i -> sizes12(i) ? longOp(i, false, sqdmlsl) : null);
        b.bind("SQDMULL_vs", i -> sizes12(i) ? longScalar(i, sqdmull) : null);
        b.bind("SQDMLAL_vs", i -> sizes12(i) ? longScalar(i, sqdmlal) : null);
        b.bind("SQDMLSL_vs", i -> sizes12(i) ? longScalar(i, sqdmlsl) : null);

        b.bind("ADDHN_v", i -> narrow(i, false, (d, x, y, e, c) -> (x + y) >>> e));
        b.bind("SUBHN_v", i -> narrow(i, false, (d, x, y, e, c) -> (x - y) >>> e));
        b.bind("RADDHN_v", i -> narrow(i, false, (d, x, y, e, c) -> (x + y + (1L << (e - 1))) >>> e));
        b.bind("RSUBHN_v", i -> narrow(i, false, (d, x, y, e, c) -> (x - y + (1L << (e - 1))) >>> e));
    }

    private static boolean sizes12(Insn i) {
        int size = i.f("size");
        return size == 1 || size == 2;
    }

    private static Op longScalar(Insn i, Lane f) {
        return new LongLanes(i.f("rd"), i.f("rn"), i.f("rm"), 8 << i.f("size"), false, false, true, f);
    }

    /** 2*x*y with signed saturation to 2e bits (only -2^(e-1) squared overflows). */
    static long qdmull(long x, long y, int e, Cpu c) {
        long a = sext(x, e);
        long b = sext(y, e);
        if (e == 32 && a == Integer.MIN_VALUE && b == Integer.MIN_VALUE) {
            c.fpsr |= FPArithmetic.QC;
            return Long.MAX_VALUE;
        }
        if (e == 16 && a == Short.MIN_VALUE && b == Short.MIN_VALUE) {
            c.fpsr |= FPArithmetic.QC;
            return Integer.MAX_VALUE;
        }
        return 2 * a * b;
    }

    // =======================================================================================
    // Floating point, vector and scalar
    // =======================================================================================

    private static Op fvec(Insn i, Lane f) {
        int sz = i.f("sz");
        boolean q = i.f("q") == 1;
        if (sz == 1 && !q) {
            return null;
        }
        return new SameLanes(i.f("rd"), i.f("rn"), rmOf(i), sz == 1 ? 64 : 32, q, false, f);
    }

    private static Op fsc(Insn i, Lane f) {
        return new SameLanes(i.f("rd"), i.f("rn"), rmOf(i), i.f("sz") == 1 ? 64 : 32, false, true, f);
    }

    private static Op fpair(Insn i, Lane f) {
        int sz = i.f("sz");
        boolean q = i.f("q") == 1;
        if (sz == 1 && !q) {
            return null;
        }
        return new Pairwise(i.f("rd"), i.f("rn"), i.f("rm"), sz == 1 ? 64 : 32, q, f);
    }

    private static void bindFp(Bindings b, String name, Lane f, boolean scalarToo) {
        b.bind(name + "_v", i -> fvec(i, f));
        if (scalarToo) {
            b.bind(name + "_vs", i -> fsc(i, f));
        }
    }

    private static void bindFloat(Bindings b) {
        bindFp(b, "FADD", LaneKernels.tag(LaneKernels.FADD, (d, x, y, e, c) -> FPArithmetic.add(x, y, e, c)), false);
        bindFp(b, "FSUB", LaneKernels.tag(LaneKernels.FSUB, (d, x, y, e, c) -> FPArithmetic.sub(x, y, e, c)), false);
        bindFp(b, "FMUL", LaneKernels.tag(LaneKernels.FMUL, (d, x, y, e, c) -> FPArithmetic.mul(x, y, e, c)), false);
        bindFp(b, "FDIV", LaneKernels.tag(LaneKernels.FDIV, (d, x, y, e, c) -> FPArithmetic.div(x, y, e, c)), false);
        bindFp(b, "FMULX", (d, x, y, e, c) -> FPArithmetic.mulX(x, y, e, c), true);
        bindFp(b, "FABD", (d, x, y, e, c) -> FPArithmetic.sub(x, y, e, c) & ~FPArithmetic.signBit(e), true);
        bindFp(b, "FMAX", (d, x, y, e, c) -> FPArithmetic.maxMin(x, y, e, c, true), false);
        bindFp(b, "FMIN", (d, x, y, e, c) -> FPArithmetic.maxMin(x, y, e, c, false), false);
        bindFp(b, "FMAXNM", (d, x, y, e, c) -> FPArithmetic.maxMinNum(x, y, e, c, true), false);
        bindFp(b, "FMINNM", (d, x, y, e, c) -> FPArithmetic.maxMinNum(x, y, e, c, false), false);
        bindFp(b, "FMLA", LaneKernels.tag(LaneKernels.FMLA, (d, x, y, e, c) -> FPArithmetic.mulAdd(d, x, y, e, c)), false);
        bindFp(b, "FMLS", LaneKernels.tag(LaneKernels.FMLS, (d, x, y, e, c) -> FPArithmetic.mulAdd(d, x ^ FPArithmetic.signBit(e), y, e, c)), false);
        bindFp(b, "FCMEQ", (d, x, y, e, c) -> ones(FPArithmetic.compareEq(x, y, e, c)), true);
        bindFp(b, "FCMGE", (d, x, y, e, c) -> ones(FPArithmetic.compareGe(x, y, e, true, c)), true);
        bindFp(b, "FCMGT", (d, x, y, e, c) -> ones(FPArithmetic.compareGe(x, y, e, false, c)), true);
        bindFp(b, "FACGE", (d, x, y, e, c) -> ones(FPArithmetic.compareGe(abs(x, e), abs(y, e), e, true, c)), true);
        bindFp(b, "FACGT", (d, x, y, e, c) -> ones(FPArithmetic.compareGe(abs(x, e), abs(y, e), e, false, c)), true);
        bindFp(b, "FRECPS", (d, x, y, e, c) -> FPEstimates.recipStep(x, y, e, c), true);
        bindFp(b, "FRSQRTS", (d, x, y, e, c) -> FPEstimates.rsqrtStep(x, y, e, c), true);

        b.bind("FADDP_v", i -> fpair(i, (d, x, y, e, c) -> FPArithmetic.add(x, y, e, c)));
        b.bind("FMAXP_v", i -> fpair(i, (d, x, y, e, c) -> FPArithmetic.maxMin(x, y, e, c, true)));
        b.bind("FMINP_v", i -> fpair(i, (d, x, y, e, c) -> FPArithmetic.maxMin(x, y, e, c, false)));
        b.bind("FMAXNMP_v", i -> fpair(i, (d, x, y, e, c) -> FPArithmetic.maxMinNum(x, y, e, c, true)));
        b.bind("FMINNMP_v", i -> fpair(i, (d, x, y, e, c) -> FPArithmetic.maxMinNum(x, y, e, c, false)));
        bindFpPairScalar(b, "FADDP_vs", (d, x, y, e, c) -> FPArithmetic.add(x, y, e, c));
        bindFpPairScalar(b, "FMAXP_vs", (d, x, y, e, c) -> FPArithmetic.maxMin(x, y, e, c, true));
        bindFpPairScalar(b, "FMINP_vs", (d, x, y, e, c) -> FPArithmetic.maxMin(x, y, e, c, false));
        bindFpPairScalar(b, "FMAXNMP_vs", (d, x, y, e, c) -> FPArithmetic.maxMinNum(x, y, e, c, true));
        bindFpPairScalar(b, "FMINNMP_vs", (d, x, y, e, c) -> FPArithmetic.maxMinNum(x, y, e, c, false));
        bindFpAcross(b, "FMAXV_v", (d, x, y, e, c) -> FPArithmetic.maxMin(x, y, e, c, true));
        bindFpAcross(b, "FMINV_v", (d, x, y, e, c) -> FPArithmetic.maxMin(x, y, e, c, false));
        bindFpAcross(b, "FMAXNMV_v", (d, x, y, e, c) -> FPArithmetic.maxMinNum(x, y, e, c, true));
        bindFpAcross(b, "FMINNMV_v", (d, x, y, e, c) -> FPArithmetic.maxMinNum(x, y, e, c, false));

        bindFp(b, "FABS", (d, x, y, e, c) -> abs(x, e), false);
        bindFp(b, "FNEG", (d, x, y, e, c) -> x ^ FPArithmetic.signBit(e), false);
        bindFp(b, "FSQRT", (d, x, y, e, c) -> FPArithmetic.sqrt(x, e, c), false);
        int[] modes = {FPArithmetic.RN, FPArithmetic.RM, FPArithmetic.RP, FPArithmetic.RZ, FPArithmetic.RA};
        String[] rn = {"N", "M", "P", "Z", "A"};
        for (int k = 0; k < modes.length; k++) {
            int mode = modes[k];
            bindFp(b, "FRINT" + rn[k], (d, x, y, e, c) -> FPArithmetic.roundInt(x, e, mode, false, c), false);
            if (k < 5) {
                bindFp(b, "FCVT" + rn[k] + "S", (d, x, y, e, c) -> FPArithmetic.toFixed(x, e, 0, false, mode, e, c), true);
                bindFp(b, "FCVT" + rn[k] + "U", (d, x, y, e, c) -> FPArithmetic.toFixed(x, e, 0, true, mode, e, c), true);
            }
        }
        bindFp(b, "FRINTX", (d, x, y, e, c) -> FPArithmetic.roundInt(x, e, FPArithmetic.rmode(c), true, c), false);
        bindFp(b, "FRINTI", (d, x, y, e, c) -> FPArithmetic.roundInt(x, e, FPArithmetic.rmode(c), false, c), false);
        bindFp(b, "SCVTF", (d, x, y, e, c) -> FPArithmetic.fromFixed(x, e, 0, false, e, FPArithmetic.rmode(c), c), true);
        bindFp(b, "UCVTF", (d, x, y, e, c) -> FPArithmetic.fromFixed(x, e, 0, true, e, FPArithmetic.rmode(c), c), true);
        bindFp(b, "FCMGT", "_z", (d, x, y, e, c) -> ones(FPArithmetic.compareGe(x, 0, e, false, c)));
        bindFp(b, "FCMGE", "_z", (d, x, y, e, c) -> ones(FPArithmetic.compareGe(x, 0, e, true, c)));
        bindFp(b, "FCMEQ", "_z", (d, x, y, e, c) -> ones(FPArithmetic.compareEq(x, 0, e, c)));
        bindFp(b, "FCMLE", "_z", (d, x, y, e, c) -> ones(FPArithmetic.compareGe(0, x, e, true, c)));
        bindFp(b, "FCMLT", "_z", (d, x, y, e, c) -> ones(FPArithmetic.compareGe(0, x, e, false, c)));
        bindFp(b, "FRECPE", (d, x, y, e, c) -> FPEstimates.recipEstimate(x, e, c), true);
        bindFp(b, "FRSQRTE", (d, x, y, e, c) -> FPEstimates.rsqrtEstimate(x, e, c), true);
        b.bind("FRECPX_vs", i -> fsc(i, (d, x, y, e, c) -> FPEstimates.recpx(x, e, c)));
        b.bind("URECPE_v", i -> i.f("sz") != 0 ? null : fvec(i, (d, x, y, e, c) -> FPEstimates.unsignedRecipEstimate(x)));
        b.bind("URSQRTE_v", i -> i.f("sz") != 0 ? null : fvec(i, (d, x, y, e, c) -> FPEstimates.unsignedRsqrtEstimate(x)));

        // FCVTL/FCVTN/FCVTXN: precision changes between lanes of Vn and Vd.
        b.bind("FCVTL_v", i -> {
            int from = i.f("sz") == 1 ? 32 : 16;
            return new LongLanes(i.f("rd"), i.f("rn"), i.f("rn"), from, i.f("q") == 1, false, false,
                    (d, x, y, e, c) -> FPArithmetic.convert(x, e, 2 * e, FPArithmetic.rmode(c), c));
        });
        b.bind("FCVTN_v", i -> {
            int to = i.f("sz") == 1 ? 32 : 16;
            return new NarrowLanes(i.f("rd"), i.f("rn"), i.f("rn"), to, i.f("q") == 1, false,
                    (d, x, y, e, c) -> FPArithmetic.convert(x, 2 * e, e, FPArithmetic.rmode(c), c));
        });
        Lane xn = (d, x, y, e, c) -> FPArithmetic.convert(x, 64, 32, FPArithmetic.RO, c);
        b.bind("FCVTXN_v", i -> i.f("sz") != 1 ? null
                : new NarrowLanes(i.f("rd"), i.f("rn"), i.f("rn"), 32, i.f("q") == 1, false, xn));
        b.bind("FCVTXN_vs", i -> i.f("sz") != 1 ? null
                : new NarrowLanes(i.f("rd"), i.f("rn"), i.f("rn"), 32, false, true, xn));
    }

    private static void bindFp(Bindings b, String name, String suffix, Lane f) {
        b.bind(name + "_v" + suffix, i -> fvec(i, f));
        b.bind(name + "_vs" + suffix, i -> fsc(i, f));
    }

    private static void bindFpPairScalar(Bindings b, String name, Lane f) {
        b.bind(name, i -> {
            int e = i.f("sz") == 1 ? 64 : 32;
            return new Reduce(i.f("rd"), i.f("rn"), e, 2, false, e, f);
        });
    }

    private static void bindFpAcross(Bindings b, String name, Lane f) {
        b.bind(name, i -> i.f("sz") != 0 || i.f("q") != 1 ? null : new Reduce(i.f("rd"), i.f("rn"), 32, 4, false, 32, f));
    }

    static long abs(long x, int e) {
        return x & ~FPArithmetic.signBit(e);
    }

    // =======================================================================================
    // Copy, permute, extract, table lookup, modified immediate
    // =======================================================================================

    private static int lowestSetBit(int imm5) {
        return Integer.numberOfTrailingZeros(imm5);
    }

    private static void bindCopyPermute(Bindings b) {
        b.bind("DUP_elt", i -> {
            int size = lowestSetBit(i.f("imm5"));
            boolean q = i.f("q") == 1;
            if (size > 3 || (size == 3 && !q)) {
                return null;
            }
            int e = 8 << size;
            int index = i.f("imm5") >>> (size + 1);
            int rd = i.f("rd");
            int rn = i.f("rn");
            return new Op() {
                @Override
                public long exec(Cpu cpu, long pc) {
                    FpAccess.checkFpAccess(cpu, pc);
                    long v = replicate(VReg.lane(cpu, rn, index, e), e);
                    cpu.vreg[2 * rd] = v;
                    cpu.vreg[2 * rd + 1] = q ? v : 0;
                    return pc + 4;
                }
            };
        });
        b.bind("DUP_elts", i -> {
            int size = lowestSetBit(i.f("imm5"));
            if (size > 3) {
                return null;
            }
            int e = 8 << size;
            int index = i.f("imm5") >>> (size + 1);
            int rd = i.f("rd");
            int rn = i.f("rn");
            return new Op() {
                @Override
                public long exec(Cpu cpu, long pc) {
                    FpAccess.checkFpAccess(cpu, pc);
                    VReg.setScalar(cpu, rd, VReg.lane(cpu, rn, index, e), e);
                    return pc + 4;
                }
            };
        });
        b.bind("DUP_g", i -> {
            int size = lowestSetBit(i.f("imm5"));
            boolean q = i.f("q") == 1;
            if (size > 3 || (size == 3 && !q)) {
                return null;
            }
            int e = 8 << size;
            int rd = i.f("rd");
            int rn = Reg.zr(i.f("rn"));
            return new Op() {
                @Override
                public long exec(Cpu cpu, long pc) {
                    FpAccess.checkFpAccess(cpu, pc);
                    long v = replicate(cpu.x[rn], e);
                    cpu.vreg[2 * rd] = v;
                    cpu.vreg[2 * rd + 1] = q ? v : 0;
                    return pc + 4;
                }
            };
        });
        b.bind("INS_g", i -> {
            int size = lowestSetBit(i.f("imm5"));
            if (size > 3) {
                return null;
            }
            int e = 8 << size;
            int index = i.f("imm5") >>> (size + 1);
            int rd = i.f("rd");
            int rn = Reg.zr(i.f("rn"));
            return new Op() {
                @Override
                public long exec(Cpu cpu, long pc) {
                    FpAccess.checkFpAccess(cpu, pc);
                    VReg.setLane(cpu, rd, index, e, cpu.x[rn]);
                    return pc + 4;
                }
            };
        });
        b.bind("INS_elt", i -> {
            int size = lowestSetBit(i.f("imm5"));
            if (size > 3) {
                return null;
            }
            int e = 8 << size;
            int dst = i.f("imm5") >>> (size + 1);
            int src = i.f("imm4") >>> size;
            int rd = i.f("rd");
            int rn = i.f("rn");
            return new Op() {
                @Override
                public long exec(Cpu cpu, long pc) {
                    FpAccess.checkFpAccess(cpu, pc);
                    VReg.setLane(cpu, rd, dst, e, VReg.lane(cpu, rn, src, e));
                    return pc + 4;
                }
            };
        });
        b.bind("UMOV", i -> {
            int size = lowestSetBit(i.f("imm5"));
            boolean q = i.f("q") == 1;
            if (size > 3 || (q ? size != 3 : size == 3)) {
                return null;
            }
            return toGeneral(i, size, false, q);
        });
        b.bind("SMOV", i -> {
            int size = lowestSetBit(i.f("imm5"));
            boolean q = i.f("q") == 1;
            if (size >= (q ? 3 : 2)) {
                return null;
            }
            return toGeneral(i, size, true, q);
        });

        bindPermute(b, "ZIP1_v", 0);
        bindPermute(b, "ZIP2_v", 1);
        bindPermute(b, "UZP1_v", 2);
        bindPermute(b, "UZP2_v", 3);
        bindPermute(b, "TRN1_v", 4);
        bindPermute(b, "TRN2_v", 5);

        b.bind("EXT_v", i -> {
            boolean q = i.f("q") == 1;
            int pos = i.f("imm4");
            if (!q && pos >= 8) {
                return null;
            }
            int rd = i.f("rd");
            int rn = i.f("rn");
            int rm = i.f("rm");
            int bytes = q ? 16 : 8;
            return new Op() {
                @Override
                public long exec(Cpu cpu, long pc) {
                    FpAccess.checkFpAccess(cpu, pc);
                    long nlo = cpu.vreg[2 * rn];
                    long nhi = cpu.vreg[2 * rn + 1];
                    long mlo = cpu.vreg[2 * rm];
                    long mhi = cpu.vreg[2 * rm + 1];
                    long rlo = 0;
                    long rhi = 0;
                    for (int k = 0; k < bytes; k++) {
                        int s = k + pos;
                        long v = s < bytes ? VReg.lane(nlo, nhi, s, 8) : VReg.lane(mlo, mhi, s - bytes, 8);
                        if (k < 8) {
                            rlo |= v << (8 * k);
                        } else {
                            rhi |= v << (8 * (k - 8));
                        }
                    }
                    cpu.vreg[2 * rd] = rlo;
                    cpu.vreg[2 * rd + 1] = rhi;
                    return pc + 4;
                }
            };
        });
        b.bind("TBL_v", i -> table(i, false));
        b.bind("TBX_v", i -> table(i, true));

        bindModifiedImmediate(b);
    }

    private static Op toGeneral(Insn i, int size, boolean signed, boolean q) {
        int e = 8 << size;
        int index = i.f("imm5") >>> (size + 1);
        int rd = Reg.zrDest(i.f("rd"));
        int rn = i.f("rn");
        long mask = q ? -1L : 0xFFFFFFFFL;
        return new Op() {
            @Override
            public long exec(Cpu cpu, long pc) {
                FpAccess.checkFpAccess(cpu, pc);
                long v = VReg.lane(cpu, rn, index, e);
                cpu.x[rd] = (signed ? sext(v, e) : v) & mask;
                return pc + 4;
            }
        };
    }

    private static void bindPermute(Bindings b, String name, int kind) {
        b.bind(name, i -> {
            int size = i.f("size");
            boolean q = i.f("q") == 1;
            if (size == 3 && !q) {
                return null;
            }
            int e = 8 << size;
            int rd = i.f("rd");
            int rn = i.f("rn");
            int rm = i.f("rm");
            int elements = (q ? 128 : 64) / e;
            return new Op() {
                @Override
                public long exec(Cpu cpu, long pc) {
                    FpAccess.checkFpAccess(cpu, pc);
                    long nlo = cpu.vreg[2 * rn];
                    long nhi = cpu.vreg[2 * rn + 1];
                    long mlo = cpu.vreg[2 * rm];
                    long mhi = cpu.vreg[2 * rm + 1];
                    long rlo = 0;
                    long rhi = 0;
                    int half = elements / 2;
                    for (int k = 0; k < elements; k++) {
                        long v;
                        switch (kind) {
                            case 0, 1 -> {
                                int base = kind == 0 ? 0 : half;
                                int s = base + k / 2;
                                v = (k & 1) == 0 ? VReg.lane(nlo, nhi, s, e) : VReg.lane(mlo, mhi, s, e);
                            }
                            case 2, 3 -> {
                                int s = 2 * k + (kind - 2);
                                v = s < elements ? VReg.lane(nlo, nhi, s, e) : VReg.lane(mlo, mhi, s - elements, e);
                            }
                            default -> {
                                int p = kind - 4;
                                int s = (k & ~1) + p;
                                v = (k & 1) == 0 ? VReg.lane(nlo, nhi, s, e) : VReg.lane(mlo, mhi, s, e);
                            }
                        }
                        if (k * e < 64) {
                            rlo = VReg.insert(rlo, k, e, v);
                        } else {
                            rhi = VReg.insert(rhi, k, e, v);
                        }
                    }
                    cpu.vreg[2 * rd] = rlo;
                    cpu.vreg[2 * rd + 1] = rhi;
                    return pc + 4;
                }
            };
        });
    }

    private static Op table(Insn i, boolean extension) {
        boolean q = i.f("q") == 1;
        int regs = i.f("len") + 1;
        int rd = i.f("rd");
        int rn = i.f("rn");
        int rm = i.f("rm");
        int bytes = q ? 16 : 8;
        return new Op() {
            @Override
            public long exec(Cpu cpu, long pc) {
                FpAccess.checkFpAccess(cpu, pc);
                long ilo = cpu.vreg[2 * rm];
                long ihi = cpu.vreg[2 * rm + 1];
                long dlo = cpu.vreg[2 * rd];
                long dhi = cpu.vreg[2 * rd + 1];
                long rlo = 0;
                long rhi = 0;
                for (int k = 0; k < bytes; k++) {
                    int idx = (int) VReg.lane(ilo, ihi, k, 8);
                    long v;
                    if (idx < 16 * regs) {
                        int r = (rn + idx / 16) & 31;
                        v = VReg.lane(cpu, r, idx % 16, 8);
                    } else {
                        v = extension ? VReg.lane(dlo, dhi, k, 8) : 0;
                    }
                    if (k < 8) {
                        rlo |= v << (8 * k);
                    } else {
                        rhi |= v << (8 * (k - 8));
                    }
                }
                cpu.vreg[2 * rd] = rlo;
                cpu.vreg[2 * rd + 1] = rhi;
                return pc + 4;
            }
        };
    }

    /** AdvSIMDExpandImm. */
    static long expandImm(int op, int cmode, int imm8) {
        long imm = imm8 & 0xFFL;
        switch (cmode >>> 1) {
            case 0, 1, 2, 3 -> {
                return replicate(imm << (8 * (cmode >>> 1)), 32);
            }
            case 4, 5 -> {
                return replicate(imm << (8 * ((cmode >>> 1) & 1)), 16);
            }
            case 6 -> {
                long v = (cmode & 1) == 0 ? (imm << 8) | 0xFF : (imm << 16) | 0xFFFF;
                return replicate(v, 32);
            }
            default -> {
                if ((cmode & 1) == 0) {
                    if (op == 0) {
                        return replicate(imm, 8);
                    }
                    long r = 0;
                    for (int k = 0; k < 8; k++) {
                        if (((imm8 >>> k) & 1) != 0) {
                            r |= 0xFFL << (8 * k);
                        }
                    }
                    return r;
                }
                if (op == 0) {
                    return replicate(FloatingPoint.expandImm(imm8, 32), 32);
                }
                return FloatingPoint.expandImm(imm8, 64);
            }
        }
    }

    private static void bindModifiedImmediate(Bindings b) {
        String[] names = {"MOVI_v_32", "MOVI_v_16", "MOVI_v_msl", "MOVI_v_8", "MOVI_v_64", "MVNI_v_32",
            "MVNI_v_16", "MVNI_v_msl", "ORR_v_imm32", "ORR_v_imm16", "BIC_v_imm32", "BIC_v_imm16", "FMOV_v_imm"};
        for (String name : names) {
            b.bind(name, i -> {
                int op = (i.bits() >>> 29) & 1;
                int cmode = (i.bits() >>> 12) & 0xF;
                int imm8 = (i.f("abc") << 5) | i.f("defgh");
                boolean q = i.f("q") == 1;
                if (name.equals("FMOV_v_imm") && op == 1 && !q) {
                    return null;
                }
                long imm = expandImm(op, cmode, imm8);
                int kind = name.startsWith("MOVI") || name.startsWith("FMOV") ? 0
                        : name.startsWith("MVNI") ? 1 : name.startsWith("ORR") ? 2 : 3;
                int rd = i.f("rd");
                return new Op() {
                    @Override
                    public long exec(Cpu cpu, long pc) {
                        FpAccess.checkFpAccess(cpu, pc);
                        long lo = cpu.vreg[2 * rd];
                        long hi = cpu.vreg[2 * rd + 1];
                        switch (kind) {
                            case 0 -> {
                                lo = imm;
                                hi = imm;
                            }
                            case 1 -> {
                                lo = ~imm;
                                hi = ~imm;
                            }
                            case 2 -> {
                                lo |= imm;
                                hi |= imm;
                            }
                            default -> {
                                lo &= ~imm;
                                hi &= ~imm;
                            }
                        }
                        cpu.vreg[2 * rd] = lo;
                        cpu.vreg[2 * rd + 1] = q ? hi : 0;
                        return pc + 4;
                    }
                };
            });
        }
    }

    // =======================================================================================
    // Shift by immediate
    // =======================================================================================

    private static void bindShiftImmediate(Bindings b) {
        // Right shifts: amount = 2*esize - immh:immb; left shifts: immh:immb - esize.
        bindShift(b, "SSHR", false, (d, x, s, e, c) -> sshr(x, (int) s, e));
        bindShift(b, "USHR", false, (d, x, s, e, c) -> ushr(x, (int) s, e));
        bindShift(b, "SSRA", false, (d, x, s, e, c) -> d + sshr(x, (int) s, e));
        bindShift(b, "USRA", false, (d, x, s, e, c) -> d + ushr(x, (int) s, e));
        bindShift(b, "SRSHR", false, (d, x, s, e, c) -> srshr(x, (int) s, e));
        bindShift(b, "URSHR", false, (d, x, s, e, c) -> urshr(x, (int) s, e));
        bindShift(b, "SRSRA", false, (d, x, s, e, c) -> d + srshr(x, (int) s, e));
        bindShift(b, "URSRA", false, (d, x, s, e, c) -> d + urshr(x, (int) s, e));
        bindShift(b, "SRI", false, (d, x, s, e, c) -> {
            int sh = (int) s;
            long m = sh >= 64 ? 0 : emask(e) >>> sh;
            return (d & ~m) | ushr(x, sh, e);
        });
        bindShift(b, "SHL", true, (d, x, s, e, c) -> x << s);
        bindShift(b, "SLI", true, (d, x, s, e, c) -> (d & ((1L << s) - 1)) | (x << s));
        bindShift(b, "SQSHLU", true, (d, x, s, e, c) -> SimdLanes.shiftLeftSat(sext(x, e), (int) s, e, false, true, c));
        bindShift(b, "SQSHL_imm", true, (d, x, s, e, c) -> SimdLanes.shiftLeftSat(sext(x, e), (int) s, e, false, false, c));
        bindShift(b, "UQSHL_imm", true, (d, x, s, e, c) -> SimdLanes.shiftLeftSat(x, (int) s, e, true, true, c));

        bindNarrowShift(b, "SHRN", false, (d, x, s, e, c) -> x >>> s, false);
        bindNarrowShift(b, "RSHRN", false, (d, x, s, e, c) -> urshr(x, (int) s, 2 * e), false);
        bindNarrowShift(b, "SQSHRN", true, (d, x, s, e, c) -> SimdLanes.satS(sshr(x, (int) s, 2 * e), e, c), true);
        bindNarrowShift(b, "SQRSHRN", true, (d, x, s, e, c) -> SimdLanes.satS(srshr(x, (int) s, 2 * e), e, c), true);
        bindNarrowShift(b, "UQSHRN", true, (d, x, s, e, c) -> uqxtn(ushr(x, (int) s, 2 * e), e, c), true);
        bindNarrowShift(b, "UQRSHRN", true, (d, x, s, e, c) -> uqxtn(urshr(x, (int) s, 2 * e), e, c), true);
        bindNarrowShift(b, "SQSHRUN", true, (d, x, s, e, c) -> SimdLanes.satU(sshr(x, (int) s, 2 * e), e, c), true);
        bindNarrowShift(b, "SQRSHRUN", true, (d, x, s, e, c) -> SimdLanes.satU(srshr(x, (int) s, 2 * e), e, c), true);

        for (String name : new String[] {"SSHLL_v", "USHLL_v"}) {
            boolean signed = name.startsWith("S");
            b.bind(name, i -> {
                int immh = i.f("immh");
                if (immh == 0 || immh >= 8) {
                    return null;
                }
                int e = 8 << (31 - Integer.numberOfLeadingZeros(immh));
                int sh = ((immh << 3) | i.f("immb")) - e;
                return new LongLanes(i.f("rd"), i.f("rn"), i.f("rn"), e, i.f("q") == 1, false, false,
                        LaneKernels.tag((signed ? LaneKernels.SSHLL : LaneKernels.USHLL) + sh,
                                (d, x, y, e2, c) -> (signed ? sext(x, e2) : x) << sh));
            });
        }
        bindFixed(b, "SCVTF", (x, fb, e, c) -> FPArithmetic.fromFixed(x, e, fb, false, e, FPArithmetic.rmode(c), c));
        bindFixed(b, "UCVTF", (x, fb, e, c) -> FPArithmetic.fromFixed(x, e, fb, true, e, FPArithmetic.rmode(c), c));
        bindFixed(b, "FCVTZS", (x, fb, e, c) -> FPArithmetic.toFixed(x, e, fb, false, FPArithmetic.RZ, e, c));
        bindFixed(b, "FCVTZU", (x, fb, e, c) -> FPArithmetic.toFixed(x, e, fb, true, FPArithmetic.RZ, e, c));
    }

    static long sshr(long x, int s, int e) {
        long v = sext(x, e);
        return s >= 64 ? v >> 63 : v >> s;
    }

    static long ushr(long x, int s, int e) {
        return s >= 64 ? 0 : (x & emask(e)) >>> s;
    }

    static long srshr(long x, int s, int e) {
        long v = sext(x, e);
        long round = s > 64 ? 0 : (v >> (s - 1)) & 1;
        return sshr(x, s, e) + round;
    }

    static long urshr(long x, int s, int e) {
        long v = x & emask(e);
        long round = s > 64 ? 0 : (v >>> (s - 1)) & 1;
        return ushr(x, s, e) + round;
    }

    /** Element size (bits) from immh, or 0 when immh is zero. */
    private static int shiftEsize(int immh) {
        return immh == 0 ? 0 : 8 << (31 - Integer.numberOfLeadingZeros(immh));
    }

    private static void bindShift(Bindings b, String base, boolean left, Lane f) {
        String v = base.endsWith("_imm") ? base.replace("_imm", "_v_imm") : base + "_v";
        String s = base.endsWith("_imm") ? base.replace("_imm", "_vs_imm") : base + "_vs";
        boolean scalarAnySize = base.startsWith("SQ") || base.startsWith("UQ");
        b.bind(v, i -> {
            int e = shiftEsize(i.f("immh"));
            boolean q = i.f("q") == 1;
            if (e == 0 || (e == 64 && !q)) {
                return null;
            }
            int amount = left ? ((i.f("immh") << 3) | i.f("immb")) - e : 2 * e - ((i.f("immh") << 3) | i.f("immb"));
            return new SameLanes(i.f("rd"), i.f("rn"), i.f("rn"), e, q, false,
                    (d, x, y, e2, c) -> f.apply(d, x, amount, e2, c));
        });
        b.bind(s, i -> {
            int e = shiftEsize(i.f("immh"));
            if (e == 0 || (e != 64 && !scalarAnySize)) {
                return null;
            }
            int amount = left ? ((i.f("immh") << 3) | i.f("immb")) - e : 2 * e - ((i.f("immh") << 3) | i.f("immb"));
            return new SameLanes(i.f("rd"), i.f("rn"), i.f("rn"), e, false, true,
                    (d, x, y, e2, c) -> f.apply(d, x, amount, e2, c));
        });
    }

    private static void bindNarrowShift(Bindings b, String base, boolean scalarToo, Lane f, boolean unused) {
        b.bind(base + "_v", i -> narrowShift(i, false, f));
        if (scalarToo) {
            b.bind(base + "_vs", i -> narrowShift(i, true, f));
        }
    }

    private static Op narrowShift(Insn i, boolean scalar, Lane f) {
        int immh = i.f("immh");
        if (immh == 0 || immh >= 8) {
            return null;
        }
        int e = shiftEsize(immh);
        int amount = 2 * e - ((immh << 3) | i.f("immb"));
        return new NarrowLanes(i.f("rd"), i.f("rn"), i.f("rn"), e, !scalar && i.f("q") == 1, scalar,
                (d, x, y, e2, c) -> f.apply(0, x, amount, e2, c));
    }

    @FunctionalInterface
    interface FixedLane {
        long apply(long x, int fbits, int e, Cpu cpu);
    }

    private static void bindFixed(Bindings b, String base, FixedLane f) {
        for (boolean scalar : new boolean[] {false, true}) {
            b.bind(base + (scalar ? "_vsfix" : "_vfix"), i -> {
                int immh = i.f("immh");
                if (immh < 4) {
                    return null;
                }
                int e = immh >= 8 ? 64 : 32;
                boolean q = !scalar && i.f("q") == 1;
                if (!scalar && e == 64 && !q) {
                    return null;
                }
                int fbits = 2 * e - ((immh << 3) | i.f("immb"));
                return new SameLanes(i.f("rd"), i.f("rn"), i.f("rn"), e, q, scalar,
                        (d, x, y, e2, c) -> f.apply(x, fbits, e2, c));
            });
        }
    }

    // =======================================================================================
    // By element
    // =======================================================================================

    private static void bindByElement(Bindings b) {
        bindElt(b, "MUL_elt", false, (d, x, y, e, c) -> x * y);
        bindElt(b, "MLA_elt", false, (d, x, y, e, c) -> d + x * y);
        bindElt(b, "MLS_elt", false, (d, x, y, e, c) -> d - x * y);
        bindElt(b, "SQDMULH_elt", false, (d, x, y, e, c) -> SimdLanes.qdmulh(x, y, e, false, c));
        bindElt(b, "SQRDMULH_elt", false, (d, x, y, e, c) -> SimdLanes.qdmulh(x, y, e, true, c));
        bindElt(b, "SQDMULH_elts", true, (d, x, y, e, c) -> SimdLanes.qdmulh(x, y, e, false, c));
        bindElt(b, "SQRDMULH_elts", true, (d, x, y, e, c) -> SimdLanes.qdmulh(x, y, e, true, c));
        bindFpElt(b, "FMUL", (d, x, y, e, c) -> FPArithmetic.mul(x, y, e, c));
        bindFpElt(b, "FMULX", (d, x, y, e, c) -> FPArithmetic.mulX(x, y, e, c));
        bindFpElt(b, "FMLA", (d, x, y, e, c) -> FPArithmetic.mulAdd(d, x, y, e, c));
        bindFpElt(b, "FMLS", (d, x, y, e, c) -> FPArithmetic.mulAdd(d, x ^ FPArithmetic.signBit(e), y, e, c));
        bindLongElt(b, "SMULL_elt", (d, x, y, e, c) -> sext(x, e) * sext(y, e));
        bindLongElt(b, "UMULL_elt", (d, x, y, e, c) -> x * y);
        bindLongElt(b, "SMLAL_elt", (d, x, y, e, c) -> d + sext(x, e) * sext(y, e));
        bindLongElt(b, "UMLAL_elt", (d, x, y, e, c) -> d + x * y);
        bindLongElt(b, "SMLSL_elt", (d, x, y, e, c) -> d - sext(x, e) * sext(y, e));
        bindLongElt(b, "UMLSL_elt", (d, x, y, e, c) -> d - x * y);
        bindLongElt(b, "SQDMULL_elt", (d, x, y, e, c) -> qdmull(x, y, e, c));
        bindLongElt(b, "SQDMLAL_elt", (d, x, y, e, c) -> SimdLanes.qadd(d, qdmull(x, y, e, c), 2 * e, false, c));
        bindLongElt(b, "SQDMLSL_elt", (d, x, y, e, c) -> SimdLanes.qsub(d, qdmull(x, y, e, c), 2 * e, false, c));
        bindLongElt(b, "SQDMULL_elts", (d, x, y, e, c) -> qdmull(x, y, e, c));
        bindLongElt(b, "SQDMLAL_elts", (d, x, y, e, c) -> SimdLanes.qadd(d, qdmull(x, y, e, c), 2 * e, false, c));
        bindLongElt(b, "SQDMLSL_elts", (d, x, y, e, c) -> SimdLanes.qsub(d, qdmull(x, y, e, c), 2 * e, false, c));
    }

    /** The integer by-element index and register: size 01 uses H:L:M and Rm<3:0>, size 10 H:L and M:Rm. */
    private static int[] intIndex(Insn i) {
        int size = i.f("size");
        int h = i.f("H");
        int l = i.f("L");
        int m = i.f("M");
        if (size == 1) {
            return new int[] {(h << 2) | (l << 1) | m, i.f("rm")};
        }
        if (size == 2) {
            return new int[] {(h << 1) | l, (m << 4) | i.f("rm")};
        }
        return null;
    }

    /** By-element ops: Vm's lane {@code index} is broadcast, then the same-lane op runs. */
    static final class ByElement extends Op {
        private final int rd;
        private final int rn;
        private final int rm;
        private final int index;
        private final int e;
        private final boolean q;
        private final boolean scalar;
        private final Lane f;

        ByElement(int rd, int rn, int rm, int index, int e, boolean q, boolean scalar, Lane f) {
            this.rd = rd;
            this.rn = rn;
            this.rm = rm;
            this.index = index;
            this.e = e;
            this.q = q;
            this.scalar = scalar;
            this.f = f;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            FpAccess.checkFpAccess(cpu, pc);
            long y = VReg.lane(cpu, rm, index, e);
            long m = emask(e);
            long[] v = cpu.vreg;
            if (scalar) {
                VReg.setScalar(cpu, rd, f.apply(v[2 * rd] & m, v[2 * rn] & m, y, e, cpu), e);
                return pc + 4;
            }
            long rlo = 0;
            long rhi = 0;
            long nlo = v[2 * rn];
            long nhi = v[2 * rn + 1];
            long dlo = v[2 * rd];
            long dhi = v[2 * rd + 1];
            for (int sh = 0; sh < 64; sh += e) {
                rlo |= (f.apply((dlo >>> sh) & m, (nlo >>> sh) & m, y, e, cpu) & m) << sh;
                if (q) {
                    rhi |= (f.apply((dhi >>> sh) & m, (nhi >>> sh) & m, y, e, cpu) & m) << sh;
                }
            }
            v[2 * rd] = rlo;
            v[2 * rd + 1] = rhi;
            return pc + 4;
        }
    }

    private static void bindElt(Bindings b, String name, boolean scalar, Lane f) {
        b.bind(name, i -> {
            int[] ix = intIndex(i);
            if (ix == null) {
                return null;
            }
            return new ByElement(i.f("rd"), i.f("rn"), ix[1], ix[0], 8 << i.f("size"), !scalar && i.f("q") == 1, scalar, f);
        });
    }

    private static void bindFpElt(Bindings b, String base, Lane f) {
        for (boolean scalar : new boolean[] {false, true}) {
            b.bind(base + (scalar ? "_elts" : "_elt"), i -> {
                int size = i.f("size");
                int sz = size & 1;
                if (size < 2) {
                    return null; // size 00 is FP16 (v8.2)
                }
                int l = i.f("L");
                int h = i.f("H");
                boolean q = !scalar && i.f("q") == 1;
                if (sz == 1 && (l == 1 || (!scalar && !q))) {
                    return null;
                }
                int index = sz == 1 ? h : (h << 1) | l;
                int rm = (i.f("M") << 4) | i.f("rm");
                return new ByElement(i.f("rd"), i.f("rn"), rm, index, sz == 1 ? 64 : 32, q, scalar, f);
            });
        }
    }

    private static void bindLongElt(Bindings b, String name, Lane f) {
        boolean scalar = name.endsWith("_elts");
        b.bind(name, i -> {
            int[] ix = intIndex(i);
            if (ix == null) {
                return null;
            }
            int e = 8 << i.f("size");
            int index = ix[0];
            int rmReg = ix[1];
            boolean upper = !scalar && i.f("q") == 1;
            return new LongByElement(i.f("rd"), i.f("rn"), rmReg, index, e, upper, scalar, f);
        });
    }

    /** Long by-element: 2e-bit lanes from e-bit lanes of a half of Vn and one lane of Vm. */
    static final class LongByElement extends Op {
        private final int rd;
        private final int rn;
        private final int rm;
        private final int index;
        private final int e;
        private final boolean upper;
        private final boolean scalar;
        private final Lane f;

        LongByElement(int rd, int rn, int rm, int index, int e, boolean upper, boolean scalar, Lane f) {
            this.rd = rd;
            this.rn = rn;
            this.rm = rm;
            this.index = index;
            this.e = e;
            this.upper = upper;
            this.scalar = scalar;
            this.f = f;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            FpAccess.checkFpAccess(cpu, pc);
            long[] v = cpu.vreg;
            long y = VReg.lane(cpu, rm, index, e);
            int e2 = 2 * e;
            long m2 = emask(e2);
            if (scalar) {
                VReg.setScalar(cpu, rd, f.apply(v[2 * rd] & m2, v[2 * rn] & emask(e), y, e, cpu) & m2, e2);
                return pc + 4;
            }
            long nh = v[2 * rn + (upper ? 1 : 0)];
            long dlo = v[2 * rd];
            long dhi = v[2 * rd + 1];
            long rlo = 0;
            long rhi = 0;
            int elements = 64 / e;
            for (int k = 0; k < elements; k++) {
                long x = (nh >>> (k * e)) & emask(e);
                long r = f.apply(VReg.lane(dlo, dhi, k, e2), x, y, e, cpu) & m2;
                if (k * e2 < 64) {
                    rlo = VReg.insert(rlo, k, e2, r);
                } else {
                    rhi = VReg.insert(rhi, k, e2, r);
                }
            }
            v[2 * rd] = rlo;
            v[2 * rd + 1] = rhi;
            return pc + 4;
        }
    }
}
