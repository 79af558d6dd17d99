package dev.hvlab.core.timing;

import java.util.Arrays;

/**
 * A set-associative cache (or TLB) of tags only, with least-recently-used replacement: what the
 * timing model needs to tell hits from misses. Data stays in physical memory. A TLB is the same
 * structure with 4 KiB "lines". Deterministic: LRU by access stamps, no randomness.
 *
 * <p>Speed: the last {@value #RECENT} distinct lines sit in a small most-recent-first list checked
 * before the sets (a hit there needs no set scan, which matters for the fully associative TLBs).
 * The list keeps replacement exact: a line leaving it is stamped then, and before a victim is
 * chosen the listed lines are stamped oldest first, so stamps order lines by their last access.
 */
public final class SetAssociativeCache {
    private final String name;
    private final int lineShift;
    private final int sets;
    private final int ways;
    private final long[] tags;
    private final long[] stamps;
    private final boolean powerOfTwoSets;
    /** Only wide sets are worth the recent-lines list; a 2-4 way scan is cheaper than maintaining it. */
    private final boolean useRecent;
    private long clock;
    private static final int RECENT = 4;
    private final long[] recent = new long[RECENT];
    /** Per set, its most recently used line (-1: none), for the sets scanned by {@link #accessSet}. */
    private final long[] mru;
    /**
     * Per line, the coherence state the owner keeps there ({@link CoherenceState} bits); cleared
     * when the line is filled or invalidated. Only the L1 data caches use it.
     */
    final byte[] state;
    /** The index the last missing {@link #access} filled (for the owner to set its state). */
    int lastFill;
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
        this.state = new byte[(int) lines];
        this.powerOfTwoSets = Integer.bitCount(sets) == 1;
        this.useRecent = ways > RECENT;
        this.mru = new long[useRecent ? 0 : sets];
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

    private int setBase(long line) {
        return (powerOfTwoSets ? (int) line & (sets - 1) : (int) Long.remainderUnsigned(line, sets)) * ways;
    }

    /** Looks {@code address} up; on a miss the line is filled, evicting the set's least recently used. */
    public boolean access(long address) {
        long line = address >>> lineShift;
        if (!useRecent) {
            return accessSet(line);
        }
        // The list's first two entries answered here, so that the common cases need no call: a
        // data TLB looked up when the page changes mostly finds the page before last (code
        // alternating between its stack and its data).
        long[] r = recent;
        long first = r[0];
        if (first == line) {
            hits++;
            return true;
        }
        if (r[1] == line) {
            r[1] = first;
            r[0] = line;
            hits++;
            return true;
        }
        return accessRecent(line);
    }

    /**
     * A wide set behind the recent-lines list (kept out of {@link #access} so that it stays
     * inlinable); {@link #access} has already answered the list's first two entries, which are
     * checked again here to the same effect.
     */
    private boolean accessRecent(long line) {
        long[] r = recent;
        if (r[0] == line) {
            hits++;
            return true;
        }
        for (int k = 1; k < RECENT; k++) {
            if (r[k] == line) {
                for (int j = k; j > 0; j--) { // move to front
                    r[j] = r[j - 1];
                }
                r[0] = line;
                hits++;
                return true;
            }
        }
        // Leaving the list: stamp the oldest listed line now, in order of last access.
        touch(r[RECENT - 1]);
        for (int j = RECENT - 1; j > 0; j--) {
            r[j] = r[j - 1];
        }
        r[0] = line;
        int base = setBase(line);
        for (int i = base; i < base + ways; i++) {
            if (tags[i] == line) {
                stamps[i] = ++clock;
                hits++;
                return true;
            }
        }
        for (int k = RECENT - 1; k >= 1; k--) {
            touch(r[k]);
        }
        int victim = base;
        long oldest = Long.MAX_VALUE;
        for (int i = base; i < base + ways; i++) {
            if (stamps[i] < oldest) {
                oldest = stamps[i];
                victim = i;
            }
        }
        long evicted = tags[victim];
        if (evicted != -1L) {
            // A small set may have to evict a listed line: it must leave the list too.
            for (int k = 1; k < RECENT; k++) {
                if (r[k] == evicted) {
                    System.arraycopy(r, k + 1, r, k, RECENT - 1 - k);
                    r[RECENT - 1] = -1L;
                }
            }
        }
        tags[victim] = line;
        stamps[victim] = ++clock;
        state[victim] = 0;
        lastFill = victim;
        misses++;
        return false;
    }

    /**
     * Plain LRU lookup and fill of one set. Re-accessing a set's most recently used line changes
     * neither its contents nor the order of its lines, so that common case is answered from
     * {@link #mru} without scanning the set or stamping.
     */
    private boolean accessSet(long line) {
        int set = powerOfTwoSets ? (int) line & (sets - 1) : (int) Long.remainderUnsigned(line, sets);
        if (mru[set] == line) {
            hits++;
            return true;
        }
        mru[set] = line;
        int base = set * ways;
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
        state[victim] = 0;
        lastFill = victim;
        misses++;
        return false;
    }

    private void touch(long line) {
        if (line == -1L) {
            return;
        }
        int base = setBase(line);
        for (int i = base; i < base + ways; i++) {
            if (tags[i] == line) {
                stamps[i] = ++clock;
                return;
            }
        }
    }

    /** Whether {@code address} is present, without changing the replacement state or the counters. */
    public boolean contains(long address) {
        long line = address >>> lineShift;
        int base = setBase(line);
        for (int i = base; i < base + ways; i++) {
            if (tags[i] == line) {
                return true;
            }
        }
        return false;
    }

    /** The index of line number {@code line} ({@code address >>> lineShift}), or -1; changes nothing. */
    int indexOf(long line) {
        int base = setBase(line);
        for (int i = base; i < base + ways; i++) {
            if (tags[i] == line) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Drops the line at {@code index} (another core took it, or the other cluster wrote it). Its way
     * becomes the set's first victim; the most-recent shortcuts forget it, so the order of the
     * remaining lines is unchanged.
     */
    void invalidate(int index) {
        long line = tags[index];
        tags[index] = -1L;
        stamps[index] = 0L;
        state[index] = 0;
        if (useRecent) {
            long[] r = recent;
            for (int k = 0; k < RECENT; k++) {
                if (r[k] == line) {
                    System.arraycopy(r, k + 1, r, k, RECENT - 1 - k);
                    r[RECENT - 1] = -1L;
                    break;
                }
            }
        } else {
            int set = index / ways;
            if (mru[set] == line) {
                mru[set] = -1L;
            }
        }
    }

    /** Counts a hit the caller resolved itself (the line it accessed last, which is its set's MRU). */
    public void countHit() {
        hits++;
    }

    public void invalidateAll() {
        Arrays.fill(tags, -1L);
        Arrays.fill(stamps, 0L);
        Arrays.fill(state, (byte) 0);
        Arrays.fill(recent, -1L);
        Arrays.fill(mru, -1L);
    }
}
