package dev.hvlab.hv.xvisor;

import dev.hvlab.core.hypervisor.El2Operations;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A guest's address space as Xvisor keeps it (core/vmm_guest_aspace.c, core/vmm_devemu.c): every
 * region (RAM, passed-through host devices, emulated devices) in a tree ordered by guest physical
 * address; {@code vmm_guest_find_region} walks it under the aspace read lock, and
 * {@code vmm_devemu_emulate_read/write} call the region's emulator. The tree's nodes are kept in the
 * hypervisor's memory so that each level of the walk is a load of a real node.
 */
final class Devemu {
    /** A region of the guest address space; {@code emulator} is null for RAM and passthrough. */
    record Region(String name, long guestPhys, long size, long hostPhys, boolean ram, Emulator emulator) {
        boolean contains(long ipa) {
            return Long.compareUnsigned(ipa - guestPhys, size) < 0;
        }
    }

    private final List<Region> regions = new ArrayList<>();
    private Region[] sorted = new Region[0];
    private final long nodes;

    /** @param nodes where the tree's nodes are (32 bytes each) in the hypervisor's memory */
    Devemu(long nodes) {
        this.nodes = nodes;
    }

    void add(Region r) {
        for (Region o : regions) {
            if (Long.compareUnsigned(r.guestPhys(), o.guestPhys() + o.size()) < 0
                    && Long.compareUnsigned(o.guestPhys(), r.guestPhys() + r.size()) < 0) {
                throw new IllegalArgumentException("region '" + r.name() + "' overlaps '" + o.name() + "'");
            }
        }
        regions.add(r);
        sorted = regions.stream().sorted(Comparator.comparingLong(Region::guestPhys)).toArray(Region[]::new);
    }

    List<Region> regions() {
        return List.of(sorted);
    }

    /** The region holding {@code ipa}, or null, without charging (setup and tests). */
    Region find(long ipa) {
        for (Region r : sorted) {
            if (r.contains(ipa)) {
                return r;
            }
        }
        return null;
    }

    /**
     * {@code vmm_guest_find_region}: read lock, then a binary-tree walk, one node load and compare per
     * level; read unlock.
     */
    Region lookup(El2Operations ops, long ipa) {
        ops.compute("vmm_read_lock(aspace)", 3);
        int lo = 0;
        int hi = sorted.length - 1;
        Region found = null;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Region r = sorted[mid];
            ops.load("rbtree node load", nodes + 32L * mid, 8);
            ops.compute("rbtree compare", 3);
            if (r.contains(ipa)) {
                found = r;
                break;
            }
            if (Long.compareUnsigned(ipa, r.guestPhys()) < 0) {
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        ops.compute("vmm_read_unlock(aspace)", 2);
        return found;
    }

    /** {@code vmm_devemu_emulate_read}: the emulator's callback for the size, little-endian data. */
    static long read(El2Operations ops, Region r, Vcpu v, long ipa, int size) {
        ops.compute("vmm_devemu_emulate_read -> " + r.emulator().name() + " read" + size * 8, 8);
        return r.emulator().read(ops, v, ipa - r.guestPhys(), size);
    }

    static void write(El2Operations ops, Region r, Vcpu v, long ipa, long value, int size) {
        ops.compute("vmm_devemu_emulate_write -> " + r.emulator().name() + " write" + size * 8, 8);
        r.emulator().write(ops, v, ipa - r.guestPhys(), value, size);
    }
}
