package dev.hvlab.core.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SetAssociativeCacheTest {
    @Test
    void geometryFollowsSizeWaysAndLine() {
        SetAssociativeCache a72l1i = new SetAssociativeCache("l1i", 48 << 10, 3, 64);
        assertEquals(256, a72l1i.sets());
        SetAssociativeCache l2 = new SetAssociativeCache("l2", 1 << 20, 16, 64);
        assertEquals(1024, l2.sets());
        assertThrows(IllegalArgumentException.class, () -> new SetAssociativeCache("bad", 1000, 2, 64));
    }

    @Test
    void missThenHitWithinALine() {
        SetAssociativeCache c = new SetAssociativeCache("c", 1024, 2, 64);
        assertFalse(c.access(0x1000));
        assertTrue(c.access(0x1038), "same 64-byte line");
        assertFalse(c.access(0x1040), "next line");
        assertEquals(1, c.hits);
        assertEquals(2, c.misses);
    }

    @Test
    void leastRecentlyUsedWayIsEvicted() {
        // 2 ways, 8 sets of 64 bytes: addresses 512 bytes apart share a set.
        SetAssociativeCache c = new SetAssociativeCache("c", 1024, 2, 64);
        c.access(0);
        c.access(512);
        c.access(0);       // 0 is now more recent than 512
        c.access(1024);    // evicts 512
        assertTrue(c.contains(0));
        assertFalse(c.contains(512));
        assertTrue(c.contains(1024));
    }

    @Test
    void cyclicAccessLargerThanTheCacheAlwaysMissesUnderLru() {
        SetAssociativeCache c = new SetAssociativeCache("c", 1024, 2, 64);
        for (int round = 0; round < 3; round++) {
            for (int line = 0; line < 24; line++) { // 1.5x capacity
                c.access(line * 64L);
            }
        }
        assertEquals(0, c.hits);
    }

    /** The recent-lines shortcut must not change a single hit or miss against a plain LRU model. */
    @Test
    void agreesWithAReferenceLruOnRandomTraffic() {
        int[][] shapes = {{1024, 2, 64}, {2048, 4, 64}, {10 * 4096, 10, 4096}, {48 * 64, 3, 64}, {32 * 4096, 32, 4096}};
        java.util.Random r = new java.util.Random(7);
        for (int[] shape : shapes) {
            SetAssociativeCache c = new SetAssociativeCache("c", shape[0], shape[1], shape[2]);
            int sets = shape[0] / shape[2] / shape[1];
            java.util.List<java.util.LinkedHashMap<Long, Boolean>> ref = new java.util.ArrayList<>();
            for (int i = 0; i < sets; i++) {
                ref.add(new java.util.LinkedHashMap<>(16, 0.75f, true));
            }
            for (int n = 0; n < 200_000; n++) {
                // Mostly a small hot set, sometimes far lines: exercises the shortcut and evictions.
                long line = r.nextInt(10) < 7 ? r.nextInt(6) : r.nextInt(shape[0] / shape[2] * 3);
                java.util.LinkedHashMap<Long, Boolean> set = ref.get((int) (line % sets));
                boolean expected = set.get(line) != null;
                if (!expected) {
                    if (set.size() == shape[1]) {
                        set.remove(set.keySet().iterator().next());
                    }
                    set.put(line, true);
                }
                assertEquals(expected, c.access(line * shape[2]), "access " + n + " line " + line);
            }
        }
    }

    /**
     * Coherence invalidates single lines (another core's store): hits and misses must still agree
     * with a plain LRU model whose set simply loses the line, with the per-set most-recent line
     * and the recent-lines list both in play.
     */
    @Test
    void singleLineInvalidationKeepsLruExact() {
        int[][] shapes = {{1024, 2, 64}, {2048, 4, 64}, {48 * 64, 3, 64}, {4 * 16 * 64, 16, 64}, {10 * 4096, 10, 4096}};
        java.util.Random r = new java.util.Random(11);
        for (int[] shape : shapes) {
            SetAssociativeCache c = new SetAssociativeCache("c", shape[0], shape[1], shape[2]);
            int sets = shape[0] / shape[2] / shape[1];
            java.util.List<java.util.LinkedHashMap<Long, Boolean>> ref = new java.util.ArrayList<>();
            for (int i = 0; i < sets; i++) {
                ref.add(new java.util.LinkedHashMap<>(16, 0.75f, true));
            }
            for (int n = 0; n < 200_000; n++) {
                long line = r.nextInt(10) < 7 ? r.nextInt(6) : r.nextInt(shape[0] / shape[2] * 3);
                java.util.LinkedHashMap<Long, Boolean> set = ref.get((int) (line % sets));
                if (r.nextInt(8) == 0) {
                    int i = c.indexOf(line);
                    assertEquals(set.containsKey(line), i >= 0, "present before invalidation, line " + line);
                    if (i >= 0) {
                        c.state[i] = CoherenceState.MODIFIED;
                        c.invalidate(i);
                        set.remove(line);
                        assertFalse(c.contains(line * shape[2]));
                    }
                    continue;
                }
                boolean expected = set.get(line) != null;
                if (!expected) {
                    if (set.size() == shape[1]) {
                        set.remove(set.keySet().iterator().next());
                    }
                    set.put(line, true);
                }
                assertEquals(expected, c.access(line * shape[2]), "access " + n + " line " + line);
                if (!expected) {
                    assertEquals(0, c.state[c.lastFill], "a filled line starts with no coherence state");
                }
            }
        }
    }

    @Test
    void invalidateAllEmptiesIt() {
        SetAssociativeCache c = new SetAssociativeCache("c", 1024, 2, 64);
        c.access(0);
        c.invalidateAll();
        assertFalse(c.contains(0));
    }
}
