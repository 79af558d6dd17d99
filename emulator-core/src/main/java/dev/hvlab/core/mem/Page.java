package dev.hvlab.core.mem;

import dev.hvlab.core.cpu.Op;

/**
 * One 4 KiB page of RAM: its bytes, and the instructions decoded from it. Decoded instructions are
 * tracked one word at a time, so a store to data beside code invalidates only the words it
 * overwrites, never the whole page.
 */
public final class Page {
    public static final int SHIFT = 12;
    public static final int SIZE = 1 << SHIFT;
    public static final int MASK = SIZE - 1;

    public final long physicalAddress;
    public final byte[] data = new byte[SIZE];
    /** Decoded instructions by word index, created on first fetch; null entries are not decoded. */
    public Op[] decoded;

    public Page(long physicalAddress) {
        this.physicalAddress = physicalAddress;
    }

    /** The decoded-instruction array, created on first use. */
    public Op[] decodedOps() {
        Op[] d = decoded;
        if (d == null) {
            d = new Op[SIZE / 4];
            decoded = d;
        }
        return d;
    }

    /** Forgets the decoded instructions overlapping bytes [offset, offset + length). */
    public void invalidate(int offset, int length) {
        Op[] d = decoded;
        if (d != null) {
            int last = Math.min((offset + length - 1) >>> 2, d.length - 1);
            for (int i = offset >>> 2; i <= last; i++) {
                d[i] = null;
            }
        }
    }

    /** Forgets every decoded instruction of the page (IC maintenance). */
    public void invalidateAll() {
        Op[] d = decoded;
        if (d != null) {
            java.util.Arrays.fill(d, null);
        }
    }
}
