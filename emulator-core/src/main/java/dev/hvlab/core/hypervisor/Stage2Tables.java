package dev.hvlab.core.hypervisor;

import dev.hvlab.core.mem.Page;
import dev.hvlab.core.mem.PhysicalMemory;

/**
 * One partition's stage 2 translation tables, in simulated memory, in the VMSAv8-64 format with a
 * 4 KiB granule (ARM ARM D5.3): what VTTBR_EL2 points at. Tables come from an arena in the
 * hypervisor's own memory. Mappings use blocks wherever alignment allows (as Jailhouse's and Xen's
 * page-table code do); unmapping part of a block splits it. Each edit returns the number of
 * descriptors it wrote, which {@link El2Operations} prices as stores.
 */
public final class Stage2Tables {
    /** Stage 2 leaf attributes: AF, Inner Shareable. */
    public static final long AF = 1L << 10;
    public static final long SH_INNER = 3L << 8;
    /** S2AP [7:6]. */
    public static final long S2AP_RO = 1L << 6;
    public static final long S2AP_WO = 2L << 6;
    public static final long S2AP_RW = 3L << 6;
    /** MemAttr [5:2]: Normal Write-Back, or Device-nGnRE. */
    public static final long NORMAL = 0xFL << 2;
    public static final long DEVICE = 0x1L << 2;
    /** XN [54]. */
    public static final long XN = 1L << 54;

    private static final int GRANULE_BITS = 12;
    private static final int STRIDE = 9;
    private static final long ADDRESS_MASK = 0x0000_FFFF_FFFF_F000L;

    private final PhysicalMemory memory;
    private final int ipaBits;
    private final int startLevel;
    private final long arenaEnd;
    private long arenaNext;
    private final long root;

    /**
     * @param ipaBits the IPA size (64 - VTCR_EL2.T0SZ), 32 to 42: the start level is 1 from 31
     *                bits up (with concatenated tables above 39 bits), as ARM ARM D5.2.6 allows
     */
    public Stage2Tables(PhysicalMemory memory, int ipaBits, long arenaBase, long arenaSize) {
        if (ipaBits < 32 || ipaBits > 42) {
            throw new IllegalArgumentException("IPA size " + ipaBits + " not supported (32-42 bits)");
        }
        this.memory = memory;
        this.ipaBits = ipaBits;
        this.startLevel = 1;
        this.arenaNext = arenaBase;
        this.arenaEnd = arenaBase + arenaSize;
        long rootBytes = Math.max(1L << GRANULE_BITS, (1L << (ipaBits - lsb(startLevel))) * 8);
        this.root = allocate(rootBytes);
    }

    /** The first-level table's physical address (VTTBR_EL2.BADDR). */
    public long root() {
        return root;
    }

    /** VTTBR_EL2 for this table with {@code vmid} (8-bit VMIDs). */
    public long vttbr(int vmid) {
        return (long) (vmid & 0xFF) << 48 | root;
    }

    /**
     * VTCR_EL2 for these tables: T0SZ, SL0 = 1 (start at level 1), Inner and Outer Write-Back
     * Write-Allocate walks, Inner Shareable, TG0 = 4 KiB, PS from {@code paBits}; bit 31 RES1.
     */
    public long vtcr(int paBits) {
        int ps = switch (paBits) {
            case 32 -> 0;
            case 36 -> 1;
            case 40 -> 2;
            case 42 -> 3;
            case 44 -> 4;
            default -> 5;
        };
        return 1L << 31 | (long) ps << 16 | 3L << 12 | 1L << 10 | 1L << 8 | 1L << 6 | (64 - ipaBits);
    }

    /** Maps [ipa, ipa + size) to [pa, pa + size), page aligned; returns the descriptors written. */
    public int map(long ipa, long pa, long size, long attributes) {
        checkAligned(ipa, pa, size);
        int writes = 0;
        while (size > 0) {
            int level = startLevel;
            long table = root;
            while (true) {
                long block = 1L << lsb(level);
                long entry = table + index(ipa, level) * 8;
                if ((level == 3 || level >= 1) && (ipa & (block - 1)) == 0 && (pa & (block - 1)) == 0 && size >= block
                        && (level == 3 || !isTable(read(entry)))) {
                    write(entry, (pa & ADDRESS_MASK) | attributes | AF | (level == 3 ? 3 : 1));
                    writes++;
                    ipa += block;
                    pa += block;
                    size -= block;
                    break;
                }
                long[] next = descend(entry, level);
                writes += (int) next[1];
                table = next[0];
                level++;
            }
        }
        return writes;
    }

    /** Removes [ipa, ipa + size), splitting blocks that straddle it; returns the descriptors written. */
    public int unmap(long ipa, long size) {
        checkAligned(ipa, 0, size);
        int writes = 0;
        while (size > 0) {
            int level = startLevel;
            long table = root;
            while (true) {
                long block = 1L << lsb(level);
                long entry = table + index(ipa, level) * 8;
                long desc = read(entry);
                if ((desc & 1) == 0) {
                    long skip = Math.min(size, block - (ipa & (block - 1)));
                    ipa += skip;
                    size -= skip;
                    break;
                }
                if ((ipa & (block - 1)) == 0 && size >= block && (level == 3 || !isTable(desc))) {
                    write(entry, 0);
                    writes++;
                    ipa += block;
                    size -= block;
                    break;
                }
                long[] next = descend(entry, level);
                writes += (int) next[1];
                table = next[0];
                level++;
            }
        }
        return writes;
    }

    /** The output address and attributes {@code ipa} maps to, or -1: a walk for tests and reports. */
    public long lookup(long ipa) {
        long table = root;
        for (int level = startLevel; level <= 3; level++) {
            long desc = read(table + index(ipa, level) * 8);
            if ((desc & 1) == 0) {
                return -1;
            }
            if (level == 3 || !isTable(desc)) {
                long block = 1L << lsb(level);
                return (desc & ADDRESS_MASK & ~(block - 1)) | (ipa & (block - 1));
            }
            table = desc & ADDRESS_MASK;
        }
        return -1;
    }

    /** The next-level table under {@code entry}, creating it (and splitting a block into it) as needed. */
    private long[] descend(long entry, int level) {
        long desc = read(entry);
        if (isTable(desc) && level < 3) {
            return new long[] {desc & ADDRESS_MASK, 0};
        }
        long next = allocate(1L << GRANULE_BITS);
        int writes = 1;
        if ((desc & 1) != 0) {
            // Split a block into the next level's entries with the same attributes.
            long childSize = 1L << lsb(level + 1);
            long attrs = desc & ~ADDRESS_MASK & ~3L;
            long base = desc & ADDRESS_MASK & ~((1L << lsb(level)) - 1);
            long type = level + 1 == 3 ? 3 : 1;
            for (int i = 0; i < 512; i++) {
                write(next + i * 8L, (base + i * childSize) | attrs | type);
            }
            writes += 512;
        }
        write(entry, next | 3);
        return new long[] {next, writes};
    }

    private static boolean isTable(long desc) {
        return (desc & 3) == 3;
    }

    private static int lsb(int level) {
        return GRANULE_BITS + (3 - level) * STRIDE;
    }

    private long index(long ipa, int level) {
        int bits = level == startLevel ? ipaBits - lsb(level) : STRIDE;
        return (ipa >>> lsb(level)) & ((1L << bits) - 1);
    }

    private static void checkAligned(long ipa, long pa, long size) {
        if (((ipa | pa | size) & ((1L << GRANULE_BITS) - 1)) != 0) {
            throw new IllegalArgumentException(String.format("unaligned stage 2 edit 0x%x -> 0x%x size 0x%x", ipa, pa, size));
        }
    }

    private long allocate(long bytes) {
        long base = (arenaNext + bytes - 1) & -bytes;
        if (base + bytes > arenaEnd) {
            throw new IllegalStateException("stage 2 table arena exhausted");
        }
        arenaNext = base + bytes;
        memory.write(base, new byte[(int) bytes], 0, (int) bytes);
        return base;
    }

    private long read(long pa) {
        Page p = memory.page(pa);
        int o = (int) (pa & Page.MASK);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (p.data[o + i] & 0xFF);
        }
        return v;
    }

    private void write(long pa, long value) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (value >>> (8 * i));
        }
        memory.write(pa, b, 0, 8);
    }
}
