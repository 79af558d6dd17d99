package dev.hvlab.hv.xvisor;

import dev.hvlab.core.fdt.Fdt;
import dev.hvlab.core.fdt.FdtNode;
import dev.hvlab.core.fdt.MalformedFdtException;
import dev.hvlab.core.mem.PhysicalMemory;

/**
 * The device tree handed to the guest that runs the booted image, made to describe that guest as an
 * Xvisor guest's device tree does (Xvisor's guest DTS lists the guest's emulated devices and its
 * RAM; the console of its Linux guests is an emulated PL011, e.g. tests/arm64/virt-v8): each
 * emulated PL011 the tree does not already describe gets a node, the first of them becomes
 * {@code /chosen/stdout-path}, and the hypervisor's own memory, if the tree's memory covers it, a
 * no-map reserved-memory node. A passed-through device keeps its node, but its interrupt is not
 * forwarded (docs/HYPERVISOR-MODELS.md), so it cannot be an interrupt-driven console.
 */
final class GuestDeviceTree {
    private static final int FDT_MAGIC = 0xD00D_FEED;
    /** The room Boot keeps for the tree (Boot.MAX_DTB): a rewritten tree must fit in it. */
    private static final int MAX_BYTES = 2 << 20;
    /** The PL011 and APB clock a virt machine describes (24 MHz). */
    private static final int PL011_CLOCK_HZ = 24_000_000;
    private static final int GIC_SPI = 0;
    private static final int IRQ_TYPE_LEVEL_HIGH = 4;

    private GuestDeviceTree() {
    }

    /**
     * Rewrites the tree at guest physical {@code dtb} of guest {@code g} (configured by {@code gc})
     * in place. Returns false, changing nothing, when {@code dtb} holds no valid tree in the guest's
     * RAM (a bare-metal image needs none).
     */
    static boolean describe(PhysicalMemory memory, long dtb, GuestVm g, XvisorConfig.Guest gc,
            XvisorConfig.Range hypervisorMemory) {
        Devemu.Region r = g.aspace.find(dtb);
        if (r == null || !r.ram() || !r.contains(dtb + 8)) {
            return false;
        }
        long pa = r.hostPhys() + (dtb - r.guestPhys());
        byte[] header = new byte[8];
        memory.read(pa, header, 0, 8);
        if (u32(header, 0) != FDT_MAGIC) {
            return false;
        }
        int size = u32(header, 4);
        if (size < 40 || size > MAX_BYTES || !r.contains(dtb + size - 1)) {
            return false;
        }
        byte[] blob = new byte[size];
        memory.read(pa, blob, 0, size);
        Fdt fdt;
        try {
            fdt = Fdt.parse(blob);
        } catch (MalformedFdtException e) {
            return false;
        }
        FdtNode root = fdt.root();
        String console = null;
        int clock = 0;
        for (XvisorConfig.Device d : gc.devices()) {
            if (!d.compatible().equals(XvisorConfig.PL011) || describes(root, d.guestPhys())) {
                continue;
            }
            if (clock == 0) {
                clock = maxPhandle(root) + 1;
                FdtNode c = root.child("xvisor-pl011-clk");
                c.strings("compatible", "fixed-clock");
                c.cells("#clock-cells", 0);
                c.cells("clock-frequency", PL011_CLOCK_HZ);
                c.strings("clock-output-names", "xvisor:pl011");
                c.cells("phandle", clock);
            }
            String name = "pl011@" + Long.toHexString(d.guestPhys());
            FdtNode n = root.child(name);
            n.strings("compatible", "arm,pl011", "arm,primecell");
            n.cells64("reg", d.guestPhys(), 0x1000);
            n.cells("interrupts", GIC_SPI, d.irq() - 32, IRQ_TYPE_LEVEL_HIGH);
            n.cells("clocks", clock, clock);
            n.strings("clock-names", "uartclk", "apb_pclk");
            if (console == null) {
                console = "/" + name;
            }
        }
        if (console != null) {
            FdtNode chosen = root.find("chosen");
            if (chosen == null) {
                chosen = root.child("chosen");
            }
            chosen.strings("stdout-path", console);
        }
        boolean reserved = reserveHypervisorMemory(root, hypervisorMemory);
        if (console == null && !reserved) {
            return true;
        }
        byte[] out = fdt.toDtb();
        if (out.length > MAX_BYTES || !r.contains(dtb + out.length - 1)) {
            return false;
        }
        memory.write(pa, out, 0, out.length);
        return true;
    }

    /** Whether a node directly under the root has a {@code reg} starting at {@code address} (#address-cells 2). */
    private static boolean describes(FdtNode root, long address) {
        for (FdtNode n : root.children()) {
            int[] reg = n.cellsOf("reg");
            if (reg != null && reg.length >= 2 && ((long) reg[0] << 32 | reg[1] & 0xFFFF_FFFFL) == address) {
                return true;
            }
        }
        return false;
    }

    private static boolean reserveHypervisorMemory(FdtNode root, XvisorConfig.Range hv) {
        boolean covered = false;
        for (FdtNode n : root.children()) {
            int[] reg = n.cellsOf("reg");
            if (!n.name().startsWith("memory") || reg == null) {
                continue;
            }
            for (int i = 0; i + 3 < reg.length; i += 4) {
                long base = (long) reg[i] << 32 | reg[i + 1] & 0xFFFF_FFFFL;
                long size = (long) reg[i + 2] << 32 | reg[i + 3] & 0xFFFF_FFFFL;
                if (Long.compareUnsigned(hv.physStart(), base + size) < 0
                        && Long.compareUnsigned(base, hv.physStart() + hv.size()) < 0) {
                    covered = true;
                }
            }
        }
        if (!covered) {
            return false;
        }
        FdtNode rm = root.find("reserved-memory");
        if (rm == null) {
            rm = root.child("reserved-memory");
            rm.cells("#address-cells", 2);
            rm.cells("#size-cells", 2);
            rm.flag("ranges");
        }
        FdtNode n = rm.child("xvisor@" + Long.toHexString(hv.physStart()));
        n.cells64("reg", hv.physStart(), hv.size());
        n.flag("no-map");
        return true;
    }

    private static int maxPhandle(FdtNode n) {
        int max = 0;
        int[] p = n.cellsOf("phandle");
        if (p != null && p.length == 1) {
            max = p[0];
        }
        for (FdtNode c : n.children()) {
            max = Math.max(max, maxPhandle(c));
        }
        return max;
    }

    private static int u32(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | b[off + 3] & 0xFF;
    }
}
