package dev.hvlab.core.mmu;

import dev.hvlab.core.mem.Page;
import dev.hvlab.core.mem.PhysicalMemory;

/**
 * Builds real translation tables in simulated memory, in the VMSAv8-64 descriptor format: stage 1
 * tables for bare-metal test stubs and stage 2 tables for hypervisor models. Tables are allocated
 * from an arena of physical memory the caller reserves. Uses block descriptors wherever the
 * alignment allows, as Linux and the hypervisors do.
 */
public final class TranslationTableBuilder {
    /** Leaf attribute: Access flag. */
    public static final long AF = 1L << 10;
    /** Leaf attribute: Inner Shareable. */
    public static final long SH_INNER = 3L << 8;
    /** Stage 1 leaf attribute: not global. */
    public static final long NG = 1L << 11;
    /** Stage 1 AP[2:1] = 01: read/write at EL1 and EL0. */
    public static final long AP_RW_ALL = 1L << 6;
    /** Stage 1 AP[2:1] = 10: read-only at EL1, no EL0 access. */
    public static final long AP_RO_EL1 = 2L << 6;
    /** Stage 1 AP[2:1] = 11: read-only at EL1 and EL0. */
    public static final long AP_RO_ALL = 3L << 6;
    public static final long PXN = 1L << 53;
    /** Stage 1 UXN (EL1&0) or XN (EL2, EL3, stage 2). */
    public static final long XN = 1L << 54;
    /** Stage 2 S2AP = 11: read/write. */
    public static final long S2AP_RW = 3L << 6;
    /** Stage 2 S2AP = 01: read-only. */
    public static final long S2AP_RO = 1L << 6;
    /** Stage 2 MemAttr = 1111: Normal, Inner and Outer Write-Back cacheable. */
    public static final long S2_NORMAL = 0xFL << 2;
    /** Stage 2 MemAttr = 0001: Device-nGnRE. */
    public static final long S2_DEVICE = 0x1L << 2;

    private final PhysicalMemory memory;
    private final Granule granule;
    private final int inputSize;
    private final int startLevel;
    private final long arenaEnd;
    private long arenaNext;
    private final long root;

    /**
     * @param inputSize  the input address size in bits (64 - TxSZ)
     * @param startLevel the first lookup level (stage 2 may start above the stage 1 level and use
     *                   concatenated tables, which this builder allocates contiguously)
     */
    public TranslationTableBuilder(PhysicalMemory memory, Granule granule, int inputSize, int startLevel,
                                   long arenaBase, long arenaSize) {
        this.memory = memory;
        this.granule = granule;
        this.inputSize = inputSize;
        this.startLevel = startLevel;
        this.arenaNext = arenaBase;
        this.arenaEnd = arenaBase + arenaSize;
        int rootBits = inputSize - indexLsb(startLevel);
        long rootBytes = Math.max(1L << granule.bits, (1L << rootBits) * 8);
        this.root = allocate(rootBytes);
    }

    /** The physical address of the first-level table (for TTBRn_ELx or VTTBR_EL2). */
    public long root() {
        return root;
    }

    /** Maps [va, va + size) to [pa, pa + size) with the given leaf attribute bits. All must be page-aligned. */
    public void map(long va, long pa, long size, long attributes) {
        long pageSize = 1L << granule.bits;
        if (((va | pa | size) & (pageSize - 1)) != 0) {
            throw new IllegalArgumentException(String.format("unaligned mapping 0x%x -> 0x%x size 0x%x", va, pa, size));
        }
        while (size > 0) {
            int level = startLevel;
            long table = root;
            while (true) {
                long blockSize = 1L << indexLsb(level);
                long entry = table + index(va, level) * 8;
                boolean leafAllowed = level == 3 || granule.blockAllowed(level);
                if (leafAllowed && (va & (blockSize - 1)) == 0 && (pa & (blockSize - 1)) == 0 && size >= blockSize) {
                    long type = level == 3 ? 3 : 1;
                    writeDescriptor(entry, (pa & 0x0000_FFFF_FFFF_F000L) | attributes | type);
                    va += blockSize;
                    pa += blockSize;
                    size -= blockSize;
                    break;
                }
                long desc = readDescriptor(entry);
                if ((desc & 3) != 3) {
                    if ((desc & 1) != 0) {
                        throw new IllegalStateException(String.format("0x%x is already mapped by a block", va));
                    }
                    long next = allocate(1L << granule.bits);
                    writeDescriptor(entry, next | 3);
                    desc = next | 3;
                }
                table = desc & 0x0000_FFFF_FFFF_F000L & ~((1L << granule.bits) - 1);
                level++;
            }
        }
    }

    private int indexLsb(int level) {
        return granule.bits + (3 - level) * granule.stride;
    }

    private long index(long va, int level) {
        int lsb = indexLsb(level);
        int bits = level == startLevel ? inputSize - lsb : granule.stride;
        return (va >>> lsb) & ((1L << bits) - 1);
    }

    private long allocate(long bytes) {
        long base = (arenaNext + bytes - 1) & -bytes;
        if (base + bytes > arenaEnd) {
            throw new IllegalStateException("translation table arena exhausted");
        }
        arenaNext = base + bytes;
        memory.write(base, new byte[(int) bytes], 0, (int) bytes);
        return base;
    }

    private long readDescriptor(long pa) {
        byte[] b = new byte[8];
        memory.read(pa, b, 0, 8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }

    private void writeDescriptor(long pa, long value) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (value >>> (8 * i));
        }
        memory.write(pa, b, 0, 8);
        Page p = memory.page(pa);
        if (p == null) {
            throw new IllegalStateException("tables must live in RAM");
        }
    }
}
