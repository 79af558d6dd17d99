package dev.hvlab.core.gic;

/**
 * The state of a range of INTIDs (group, group modifier, enable, pending latch, input level,
 * active, trigger mode, priority) and the per-interrupt register block that the distributor
 * (SPIs, INTIDs 32 and up) and the redistributor's SGI_base frame (SGIs and PPIs, INTIDs 0-31)
 * share at the same offsets: IGROUPR 0x080, ISENABLER 0x100, ICENABLER 0x180, ISPENDR 0x200,
 * ICPENDR 0x280, ISACTIVER 0x300, ICACTIVER 0x380, IPRIORITYR 0x400, ICFGR 0xC00, IGRPMODR 0xD00,
 * NSACR 0xE00 (GICv3 spec, 12.9 and 12.11). Bits of INTIDs outside the range are RAZ/WI.
 *
 * <p>Pending follows the spec's model: an edge-triggered interrupt is pending while its latch is
 * set (a rising edge or an ISPENDR write sets it, acknowledge or ICPENDR clears it); a
 * level-sensitive one is pending while its latch is set or its input is asserted.
 *
 * <p>Security: {@code full} accesses (Secure, or any access when GICD_CTLR.DS is 1) see every
 * interrupt; Non-secure ones see only Non-secure Group 1 interrupts (the rest RAZ/WI), cannot
 * touch IGROUPR/IGRPMODR, and see priorities through the Non-secure view (value << 1 on read,
 * 0x80 | value >> 1 on write: GICv3 spec 4.8.6, "Software accesses of interrupt priority").
 */
final class InterruptBank {
    static final int G0 = 0;
    static final int G1S = 1;
    static final int G1NS = 2;

    /** The GIC-500 implements 5 priority bits: IPRIORITYR bits [2:0] are RAZ/WI. */
    static final int PRIORITY_MASK = 0xF8;
    /** Returned by {@link #read} for an offset that is not in the per-interrupt block. */
    static final long NOT_HANDLED = -1L;

    final int first;
    final int limit;
    final int[] group;
    final int[] grpmod;
    final int[] enabled;
    final int[] latch;
    final int[] level;
    final int[] active;
    final int[] edge;
    final byte[] priority;

    /** INTIDs {@code first} to {@code limit - 1}; {@code limit} a multiple of 32. */
    InterruptBank(int first, int limit) {
        this.first = first;
        this.limit = limit;
        int words = limit >>> 5;
        group = new int[words];
        grpmod = new int[words];
        enabled = new int[words];
        latch = new int[words];
        level = new int[words];
        active = new int[words];
        edge = new int[words];
        priority = new byte[limit];
        if (first == 0) {
            edge[0] = 0xFFFF; // SGIs are always edge-triggered (GICR_ICFGR0 is read-only)
        }
    }

    static boolean bit(int[] words, int intid) {
        return (words[intid >>> 5] & (1 << intid)) != 0;
    }

    static void set(int[] words, int intid, boolean value) {
        if (value) {
            words[intid >>> 5] |= 1 << intid;
        } else {
            words[intid >>> 5] &= ~(1 << intid);
        }
    }

    boolean implemented(int intid) {
        return intid >= first && intid < limit;
    }

    /** Bits of word {@code w} whose INTIDs this bank implements. */
    private int implementedMask(int w) {
        int lo = w << 5;
        if (lo + 32 <= first || lo >= limit) {
            return 0;
        }
        int from = Math.max(first - lo, 0);
        return -1 << from;
    }

    /**
     * The group of {@code intid} from IGROUPR and IGRPMODR (GICv3 spec, Table 3-1): 0/0 Group 0,
     * 0/1 Secure Group 1, 1/x Non-secure Group 1. With DS = 1 there is no Secure Group 1.
     */
    int groupOf(int intid, boolean ds) {
        if (bit(group, intid)) {
            return G1NS;
        }
        return !ds && bit(grpmod, intid) ? G1S : G0;
    }

    boolean pending(int intid) {
        return bit(latch, intid) || (bit(level, intid) && !bit(edge, intid));
    }

    int pendingWord(int w) {
        return latch[w] | (level[w] & ~edge[w]);
    }

    int priority(int intid) {
        return priority[intid] & 0xFF;
    }

    /** A change of the input line: a rising edge latches an edge-triggered interrupt. */
    void setLevel(int intid, boolean high) {
        if (high && !bit(level, intid) && bit(edge, intid)) {
            set(latch, intid, true);
        }
        set(level, intid, high);
    }

    /** The acknowledge of {@code intid}: pending to active (a level input still high keeps it pending). */
    void activate(int intid) {
        set(latch, intid, false);
        set(active, intid, true);
    }

    /** Bits of word {@code w} an access may touch: all implemented ones, or only Non-secure Group 1 ones. */
    private int accessible(int w, boolean full) {
        int m = implementedMask(w);
        return full ? m : m & group[w];
    }

    /** A register read in the per-interrupt block, or {@link #NOT_HANDLED}. Size 4, or 1 for IPRIORITYR. */
    long read(int off, int size, boolean ds, boolean full) {
        if (off >= 0x400 && off < 0x800) {
            long v = 0;
            for (int k = size - 1; k >= 0; k--) {
                v = v << 8 | readPriority(off - 0x400 + k, full);
            }
            return v;
        }
        if (size != 4) {
            return NOT_HANDLED;
        }
        int w = (off & 0x7F) >>> 2;
        if (off >= 0x080 && off < 0x400 && w >= group.length || off >= 0xD00 && off < 0xD80 && w >= group.length) {
            return 0; // beyond the implemented INTIDs
        }
        switch (off & ~0x7F) {
            case 0x080:
                return full ? group[w] & implementedMask(w) & 0xFFFFFFFFL : 0;
            case 0x100:
            case 0x180:
                return enabled[w] & accessible(w, full) & 0xFFFFFFFFL;
            case 0x200:
            case 0x280:
                return pendingWord(w) & accessible(w, full) & 0xFFFFFFFFL;
            case 0x300:
            case 0x380:
                return active[w] & accessible(w, full) & 0xFFFFFFFFL;
            case 0xD00:
                return full && !ds ? grpmod[w] & implementedMask(w) & 0xFFFFFFFFL : 0;
            default:
                break;
        }
        if (off >= 0xC00 && off < 0xD00) {
            return readConfig((off - 0xC00) >>> 2, full);
        }
        if (off >= 0xE00 && off < 0xF00) {
            return 0; // NSACR: not modelled, Non-secure code may not touch Secure interrupts
        }
        return NOT_HANDLED;
    }

    /** A register write in the per-interrupt block; false if the offset is not one of them. */
    boolean write(int off, long value, int size, boolean ds, boolean full) {
        if (off >= 0x400 && off < 0x800) {
            for (int k = 0; k < size; k++) {
                writePriority(off - 0x400 + k, (int) (value >>> (8 * k)) & 0xFF, full);
            }
            return true;
        }
        if (size != 4) {
            return false;
        }
        int v = (int) value;
        int w = (off & 0x7F) >>> 2;
        if (off >= 0x080 && off < 0x400 && w >= group.length || off >= 0xD00 && off < 0xD80 && w >= group.length) {
            return true; // beyond the implemented INTIDs
        }
        int m = off >= 0x080 && off < 0x400 || off >= 0xD00 && off < 0xD80 ? accessible(w, full) : 0;
        switch (off & ~0x7F) {
            case 0x080:
                if (full) {
                    int impl = implementedMask(w);
                    group[w] = group[w] & ~impl | v & impl;
                }
                return true;
            case 0x100:
                enabled[w] |= v & m;
                return true;
            case 0x180:
                enabled[w] &= ~(v & m);
                return true;
            case 0x200:
                latch[w] |= v & m;
                return true;
            case 0x280:
                latch[w] &= ~(v & m);
                return true;
            case 0x300:
                active[w] |= v & m;
                return true;
            case 0x380:
                active[w] &= ~(v & m);
                return true;
            case 0xD00:
                if (full && !ds) {
                    int impl = implementedMask(w);
                    grpmod[w] = grpmod[w] & ~impl | v & impl;
                }
                return true;
            default:
                break;
        }
        if (off >= 0xC00 && off < 0xD00) {
            writeConfig((off - 0xC00) >>> 2, v, full);
            return true;
        }
        return off >= 0xE00 && off < 0xF00; // NSACR: WI
    }

    private int readPriority(int intid, boolean full) {
        if (!implemented(intid) || !(full || bit(group, intid))) {
            return 0;
        }
        int p = priority(intid);
        return full ? p : (p << 1) & 0xFF;
    }

    private void writePriority(int intid, int v, boolean full) {
        if (!implemented(intid) || !(full || bit(group, intid))) {
            return;
        }
        priority[intid] = (byte) ((full ? v : 0x80 | v >>> 1) & PRIORITY_MASK);
    }

    /** ICFGR<n>: two bits per INTID, Int_config[1] = 1 for edge-triggered; bit [0] RES0. */
    private long readConfig(int n, boolean full) {
        long v = 0;
        for (int k = 0; k < 16; k++) {
            int intid = n * 16 + k;
            if (implemented(intid) && (full || bit(group, intid)) && bit(edge, intid)) {
                v |= 2L << (2 * k);
            }
        }
        return v;
    }

    private void writeConfig(int n, int v, boolean full) {
        for (int k = 0; k < 16; k++) {
            int intid = n * 16 + k;
            // SGIs: GICR_ICFGR0 is read-only (always edge).
            if (intid >= 16 && implemented(intid) && (full || bit(group, intid))) {
                set(edge, intid, (v >>> (2 * k + 1) & 1) != 0);
            }
        }
    }
}
