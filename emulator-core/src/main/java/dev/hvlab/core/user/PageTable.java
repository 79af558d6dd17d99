package dev.hvlab.core.user;

import java.util.Arrays;

/**
 * The page table of a user process: virtual page number to entry, an open-addressing hash map of
 * primitive longs (linear probing, backward-shift deletion), so a TLB refill allocates nothing.
 * An entry is never 0; {@link #ABSENT} marks an unmapped page.
 */
final class PageTable {
    static final long ABSENT = 0;
    private static final long EMPTY_KEY = -1L;

    private long[] keys;
    private long[] values;
    private int size;

    PageTable() {
        keys = new long[1024];
        values = new long[1024];
        Arrays.fill(keys, EMPTY_KEY);
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) & mask;
    }

    long get(long vpn) {
        int mask = keys.length - 1;
        for (int i = slot(vpn, mask); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == vpn) {
                return values[i];
            }
            if (k == EMPTY_KEY) {
                return ABSENT;
            }
        }
    }

    void put(long vpn, long entry) {
        if (entry == ABSENT) {
            throw new IllegalArgumentException("a page table entry is never 0");
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        for (int i = slot(vpn, mask); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == vpn) {
                values[i] = entry;
                return;
            }
            if (k == EMPTY_KEY) {
                keys[i] = vpn;
                values[i] = entry;
                size++;
                return;
            }
        }
    }

    /** Removes {@code vpn}; returns its entry or {@link #ABSENT}. */
    long remove(long vpn) {
        int mask = keys.length - 1;
        int i = slot(vpn, mask);
        while (keys[i] != vpn) {
            if (keys[i] == EMPTY_KEY) {
                return ABSENT;
            }
            i = (i + 1) & mask;
        }
        long old = values[i];
        // Backward-shift deletion: move later members of the probe run into the hole.
        int hole = i;
        for (int j = (i + 1) & mask; keys[j] != EMPTY_KEY; j = (j + 1) & mask) {
            int home = slot(keys[j], mask);
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = EMPTY_KEY;
        values[hole] = ABSENT;
        size--;
        return old;
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] ok = keys;
        long[] ov = values;
        keys = new long[ok.length * 2];
        values = new long[ok.length * 2];
        Arrays.fill(keys, EMPTY_KEY);
        size = 0;
        for (int i = 0; i < ok.length; i++) {
            if (ok[i] != EMPTY_KEY) {
                put(ok[i], ov[i]);
            }
        }
    }
}
