package dev.hvlab.core.isa;

import java.util.Random;

/** Inputs from the FP edge cases: zeros, denormals, infinities, NaNs with payloads, rounding boundaries, integer limits. */
final class FpEdgeValues {
    private FpEdgeValues() {
    }

    private static final long[] D = {
        0L, 0x8000000000000000L, 1L, 0x800fffffffffffffL, 0x000fffffffffffffL, 0x0010000000000000L,
        0x3ff0000000000000L, 0xbff0000000000000L, 0x3ff0000000000001L, 0x3fefffffffffffffL, 0x7fefffffffffffffL,
        0xffefffffffffffffL, 0x7ff0000000000000L, 0xfff0000000000000L, 0x7ff8000000000000L, 0x7ff800000000beefL,
        0xfff4000000001234L, 0x7ff0000000000001L, 0x4330000000000000L, 0x4330000000000001L, 0x3fe0000000000000L,
        0x3ff8000000000000L, 0x4004000000000000L, 0x43e0000000000000L, 0xc3e0000000000000L, 0x41dfffffffc00000L,
        0x41e0000000000000L, 0xc1e0000000200000L, 0x0000000000000800L, 0x3cb0000000000000L, 0x3ca0000000000000L,
        0x36a0000000000000L, 0x47efffffe0000000L, 0x380fffffe0000000L, 0x3810000000000000L,
    };
    private static final int[] S = {
        0, 0x80000000, 1, 0x807fffff, 0x007fffff, 0x00800000, 0x3f800000, 0xbf800000, 0x3f800001, 0x3f7fffff,
        0x7f7fffff, 0xff7fffff, 0x7f800000, 0xff800000, 0x7fc00000, 0x7fc0dead, 0xffa01234, 0x7f800001,
        0x4b000000, 0x4b000001, 0x3f000000, 0x3fc00000, 0x40200000, 0x4f000000, 0xcf000000, 0x5f000000,
        0x4effffff, 0x33800000, 0x33000000, 0x477fe000, 0x387fc000, 0x38800000, 0x7fffffff, 0x80000001,
        0x00000100, 0xffffffff,
    };
    private static final short[] H = {
        0, (short) 0x8000, 1, 0x3c00, (short) 0xbc00, 0x7bff, 0x7c00, (short) 0xfc00, 0x7e00, 0x7d55, 0x03ff,
        0x0400, 0x3c01, (short) 0xffff, 0x7fff,
    };

    /** A 64-bit half of a V register: a double, two singles, four halves, integer limits or random bits. */
    static long half(Random r) {
        switch (r.nextInt(6)) {
            case 0, 1 -> {
                return pickD(r);
            }
            case 2, 3 -> {
                return (pickS(r) & 0xFFFFFFFFL) | ((long) pickS(r) << 32);
            }
            case 4 -> {
                long v = 0;
                for (int k = 0; k < 4; k++) {
                    v |= (H[r.nextInt(H.length)] & 0xFFFFL) << (16 * k);
                }
                return v;
            }
            default -> {
                return r.nextInt(3) == 0 ? gpr(r) : r.nextLong();
            }
        }
    }

    private static long pickD(Random r) {
        long v = D[r.nextInt(D.length)];
        if (r.nextInt(4) == 0) {
            v += r.nextInt(5) - 2; // neighbours of the boundary
        }
        if (r.nextInt(6) == 0) {
            v = (v & 0xFFF0000000000000L) | (r.nextLong() & 0x000FFFFFFFFFFFFFL);
        }
        return r.nextBoolean() ? v : v ^ 0x8000000000000000L;
    }

    private static int pickS(Random r) {
        int v = S[r.nextInt(S.length)];
        if (r.nextInt(4) == 0) {
            v += r.nextInt(5) - 2;
        }
        if (r.nextInt(6) == 0) {
            v = (v & 0xFF800000) | (r.nextInt() & 0x7FFFFF);
        }
        return r.nextBoolean() ? v : v ^ 0x80000000;
    }

    /** A general-register input: integer limits, small values, or random. */
    static long gpr(Random r) {
        long[] g = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL,
            0x100000000L, 0x7FFFFFFFFFFFFC00L, 0x20000000000001L, 0xFFFFFFFF80000000L, 3, 0xFFFFL, 0x8000};
        return r.nextInt(3) == 0 ? r.nextLong() : g[r.nextInt(g.length)] + (r.nextInt(4) == 0 ? r.nextInt(3) - 1 : 0);
    }
}
