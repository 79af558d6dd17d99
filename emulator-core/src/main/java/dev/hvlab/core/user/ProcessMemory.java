package dev.hvlab.core.user;

import dev.hvlab.core.mem.Page;

/**
 * brk, mmap, munmap and mprotect of a single-threaded process (mm/mmap.c, mm/mprotect.c), on an
 * {@link AddressSpace}. Mappings are anonymous and private; new ones are placed top-down below
 * {@link #MMAP_BASE}, as Linux's default layout does, without randomisation.
 */
final class ProcessMemory {
    static final int MAP_SHARED = 0x01;
    static final int MAP_PRIVATE = 0x02;
    static final int MAP_FIXED = 0x10;
    static final int MAP_ANONYMOUS = 0x20;
    static final int MAP_FIXED_NOREPLACE = 0x100000;
    /** PROT_BTI and PROT_MTE: accepted and ignored (a Cortex-A72 has neither). */
    private static final int PROT_ARM64_EXTRA = 0x30;

    /** mmap_base: the stack top less RLIMIT_STACK and Linux's minimum 128 MiB gap. */
    static final long MMAP_BASE = InitialStack.STACK_TOP - InitialStack.STACK_SIZE - (128L << 20);
    /** mmap_min_addr. */
    static final long MMAP_MIN = 0x10000;

    private final AddressSpace as;
    private final long brkStart;
    private long brk;

    ProcessMemory(AddressSpace as, long brkStart) {
        this.as = as;
        this.brkStart = brkStart;
        this.brk = brkStart;
    }

    private static long pageUp(long a) {
        return (a + Page.MASK) & ~(long) Page.MASK;
    }

    /** brk(2): moves the break if it can and returns the (possibly unchanged) break. */
    long brk(long requested) {
        if (Long.compareUnsigned(requested, brkStart) < 0 || Long.compareUnsigned(requested, MMAP_BASE) >= 0) {
            return brk;
        }
        long oldTop = pageUp(brk);
        long newTop = pageUp(requested);
        if (newTop > oldTop) {
            if (!as.isFree(oldTop, newTop)) {
                return brk;
            }
            as.map(oldTop, newTop - oldTop, AddressSpace.PROT_READ | AddressSpace.PROT_WRITE);
        } else if (newTop < oldTop) {
            as.unmap(newTop, oldTop - newTop);
        }
        brk = requested;
        return brk;
    }

    /** mmap(2) of anonymous memory: the address or -errno. */
    long mmap(long addr, long length, int prot, int flags, int fd, long offset) {
        if (length == 0 || (prot & ~(7 | PROT_ARM64_EXTRA)) != 0) {
            return -Errno.EINVAL;
        }
        int type = flags & (MAP_SHARED | MAP_PRIVATE);
        if (type == 0 || type == (MAP_SHARED | MAP_PRIVATE)) {
            return -Errno.EINVAL;
        }
        if ((flags & MAP_ANONYMOUS) == 0) {
            return -Errno.ENODEV; // file mappings are not supported
        }
        if (Long.compareUnsigned(length, AddressSpace.VA_LIMIT) > 0) {
            return -Errno.ENOMEM;
        }
        long len = pageUp(length);
        boolean fixed = (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) != 0;
        if (fixed) {
            if ((addr & Page.MASK) != 0) {
                return -Errno.EINVAL;
            }
            if (Long.compareUnsigned(addr, MMAP_MIN) < 0 || Long.compareUnsigned(len, AddressSpace.VA_LIMIT - addr) > 0) {
                return -Errno.ENOMEM;
            }
            if ((flags & MAP_FIXED) == 0 && !as.isFree(addr, addr + len)) {
                return -Errno.EEXIST;
            }
        } else {
            long hint = addr & ~(long) Page.MASK;
            if (hint != 0 && Long.compareUnsigned(hint, MMAP_MIN) >= 0
                    && Long.compareUnsigned(len, AddressSpace.VA_LIMIT - hint) <= 0 && as.isFree(hint, hint + len)) {
                addr = hint;
            } else {
                addr = as.findFree(len, MMAP_BASE, Math.max(MMAP_MIN, pageUp(brk)));
                if (addr < 0) {
                    return -Errno.ENOMEM;
                }
            }
        }
        as.map(addr, len, prot & 7);
        return addr;
    }

    long munmap(long addr, long length) {
        if ((addr & Page.MASK) != 0 || length == 0 || Long.compareUnsigned(addr, AddressSpace.VA_LIMIT) >= 0
                || Long.compareUnsigned(length, AddressSpace.VA_LIMIT) > 0) {
            return -Errno.EINVAL;
        }
        long len = Math.min(pageUp(length), AddressSpace.VA_LIMIT - addr);
        as.unmap(addr, len);
        return 0;
    }

    long mprotect(long addr, long length, int prot) {
        if ((addr & Page.MASK) != 0 || (prot & ~(7 | PROT_ARM64_EXTRA)) != 0) {
            return -Errno.EINVAL;
        }
        if (Long.compareUnsigned(length, AddressSpace.VA_LIMIT) > 0) {
            return -Errno.ENOMEM;
        }
        long len = pageUp(length);
        if (Long.compareUnsigned(addr, AddressSpace.VA_LIMIT) >= 0 || Long.compareUnsigned(len, AddressSpace.VA_LIMIT - addr) > 0) {
            return -Errno.ENOMEM;
        }
        return as.protect(addr, len, prot & 7) ? 0 : -Errno.ENOMEM;
    }
}
