package dev.hvlab.core.time;

import java.math.BigInteger;

/**
 * Converts between a clock domain's cycles and simulated time (picoseconds). The ratio is kept as a
 * reduced fraction and conversions are exact integer arithmetic on the whole count (never
 * accumulated per cycle), so a 1.2 GHz clock (2500/3 ps per cycle) does not drift.
 */
public final class Clock {
    private final long hz;
    /** Picoseconds per cycle = psNum / psDen, reduced. */
    private final long psNum;
    private final long psDen;

    public Clock(long hz) {
        if (hz <= 0) {
            throw new IllegalArgumentException("clock frequency must be positive: " + hz);
        }
        this.hz = hz;
        long g = BigInteger.valueOf(EventQueue.PS_PER_SECOND).gcd(BigInteger.valueOf(hz)).longValue();
        this.psNum = EventQueue.PS_PER_SECOND / g;
        this.psDen = hz / g;
    }

    public long hz() {
        return hz;
    }

    /** The simulated time (ps) at which cycle number {@code cycles} begins. */
    public long toTime(long cycles) {
        return mulDiv(cycles, psNum, psDen);
    }

    /** The number of whole cycles elapsed at simulated time {@code time} (ps). */
    public long toCycles(long time) {
        return mulDiv(time, psDen, psNum);
    }

    /** floor(a * b / c) for non-negative operands, without overflow where the result fits. */
    static long mulDiv(long a, long b, long c) {
        long q = a / c;
        long r = a % c;
        long hi = Math.multiplyHigh(r, b);
        if (hi == 0 && r * b >= 0) {
            return Math.addExact(Math.multiplyExact(q, b), r * b / c);
        }
        return Math.addExact(Math.multiplyExact(q, b),
                BigInteger.valueOf(r).multiply(BigInteger.valueOf(b)).divide(BigInteger.valueOf(c)).longValueExact());
    }
}
