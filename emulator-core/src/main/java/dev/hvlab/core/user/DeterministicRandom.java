package dev.hvlab.core.user;

/**
 * The entropy a user process sees (AT_RANDOM, getrandom): SplitMix64 from a seed, so that the
 * same seed gives the same bytes on every run and every JVM. Not cryptographic, deliberately.
 */
final class DeterministicRandom {
    private long state;

    DeterministicRandom(long seed) {
        this.state = seed;
    }

    long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    byte[] nextBytes(int n) {
        byte[] b = new byte[n];
        long w = 0;
        for (int i = 0; i < n; i++) {
            if ((i & 7) == 0) {
                w = nextLong();
            }
            b[i] = (byte) (w >>> (8 * (i & 7)));
        }
        return b;
    }
}
