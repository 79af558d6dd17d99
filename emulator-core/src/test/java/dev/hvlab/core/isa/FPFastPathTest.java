package dev.hvlab.core.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.mem.PhysicalMemory;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fast paths of {@link FPFastPath} (taken by FPArithmetic in round-to-nearest without
 * flush-to-zero) against FPArithmetic's exact integer path, which FpSimdOracleTest checks against
 * qemu: same result bits and same FPSR for operands aimed at the fast paths' limits (exponents
 * near the error-grid guards, overflow and underflow, cancellation, exact results, midpoints).
 * -Dhvlab.fpFast.count (default 200000 per operation and width) and -Dhvlab.fpFast.seed widen or replay.
 */
class FPFastPathTest {
    private static final int COUNT = Integer.getInteger("hvlab.fpFast.count", 200_000);
    private Cpu cpu;
    private Random r;
    private long seed;

    @BeforeEach
    void setUp() {
        cpu = new Cpu(0, new PhysicalMemory(), A64.decoder());
        seed = Long.getLong("hvlab.fpFast.seed", System.nanoTime());
        r = new Random(seed);
    }

    @FunctionalInterface
    interface Op3 {
        long apply(long a, long b, long c, int n, Cpu cpu);
    }

    /** An operand of width n: random bits, few-bit significands, or exponents at the edges. */
    private long operand(int n) {
        int fb = FPArithmetic.fracBits(n);
        int eb = FPArithmetic.expBits(n);
        int emax = (1 << eb) - 1;
        long frac = switch (r.nextInt(4)) {
            case 0 -> r.nextLong() & ((1L << fb) - 1);
            case 1 -> (r.nextLong() & ((1L << fb) - 1)) & (-1L << (fb - r.nextInt(6))); // few bits: exact results
            case 2 -> ((1L << fb) - 1) - r.nextInt(4); // all ones: carries and ties
            default -> r.nextInt(4);
        };
        int exp = switch (r.nextInt(6)) {
            case 0 -> r.nextInt(emax + 1);
            case 1 -> r.nextInt(8); // subnormal and smallest normals
            case 2 -> emax - 1 - r.nextInt(8); // near overflow
            case 3 -> (emax >> 1) + r.nextInt(41) - 20; // around 1.0
            case 4 -> n == 64 ? 538 + r.nextInt(9) - 4 : 63 + r.nextInt(9) - 4; // sqrt guard; 1076 = 2 * 538
            default -> n == 64 ? 1076 - 1023 + r.nextInt(41) - 20 : r.nextInt(40); // products near the grid guard
        };
        long v = ((long) exp << fb) | frac;
        return r.nextBoolean() ? v : v | FPArithmetic.signBit(n);
    }

    /** A second operand related to {@code a}: equal to it or neighbours (cancellation, exact ties) half of the time. */
    private long related(long a, int n) {
        if (r.nextBoolean()) {
            return operand(n);
        }
        long v = (a + r.nextInt(9) - 4) & FPArithmetic.mask(n);
        return r.nextBoolean() ? v : v ^ FPArithmetic.signBit(n);
    }

    private void check(String name, int n, Op3 fast, Op3 exact, int arity) {
        int fastTaken = 0;
        for (int i = 0; i < COUNT; i++) {
            long a = operand(n);
            long b = related(a, n);
            long c = arity == 3 ? (r.nextInt(3) == 0 ? productNeighbour(a, b, n) : related(a, n)) : 0;
            cpu.fpcr = 0;
            cpu.fpsr = 0;
            long want = exact.apply(a, b, c, n, cpu);
            int wantFlags = cpu.fpsr;
            cpu.fpsr = 0;
            long got = fast.apply(a, b, c, n, cpu);
            int gotFlags = cpu.fpsr;
            int k = i;
            assertEquals(want, got, () -> String.format("%s/%d #%d %x %x %x: result (seed %d)", name, n, k, a, b, c, seed));
            assertEquals(wantFlags, gotFlags, () -> String.format("%s/%d #%d %x %x %x: FPSR (seed %d)", name, n, k, a, b, c, seed));
            cpu.fpsr = 0;
            if (lastFast.apply(a, b, c, n, cpu) != FPFastPath.NO) {
                fastTaken++;
            }
        }
        int taken = fastTaken;
        assertTrue(taken > COUNT / 10, () -> name + "/" + n + ": fast path taken only " + taken + " times");
    }

    /** The fast path alone, to count how often it answers. */
    private Op3 lastFast;

    /** An addend close to -(a*b), so that the fused sum cancels. */
    private long productNeighbour(long a, long b, int n) {
        cpu.fpcr = 0;
        long p = FPArithmetic.mulExact(a, b, n, cpu);
        cpu.fpsr = 0;
        long v = (p + r.nextInt(5) - 2) & FPArithmetic.mask(n);
        return v ^ FPArithmetic.signBit(n);
    }

    private void run(String name, Op3 fastPath, Op3 viaArithmetic, Op3 exact, int arity) {
        lastFast = fastPath;
        check(name, 64, viaArithmetic, exact, arity);
        check(name, 32, viaArithmetic, exact, arity);
    }

    @Test
    void addAndSubMatchTheExactPath() {
        run("add", (a, b, c, n, k) -> FPFastPath.add(a, b, n, k), (a, b, c, n, k) -> FPArithmetic.add(a, b, n, k),
                (a, b, c, n, k) -> FPArithmetic.addExact(a, b, n, k), 2);
        run("sub", (a, b, c, n, k) -> FPFastPath.add(a, b ^ FPArithmetic.signBit(n), n, k),
                (a, b, c, n, k) -> FPArithmetic.sub(a, b, n, k),
                (a, b, c, n, k) -> FPArithmetic.isNaN(a, n) || FPArithmetic.isNaN(b, n)
                        ? FPArithmetic.sub(a, b, n, k) // NaNs propagate unnegated, never on the fast path
                        : FPArithmetic.addExact(a, b ^ FPArithmetic.signBit(n), n, k), 2);
    }

    @Test
    void mulMatchesTheExactPath() {
        run("mul", (a, b, c, n, k) -> FPFastPath.mul(a, b, n, k), (a, b, c, n, k) -> FPArithmetic.mul(a, b, n, k),
                (a, b, c, n, k) -> FPArithmetic.mulExact(a, b, n, k), 2);
    }

    @Test
    void divMatchesTheExactPath() {
        run("div", (a, b, c, n, k) -> FPFastPath.div(a, b, n, k), (a, b, c, n, k) -> FPArithmetic.div(a, b, n, k),
                (a, b, c, n, k) -> FPArithmetic.divExact(a, b, n, k), 2);
    }

    @Test
    void sqrtMatchesTheExactPath() {
        run("sqrt", (a, b, c, n, k) -> FPFastPath.sqrt(a & ~FPArithmetic.signBit(n), n, k),
                (a, b, c, n, k) -> FPArithmetic.sqrt(a & ~FPArithmetic.signBit(n), n, k),
                (a, b, c, n, k) -> FPArithmetic.sqrtExact(a & ~FPArithmetic.signBit(n), n, k), 1);
    }

    @Test
    void fusedMultiplyAddMatchesTheExactPath() {
        run("mulAdd", (a, b, c, n, k) -> FPFastPath.mulAdd(c, a, b, n, k),
                (a, b, c, n, k) -> FPArithmetic.mulAdd(c, a, b, n, k),
                (a, b, c, n, k) -> FPArithmetic.mulAdd(c, a, b, n, k, 0), 3);
    }

    @Test
    void conversionsMatchTheExactPath() {
        lastFast = (a, b, c, n, k) -> FPFastPath.convert(a, 64, 32, k);
        check("fcvt d->s", 64, (a, b, c, n, k) -> FPArithmetic.convert(a, 64, 32, FPArithmetic.RN, k),
                (a, b, c, n, k) -> FPArithmetic.convertExact(a, 64, 32, FPArithmetic.RN, k), 1);
        lastFast = (a, b, c, n, k) -> FPFastPath.convert(a, 32, 64, k);
        check("fcvt s->d", 32, (a, b, c, n, k) -> FPArithmetic.convert(a, 32, 64, FPArithmetic.RN, k),
                (a, b, c, n, k) -> FPArithmetic.convertExact(a, 32, 64, FPArithmetic.RN, k), 1);
        for (int m : new int[] {32, 64}) {
            for (boolean unsigned : new boolean[] {false, true}) {
                int fbits = r.nextInt(m + 1);
                lastFast = (a, b, c, n, k) -> FPFastPath.toFixedRZ(a, n, fbits, unsigned, m, k);
                Op3 via = (a, b, c, n, k) -> FPArithmetic.toFixed(a, n, fbits, unsigned, FPArithmetic.RZ, m, k);
                Op3 exact = (a, b, c, n, k) -> FPArithmetic.toFixedExact(a, n, fbits, unsigned, FPArithmetic.RZ, m, k);
                checkConversion("fcvtz" + (unsigned ? "u" : "s") + m, 64, via, exact);
                checkConversion("fcvtz" + (unsigned ? "u" : "s") + m, 32, via, exact);
                Op3 from = (a, b, c, n, k) -> FPArithmetic.fromFixed(a, m, fbits, unsigned, n, FPArithmetic.RN, k);
                for (int n : new int[] {32, 64}) {
                    for (int i = 0; i < COUNT; i++) {
                        long v = integer();
                        cpu.fpsr = 0;
                        long got = from.apply(v, 0, 0, n, cpu);
                        int gotFlags = cpu.fpsr;
                        long want = roundNearestByDirectedModes(v, m, fbits, unsigned, n);
                        int wantFlags = cpu.fpsr;
                        long vv = v;
                        assertEquals(want, got, () -> String.format("cvtf %x m=%d fbits=%d u=%b n=%d (seed %d)", vv, m, fbits, unsigned, n, seed));
                        assertEquals(wantFlags, gotFlags, () -> String.format("cvtf flags %x (seed %d)", vv, seed));
                    }
                }
            }
        }
    }

    private void checkConversion(String name, int n, Op3 via, Op3 exact) {
        for (int i = 0; i < COUNT; i++) {
            long a = operand(n);
            cpu.fpcr = 0;
            cpu.fpsr = 0;
            long want = exact.apply(a, 0, 0, n, cpu);
            int wantFlags = cpu.fpsr;
            cpu.fpsr = 0;
            long got = via.apply(a, 0, 0, n, cpu);
            assertEquals(want, got, () -> String.format("%s/%d %x (seed %d)", name, n, a, seed));
            assertEquals(wantFlags, cpu.fpsr, () -> String.format("%s/%d %x: FPSR (seed %d)", name, n, a, seed));
        }
    }

    private long integer() {
        return switch (r.nextInt(4)) {
            case 0 -> r.nextLong();
            case 1 -> r.nextLong() >> r.nextInt(64);
            case 2 -> (r.nextLong() >> r.nextInt(64)) & (-1L << r.nextInt(64));
            default -> FpEdgeValues.gpr(r);
        };
    }

    /**
     * FixedToFP in round-to-nearest without using it: the exact path rounds down (RM) and up
     * (RP); when they differ, the nearer one (ties to the even significand) is the answer.
     */
    private long roundNearestByDirectedModes(long v, int m, int fbits, boolean unsigned, int n) {
        int before = cpu.fpsr;
        long down = FPArithmetic.fromFixed(v, m, fbits, unsigned, n, FPArithmetic.RM, cpu);
        long up = FPArithmetic.fromFixed(v, m, fbits, unsigned, n, FPArithmetic.RP, cpu);
        int flags = cpu.fpsr;
        cpu.fpsr = before | flags;
        if (down == up) {
            return down;
        }
        // |down| and |up| are adjacent; compare the exact value's distance with BigDecimal.
        java.math.BigDecimal exactValue = new java.math.BigDecimal(m == 32
                ? java.math.BigInteger.valueOf(unsigned ? v & 0xFFFFFFFFL : (int) v)
                : unsigned ? new java.math.BigInteger(Long.toUnsignedString(v)) : java.math.BigInteger.valueOf(v))
                .divide(java.math.BigDecimal.valueOf(2).pow(fbits));
        java.math.BigDecimal dd = exactValue.subtract(big(down, n)).abs();
        java.math.BigDecimal du = exactValue.subtract(big(up, n)).abs();
        int c = dd.compareTo(du);
        if (c != 0) {
            return c < 0 ? down : up;
        }
        return (down & 1) == 0 ? down : up;
    }

    private static java.math.BigDecimal big(long bits, int n) {
        return new java.math.BigDecimal(FPArithmetic.value(bits, n));
    }
}
