package dev.hvlab.core.mem;

import java.util.ArrayList;
import java.util.List;

/**
 * The RAM of the physical address space: regions whose pages are allocated on first touch, so a
 * 2 GiB board costs nothing until the guest uses it. Overlapping regions are rejected.
 */
public final class PhysicalMemory {
    private static final class Region {
        final long base;
        final long size;
        final Page[] pages;

        Region(long base, long size) {
            this.base = base;
            this.size = size;
            this.pages = new Page[(int) (size >>> Page.SHIFT)];
        }
    }

    /** A device mapped at [base, base + size). */
    public record DeviceRegion(long base, long size, String name, MmioDevice device) {
        boolean contains(long pa) {
            return Long.compareUnsigned(pa - base, size) < 0;
        }
    }

    private final List<Region> regions = new ArrayList<>();
    private final List<DeviceRegion> devices = new ArrayList<>();
    private Region last;

    /** Maps a device; its region must not overlap RAM or another device. */
    public void addDevice(long base, long size, String name, MmioDevice device) {
        if (size <= 0) {
            throw new IllegalArgumentException(name + ": empty device region");
        }
        for (Region r : regions) {
            if (base < r.base + r.size && r.base < base + size) {
                throw new IllegalArgumentException(String.format("device %s at 0x%x+0x%x overlaps RAM at 0x%x", name, base, size, r.base));
            }
        }
        for (DeviceRegion d : devices) {
            if (base < d.base() + d.size() && d.base() < base + size) {
                throw new IllegalArgumentException(String.format("device %s at 0x%x+0x%x overlaps %s", name, base, size, d.name()));
            }
        }
        devices.add(new DeviceRegion(base, size, name, device));
    }

    /** The device region holding {@code pa}, or null. */
    public DeviceRegion device(long pa) {
        for (DeviceRegion d : devices) {
            if (d.contains(pa)) {
                return d;
            }
        }
        return null;
    }

    public List<DeviceRegion> devices() {
        return List.copyOf(devices);
    }

    /** Adds a RAM region; base and size must be page-aligned and must not overlap another region. */
    public void addRam(long base, long size) {
        if ((base & Page.MASK) != 0 || (size & Page.MASK) != 0 || size <= 0) {
            throw new IllegalArgumentException(String.format("RAM region 0x%x+0x%x is not page-aligned", base, size));
        }
        if ((size >>> Page.SHIFT) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(String.format("RAM region 0x%x+0x%x is too large", base, size));
        }
        for (Region r : regions) {
            if (base < r.base + r.size && r.base < base + size) {
                throw new IllegalArgumentException(String.format(
                        "RAM region 0x%x+0x%x overlaps 0x%x+0x%x", base, size, r.base, r.size));
            }
        }
        for (DeviceRegion d : devices) {
            if (base < d.base() + d.size() && d.base() < base + size) {
                throw new IllegalArgumentException(String.format("RAM region 0x%x+0x%x overlaps device %s", base, size, d.name()));
            }
        }
        regions.add(new Region(base, size));
    }

    /** The RAM page holding {@code pa}, allocated on first touch, or null when {@code pa} is not RAM. */
    public Page page(long pa) {
        Region r = last;
        if (r == null || Long.compareUnsigned(pa - r.base, r.size) >= 0) {
            r = null;
            for (Region c : regions) {
                if (Long.compareUnsigned(pa - c.base, c.size) < 0) {
                    r = c;
                    break;
                }
            }
            if (r == null) {
                return null;
            }
            last = r;
        }
        int i = (int) ((pa - r.base) >>> Page.SHIFT);
        Page p = r.pages[i];
        if (p == null) {
            p = new Page(pa & ~(long) Page.MASK);
            r.pages[i] = p;
        }
        return p;
    }

    public boolean isRam(long pa) {
        for (Region c : regions) {
            if (Long.compareUnsigned(pa - c.base, c.size) < 0) {
                return true;
            }
        }
        return false;
    }

    /** Copies bytes into RAM (loaders). */
    public void write(long pa, byte[] src, int off, int len) {
        while (len > 0) {
            Page p = page(pa);
            if (p == null) {
                throw new IllegalArgumentException(String.format("0x%x is not RAM", pa));
            }
            int po = (int) (pa & Page.MASK);
            int n = Math.min(len, Page.SIZE - po);
            System.arraycopy(src, off, p.data, po, n);
            p.invalidate(po, n);
            pa += n;
            off += n;
            len -= n;
        }
    }

    /** Copies bytes out of RAM. */
    public void read(long pa, byte[] dst, int off, int len) {
        while (len > 0) {
            Page p = page(pa);
            if (p == null) {
                throw new IllegalArgumentException(String.format("0x%x is not RAM", pa));
            }
            int po = (int) (pa & Page.MASK);
            int n = Math.min(len, Page.SIZE - po);
            System.arraycopy(p.data, po, dst, off, n);
            pa += n;
            off += n;
            len -= n;
        }
    }
}
