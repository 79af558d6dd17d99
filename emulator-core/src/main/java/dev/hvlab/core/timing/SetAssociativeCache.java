package dev.hvlab.core.timing;

import java.util.Arrays;

/**
 * A set-associative cache (or TLB) of tags only, with least-recently-used replacement: what the
 * timing model needs to tell hits from misses. Data stays in physical memory. A TLB is the same
 * structure with 4 KiB "lines". Deterministic: LRU by access stamps, no randomness.
 */
public final class SetAssociativeCache {
    private final String name;
    private final int lineShift;
    private final int sets;
    private final int ways;
    private final long[] tags;
    private final long[] stamps;
    private long clock;
    /** Lookups that hit / missed (the caller may count fast-path hits itself through {@link #countHit}). */
    public long hits;
    public long misses;

    /**
     * @param sizeBytes total capacity ({@code entries << lineShift} for a TLB)
     * @param lineBytes line size (power of two)
     */
    public SetAssociativeCache(String name, long sizeBytes, int ways, int lineBytes) {
        if (Integer.bitCount(lineBytes) != 1) {
            throw new IllegalArgumentException(name + ": line size " + lineBytes + " is not a power of two");
        }
        long lines = sizeBytes / lineBytes;
        if (ways <= 0 || lines % ways != 0) {
            throw new IllegalArgumentException(name + ": " + lines + " lines cannot form " + ways + " ways");
        }
        this.name = name;
        this.lineShift = Integer.numberOfTrailingZeros(lineBytes);
        this.ways = ways;
        this.sets = (int) (lines / ways);
        this.tags = new long[(int) lines];
        this.stamps = new long[(int) lines];
        invalidateAll();
    }

    public String name() {
        return name;
    }

    public int sets() {
        return sets;
    }

    public int ways() {
        return ways;
    }

    public int lineShift() {
        return lineShift;
    }

    public long sizeBytes() {
        return (long) tags.length << lineShift;
    }

    /** Looks {@code address} up; on a miss the line is filled, evicting the set's least recently used. */
    public boolean access(long address) {
        long line = address >>> lineShift;
        int base = (int) Long.remainderUnsigned(line, sets) * ways;
        long stamp = ++clock;
        int victim = base;
        long oldest = Long.MAX_VALUE;
        for (int i = base; i < base + ways; i++) {
            if (tags[i] == line) {
                stamps[i] = stamp;
                hits++;
                return true;
            }
            if (stamps[i] < oldest) {
                oldest = stamps[i];
                victim = i;
            }
        }
        tags[victim] = line;
        stamps[victim] = stamp;
        misses++;
        return false;
    }

    /** Whether {@code address} is present, without changing the replacement state or the counters. */
    public boolean contains(long address) {
        long line = address >>> lineShift;
        int base = (int) Long.remainderUnsigned(line, sets) * ways;
        for (int i = base; i < base + ways; i++) {
            if (tags[i] == line) {
                return true;
            }
        }
        return false;
    }

    /** Counts a hit the caller resolved itself (the line it accessed last, which is its set's MRU). */
    public void countHit() {
        hits++;
    }

    public void invalidateAll() {
        Arrays.fill(tags, -1L);
        Arrays.fill(stamps, 0L);
    }
}
