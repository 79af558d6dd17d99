package dev.hvlab.core.gdb;

import dev.hvlab.core.cpu.AccessType;
import dev.hvlab.core.cpu.ArchitecturalException;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.mem.Page;
import dev.hvlab.core.mem.PhysicalMemory;

/**
 * The debugger's view of memory: virtual addresses through the CPU's current translation regime
 * (a translation fault ends the access), physical addresses directly. Only RAM is accessible:
 * reading a device register could have side effects the guest would notice.
 */
public final class DebugMemory {
    private DebugMemory() {
    }

    /** Up to {@code len} bytes at {@code va}; fewer if a page faults or is not RAM (none: empty). */
    public static byte[] readVirtual(Cpu cpu, long va, int len) {
        byte[] out = new byte[len];
        int done = 0;
        while (done < len) {
            Page p = pageOf(cpu, va + done, AccessType.READ);
            if (p == null) {
                break;
            }
            int off = (int) (va + done) & Page.MASK;
            int n = Math.min(len - done, Page.SIZE - off);
            System.arraycopy(p.data, off, out, done, n);
            done += n;
        }
        return java.util.Arrays.copyOf(out, done);
    }

    /** Writes {@code data} at {@code va}; false (nothing written) if any page faults or is not RAM. */
    public static boolean writeVirtual(Cpu cpu, long va, byte[] data) {
        // Translate every page before writing anything, so a fault leaves memory unchanged.
        for (long a = va; Long.compareUnsigned(a - va, data.length) < 0; a = (a | Page.MASK) + 1) {
            if (pageOf(cpu, a, AccessType.WRITE) == null) {
                return false;
            }
        }
        int done = 0;
        while (done < data.length) {
            Page p = pageOf(cpu, va + done, AccessType.WRITE);
            int off = (int) (va + done) & Page.MASK;
            int n = Math.min(data.length - done, Page.SIZE - off);
            System.arraycopy(data, done, p.data, off, n);
            p.invalidate(off, n); // drop decoded instructions the write replaced
            done += n;
        }
        return true;
    }

    /** Up to {@code len} bytes of RAM at physical address {@code pa}; fewer where RAM ends. */
    public static byte[] readPhysical(PhysicalMemory memory, long pa, int len) {
        byte[] out = new byte[len];
        int done = 0;
        while (done < len) {
            Page p = memory.page(pa + done);
            if (p == null) {
                break;
            }
            int off = (int) (pa + done) & Page.MASK;
            int n = Math.min(len - done, Page.SIZE - off);
            System.arraycopy(p.data, off, out, done, n);
            done += n;
        }
        return java.util.Arrays.copyOf(out, done);
    }

    /**
     * The RAM page behind {@code va}, or null. Privileged permission checks are the CPU's current
     * ones; a debugger at EL0 cannot see kernel memory, as on hardware without a debug override.
     */
    private static Page pageOf(Cpu cpu, long va, AccessType type) {
        try {
            long pa = cpu.translator().translate(cpu, va, type, cpu.pc);
            return cpu.memory().page(pa);
        } catch (ArchitecturalException e) {
            return null;
        }
    }
}
