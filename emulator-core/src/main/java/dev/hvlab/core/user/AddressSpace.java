package dev.hvlab.core.user;

import dev.hvlab.core.cpu.AccessType;
import dev.hvlab.core.cpu.ArchitecturalException;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.cpu.Translator;
import dev.hvlab.core.mem.Page;
import dev.hvlab.core.mem.PhysicalMemory;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The virtual address space of a user process, standing in for the stage-1 tables Linux would
 * build: a page table (virtual page to physical page plus R/W/X permissions) and the list of
 * mapped areas that mmap places new mappings around.
 *
 * <p>Physical pages are assigned on first touch from one large lazily allocated RAM region, and
 * recycled (zeroed) after munmap. A missing or forbidding entry raises the abort a Linux process
 * would take at EL0: a translation or permission fault, level 3, with FAR set. Like Linux on
 * arm64 (TCR_EL1.TBI0 = 1), data accesses ignore the top byte of the address.
 */
public final class AddressSpace implements Translator {
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int PROT_EXEC = 4;
    private static final long MAPPED = 8;
    private static final long PERMS = 7;

    /** Size of the physical RAM region backing user memory (allocated page by page). */
    static final long RAM_SIZE = 4L << 30;
    /** User virtual addresses are below 2^48 (TCR_EL1.T0SZ = 16). */
    public static final long VA_LIMIT = 1L << 48;

    // ESR ISS fault status codes (ARM ARM D17.2.37, DFSC/IFSC).
    private static final int FSC_TRANSLATION_L0 = 0b000100;
    private static final int FSC_TRANSLATION_L3 = 0b000111;
    private static final int FSC_PERMISSION_L3 = 0b001111;
    private static final int ISS_WNR = 1 << 6;

    private final PhysicalMemory memory = new PhysicalMemory();
    private final PageTable table = new PageTable();
    /** Mapped areas: start to end (exclusive), page-aligned, non-overlapping. */
    private final TreeMap<Long, Long> areas = new TreeMap<>();
    private long nextPa = Page.SIZE; // physical page 0 is never handed out: 0 means "not yet assigned"
    private long[] freePages = new long[64];
    private int freeCount;
    private Cpu cpu;

    public AddressSpace() {
        memory.addRam(0, RAM_SIZE);
    }

    public PhysicalMemory memory() {
        return memory;
    }

    /** The CPU whose TLB must forget translations when mappings change. */
    void attach(Cpu c) {
        this.cpu = c;
    }

    // ---------------------------------------------------------------------------------------
    // Translation (AArch64.TranslateAddress for a Linux EL0 regime)
    // ---------------------------------------------------------------------------------------

    @Override
    public long translate(Cpu c, long va, AccessType type, long pc) {
        long pa = physical(va, type);
        if (pa >= 0) {
            return pa;
        }
        boolean fetch = type == AccessType.FETCH;
        int fsc = (int) -pa;
        int iss = fsc | (type == AccessType.WRITE ? ISS_WNR : 0);
        ArchitecturalException e = c.raise(fetch ? ExceptionClass.INSN_ABORT_LOWER : ExceptionClass.DATA_ABORT_LOWER,
                iss, pc);
        e.far = va;
        e.farValid = true;
        throw e;
    }

    /** The physical address of {@code va} for an access of {@code type}, or minus the fault status code. */
    private long physical(long va, AccessType type) {
        long a = type == AccessType.FETCH ? va : va & 0x00FF_FFFF_FFFF_FFFFL;
        if (Long.compareUnsigned(a, VA_LIMIT) >= 0) {
            return -FSC_TRANSLATION_L0;
        }
        long vpn = a >>> Page.SHIFT;
        long e = table.get(vpn);
        if (e == PageTable.ABSENT) {
            return -FSC_TRANSLATION_L3;
        }
        long perms = e & PERMS;
        boolean allowed = switch (type) {
            case READ -> perms != 0; // arm64 cannot express write-only or execute-only for EL0 reads
            case WRITE -> (perms & PROT_WRITE) != 0;
            case FETCH -> (perms & PROT_EXEC) != 0;
        };
        if (!allowed) {
            return -FSC_PERMISSION_L3;
        }
        long base = e & ~(long) Page.MASK;
        if (base == 0) {
            base = allocatePage();
            table.put(vpn, base | (e & Page.MASK));
        }
        return base | (a & Page.MASK);
    }

    private long allocatePage() {
        if (freeCount > 0) {
            long pa = freePages[--freeCount];
            Page p = memory.page(pa);
            Arrays.fill(p.data, (byte) 0);
            p.invalidateAll();
            return pa;
        }
        if (nextPa >= RAM_SIZE) {
            throw new GuestTermination("hvlab user: out of memory (more than "
                    + (RAM_SIZE >> 20) + " MiB touched)", 128 + 9);
        }
        long pa = nextPa;
        nextPa += Page.SIZE;
        return pa;
    }

    private void freePage(long entry) {
        long base = entry & ~(long) Page.MASK;
        if (base != 0) {
            if (freeCount == freePages.length) {
                freePages = Arrays.copyOf(freePages, freeCount * 2);
            }
            freePages[freeCount++] = base;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Mapping (what mmap, munmap, mprotect and brk do to the tables)
    // ---------------------------------------------------------------------------------------

    /** Maps [va, va+len) as fresh zero pages with {@code prot}, replacing what was there. */
    public void map(long va, long len, int prot) {
        check(va, len);
        unmap(va, len);
        for (long a = va; a < va + len; a += Page.SIZE) {
            table.put(a >>> Page.SHIFT, MAPPED | (prot & PERMS));
        }
        addArea(va, va + len);
        flush();
    }

    /** Unmaps [va, va+len); unmapped pages in the range are ignored, as munmap does. */
    public void unmap(long va, long len) {
        check(va, len);
        for (long a = va; a < va + len; a += Page.SIZE) {
            long e = table.remove(a >>> Page.SHIFT);
            if (e != PageTable.ABSENT) {
                freePage(e);
            }
        }
        removeArea(va, va + len);
        flush();
    }

    /** Changes the permissions of [va, va+len); false (nothing changed) if a page is unmapped. */
    public boolean protect(long va, long len, int prot) {
        check(va, len);
        if (!isMapped(va, len)) {
            return false;
        }
        for (long a = va; a < va + len; a += Page.SIZE) {
            long vpn = a >>> Page.SHIFT;
            long e = table.get(vpn);
            table.put(vpn, (e & ~PERMS) | (prot & PERMS));
        }
        flush();
        return true;
    }

    public boolean isMapped(long va, long len) {
        for (long a = va; a < va + len; a += Page.SIZE) {
            if (table.get(a >>> Page.SHIFT) == PageTable.ABSENT) {
                return false;
            }
        }
        return true;
    }

    /** True when no page of [start, end) is mapped. */
    public boolean isFree(long start, long end) {
        Map.Entry<Long, Long> below = areas.lowerEntry(end);
        return below == null || below.getValue() <= start;
    }

    /**
     * The highest page-aligned start of a free gap of {@code len} bytes that ends at or below
     * {@code top} and starts at or above {@code floor}, or -1 (Linux's top-down mmap layout).
     */
    public long findFree(long len, long top, long floor) {
        long end = top;
        while (end - len >= floor) {
            Map.Entry<Long, Long> below = areas.lowerEntry(end);
            if (below == null || below.getValue() <= end - len) {
                return end - len;
            }
            end = below.getKey();
        }
        return -1;
    }

    private void addArea(long start, long end) {
        areas.put(start, end);
    }

    private void removeArea(long start, long end) {
        Map.Entry<Long, Long> e = areas.lowerEntry(end);
        while (e != null && e.getValue() > start) {
            long s = e.getKey();
            long t = e.getValue();
            areas.remove(s);
            if (s < start) {
                areas.put(s, start);
            }
            if (t > end) {
                areas.put(end, t);
            }
            e = areas.lowerEntry(Math.min(s, end));
        }
    }

    private static void check(long va, long len) {
        if ((va & Page.MASK) != 0 || (len & Page.MASK) != 0 || len < 0
                || Long.compareUnsigned(va, VA_LIMIT) > 0 || Long.compareUnsigned(len, VA_LIMIT - va) > 0) {
            throw new IllegalArgumentException(String.format("bad range 0x%x+0x%x", va, len));
        }
    }

    private void flush() {
        if (cpu != null) {
            cpu.flushTlb();
        }
    }

    // ---------------------------------------------------------------------------------------
    // Copying to and from user memory (the kernel's copy_from_user / copy_to_user)
    // ---------------------------------------------------------------------------------------

    /** Copies {@code len} bytes from user memory; null if any byte is not readable (EFAULT). */
    public byte[] read(long va, int len) {
        byte[] out = new byte[len];
        return copy(va, out, 0, len, AccessType.READ) ? out : null;
    }

    /** Copies {@code len} bytes into user memory; false if any byte is not writable (EFAULT). */
    public boolean write(long va, byte[] src, int off, int len) {
        // Check every page first so a fault leaves memory unchanged.
        for (long a = va & ~(long) Page.MASK; len > 0 && a < va + len; a += Page.SIZE) {
            if (physical(a < va ? va : a, AccessType.WRITE) < 0) {
                return false;
            }
        }
        return copy(va, src, off, len, AccessType.WRITE);
    }

    public boolean write(long va, byte[] src) {
        return write(va, src, 0, src.length);
    }

    public boolean write64(long va, long value) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (value >>> (8 * i));
        }
        return write(va, b);
    }

    /** Reads a 64-bit little-endian word; null when unreadable. */
    public Long read64(long va) {
        byte[] b = read(va, 8);
        if (b == null) {
            return null;
        }
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[i] & 0xFF);
        }
        return v;
    }

    /** A NUL-terminated string of at most {@code max} bytes; null on a fault or when too long. */
    public String readCString(long va, int max) {
        StringBuilder sb = new StringBuilder();
        byte[] one = new byte[1];
        for (int i = 0; i < max; i++) {
            if (!copy(va + i, one, 0, 1, AccessType.READ)) {
                return null;
            }
            if (one[0] == 0) {
                return sb.toString();
            }
            sb.append((char) (one[0] & 0xFF));
        }
        return null;
    }

    /** Writes into mapped pages whatever their protection (the loader filling a read-only segment). */
    void writeIgnoringProtection(long va, byte[] src, int off, int len) {
        while (len > 0) {
            long vpn = va >>> Page.SHIFT;
            long e = table.get(vpn);
            if (e == PageTable.ABSENT) {
                throw new IllegalArgumentException(String.format("0x%x is not mapped", va));
            }
            long base = e & ~(long) Page.MASK;
            if (base == 0) {
                base = allocatePage();
                table.put(vpn, base | (e & Page.MASK));
            }
            long pa = base | (va & Page.MASK);
            int n = (int) Math.min(len, Page.SIZE - (pa & Page.MASK));
            memory.write(pa, src, off, n);
            va += n;
            off += n;
            len -= n;
        }
    }

    private boolean copy(long va, byte[] buf, int off, int len, AccessType type) {
        while (len > 0) {
            long pa = physical(va, type);
            if (pa < 0) {
                return false;
            }
            int n = (int) Math.min(len, Page.SIZE - (pa & Page.MASK));
            if (type == AccessType.WRITE) {
                memory.write(pa, buf, off, n);
            } else {
                memory.read(pa, buf, off, n);
            }
            va += n;
            off += n;
            len -= n;
        }
        return true;
    }
}
