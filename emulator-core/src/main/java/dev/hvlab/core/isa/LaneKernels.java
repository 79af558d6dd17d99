package dev.hvlab.core.isa;

import static dev.hvlab.core.isa.SimdLanes.ones;
import static dev.hvlab.core.isa.SimdLanes.sext;

import dev.hvlab.core.cpu.Cpu;

/**
 * Statically dispatched lane kernels for the hottest AdvSIMD operations. The generic lane ops
 * ({@link AdvancedSimd.SameLanes}, {@link AdvancedSimd.LongLanes}) call their {@link AdvancedSimd.Lane}
 * once per lane through an interface that sees every bound lambda, so the JIT can neither inline
 * nor devirtualise it. A lane function bound with {@link #tag} carries a kernel number; the lane
 * op then runs the switch below instead, whose cases are the tagged lambdas' own expressions
 * (plus SWAR forms for whole-half add, sub and the bitwise operations), so the bits are the same.
 */
final class LaneKernels {
    static final int NONE = 0;
    // Same-size kernels.
    static final int ADD = 1, SUB = 2, CMEQ = 3, CMGT = 4, CMHI = 5, CMGE = 6, CMHS = 7, UMIN = 8, UMAX = 9,
            SMIN = 10, SMAX = 11, MUL = 12, CMLT0 = 13, CMEQ0 = 14, UABD = 15,
            AND = 20, ORR = 21, EOR = 22, BIC = 23, ORN = 24, BSL = 25, BIT = 26, BIF = 27,
            FADD = 40, FSUB = 41, FMUL = 42, FDIV = 43, FMLA = 44, FMLS = 45;
    // Long (2e-bit result) kernels.
    static final int SADDL = 60, UADDL = 61, SSUBL = 62, USUBL = 63, SADDW = 64, UADDW = 65, SSUBW = 66,
            USUBW = 67, SMULL = 68, UMULL = 69, SMLAL = 70, UMLAL = 71, UABAL = 72, UABDL = 73;
    /** SSHLL/USHLL (SXTL/UXTL when 0) by a shift: the kernel number plus the shift (below 32). */
    static final int SSHLL = 100, USHLL = 200;

    private LaneKernels() {
    }

    /** A lane function labelled with the kernel that computes the same thing. */
    record Tagged(int kernel, AdvancedSimd.Lane f) implements AdvancedSimd.Lane {
        @Override
        public long apply(long d, long a, long b, int e, Cpu cpu) {
            return f.apply(d, a, b, e, cpu);
        }
    }

    static AdvancedSimd.Lane tag(int kernel, AdvancedSimd.Lane f) {
        return new Tagged(kernel, f);
    }

    static int kernelOf(AdvancedSimd.Lane f) {
        return f instanceof Tagged t ? t.kernel() : NONE;
    }

    /** Bit (e-1) of every e-bit lane. */
    private static long highBits(int e) {
        return switch (e) {
            case 8 -> 0x8080808080808080L;
            case 16 -> 0x8000800080008000L;
            case 32 -> 0x8000000080000000L;
            default -> 0x8000000000000000L;
        };
    }

    /**
     * One 64-bit half of a same-size op. SWAR add/sub: adding the lanes without their top bits
     * cannot carry across lanes, and the top bit of each lane sum is then the xor of the operands'
     * top bits and that carry, i.e. the lane-wise sum modulo 2^e.
     */
    static long sameHalf(int k, long d, long a, long b, int e, Cpu cpu) {
        switch (k) {
            case ADD -> {
                long h = highBits(e);
                return ((a & ~h) + (b & ~h)) ^ ((a ^ b) & h);
            }
            case SUB -> {
                long h = highBits(e);
                return ((a | h) - (b & ~h)) ^ ((a ^ ~b) & h);
            }
            case AND -> {
                return a & b;
            }
            case ORR -> {
                return a | b;
            }
            case EOR -> {
                return a ^ b;
            }
            case BIC -> {
                return a & ~b;
            }
            case ORN -> {
                return a | ~b;
            }
            case BSL -> {
                return (a & d) | (b & ~d);
            }
            case BIT -> {
                return (a & b) | (d & ~b);
            }
            case BIF -> {
                return (d & b) | (a & ~b);
            }
            default -> {
                if (e == 64) {
                    return same(k, d, a, b, 64, cpu);
                }
                long m = (1L << e) - 1;
                long r = 0;
                for (int sh = 0; sh < 64; sh += e) {
                    r |= (same(k, (d >>> sh) & m, (a >>> sh) & m, (b >>> sh) & m, e, cpu) & m) << sh;
                }
                return r;
            }
        }
    }

    /** One lane of a same-size kernel (operands zero-extended, as the Lane lambdas receive them). */
    private static long same(int k, long d, long x, long y, int e, Cpu c) {
        return switch (k) {
            case CMEQ -> ones(x == y);
            case CMGT -> ones(sext(x, e) > sext(y, e));
            case CMGE -> ones(sext(x, e) >= sext(y, e));
            case CMHI -> ones(Long.compareUnsigned(x, y) > 0);
            case CMHS -> ones(Long.compareUnsigned(x, y) >= 0);
            case UMIN -> Math.min(x, y);
            case UMAX -> Math.max(x, y);
            case SMIN -> Math.min(sext(x, e), sext(y, e));
            case SMAX -> Math.max(sext(x, e), sext(y, e));
            case MUL -> x * y;
            case UABD -> Math.abs(x - y);
            case CMLT0 -> ones(sext(x, e) < 0);
            case CMEQ0 -> ones(x == 0);
            case FADD -> FPArithmetic.add(x, y, e, c);
            case FSUB -> FPArithmetic.sub(x, y, e, c);
            case FMUL -> FPArithmetic.mul(x, y, e, c);
            case FDIV -> FPArithmetic.div(x, y, e, c);
            case FMLA -> FPArithmetic.mulAdd(d, x, y, e, c);
            case FMLS -> FPArithmetic.mulAdd(d, x ^ FPArithmetic.signBit(e), y, e, c);
            default -> throw new IllegalStateException("kernel " + k);
        };
    }

    /** One lane of a long kernel: e-bit x and y (x 2e bits for the W forms), 2e-bit accumulator d. */
    static long wide(int k, long d, long x, long y, int e) {
        return switch (k) {
            case SADDL -> sext(x, e) + sext(y, e);
            case UADDL -> x + y;
            case SSUBL -> sext(x, e) - sext(y, e);
            case USUBL -> x - y;
            case SADDW -> x + sext(y, e);
            case UADDW -> x + y;
            case SSUBW -> x - sext(y, e);
            case USUBW -> x - y;
            case SMULL -> sext(x, e) * sext(y, e);
            case UMULL -> x * y;
            case SMLAL -> d + sext(x, e) * sext(y, e);
            case UMLAL -> d + x * y;
            case UABAL -> d + Math.abs(x - y);
            case UABDL -> Math.abs(x - y);
            default -> {
                if (k >= USHLL) {
                    yield x << (k - USHLL);
                }
                if (k >= SSHLL) {
                    yield sext(x, e) << (k - SSHLL);
                }
                throw new IllegalStateException("kernel " + k);
            }
        };
    }
}
