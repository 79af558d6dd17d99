package dev.hvlab.hv.kvm;

import dev.hvlab.core.fdt.Fdt;
import dev.hvlab.core.fdt.FdtNode;
import dev.hvlab.core.fdt.MalformedFdtException;
import dev.hvlab.core.mem.PhysicalMemory;

/**
 * The device tree the VMM gives its VM (as kvmtool's arm/fdt.c builds one; the Devicetree
 * Specification v0.4 and Linux's bindings): the VM's RAM, one CPU per vCPU with its virtual MPIDR
 * and PSCI over HVC (KVM's PSCI), the vGICv3's distributor and redistributors, the generic timer,
 * each virtio-mmio device of the VMM, and /chosen carried over from the tree the kernel was booted
 * with (its command line, its rng-seed, and its initrd, which the VMM loads into the VM's RAM). The emulated LPUART has
 * no node: Linux's driver wants clocks and registers the VMM does not emulate; it stays usable as
 * {@code earlycon=lpuart32,mmio32,ADDRESS}.
 */
final class GuestDeviceTree {
    static final int FDT_MAGIC = 0xD00D_FEED;
    static final int GIC_SPI = 0;
    static final int GIC_PPI = 1;
    static final int IRQ_TYPE_EDGE_RISING = 1;
    static final int IRQ_TYPE_LEVEL_LOW = 8;
    static final long VIRTIO_MMIO_SIZE = 0x200;
    static final long MIB2 = 0x20_0000L;
    private static final int GIC_PHANDLE = 1;

    /** Where the VMM put the VM's device tree and initrd. */
    record Placement(long dtb, long initrdStart, long initrdEnd) {
    }

    private GuestDeviceTree() {
    }

    /** Whether the booted kernel's {@code x0} points at a flattened device tree in RAM. */
    static boolean isDtb(PhysicalMemory memory, long pa) {
        try {
            return read32(memory, pa) == FDT_MAGIC;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Builds the VM's tree from the boot tree at {@code bootDtb}, loads the boot tree's initrd and
     * the new tree at the top of the VM's RAM (the tree 2 MiB-aligned in the last 2 MiB, as the arm64
     * boot protocol asks, the initrd page-aligned just below), and returns where they are.
     */
    static Placement load(PhysicalMemory memory, long bootDtb, KvmConfig config, long gicd, long gicr,
            java.util.List<Vcpu> vcpus) {
        int size = read32(memory, bootDtb + 4);
        byte[] blob = new byte[size];
        memory.read(bootDtb, blob, 0, size);
        Fdt boot;
        try {
            boot = Fdt.parse(blob);
        } catch (MalformedFdtException e) {
            throw new dev.hvlab.core.config.UserInputException("kvm: the booted kernel's device tree: " + e.getMessage());
        }
        KvmConfig.Region ram = config.vm().memory();
        long ramEnd = ram.physStart() + ram.size();
        long dtbAt = ramEnd - MIB2;
        long initrdStart = 0;
        long initrdEnd = 0;
        FdtNode chosen = boot.node("/chosen");
        String bootargs = "";
        byte[] rngSeed = null;
        if (chosen != null) {
            if (chosen.property("bootargs") != null) {
                bootargs = chosen.stringsOf("bootargs").get(0);
            }
            rngSeed = chosen.property("rng-seed");
            long s = cell64(chosen, "linux,initrd-start");
            long e = cell64(chosen, "linux,initrd-end");
            if (e > s) {
                byte[] initrd = new byte[(int) (e - s)];
                memory.read(s, initrd, 0, initrd.length);
                initrdStart = (dtbAt - initrd.length) & ~0xFFFL;
                initrdEnd = initrdStart + initrd.length;
                if (initrdStart < ram.physStart()) {
                    throw new dev.hvlab.core.config.UserInputException("kvm: the initrd does not fit in the VM's RAM");
                }
                memory.write(initrdStart, initrd, 0, initrd.length);
            }
        }
        Fdt vm = build(config, gicd, gicr, vcpus, bootargs, initrdStart, initrdEnd);
        if (rngSeed != null) {
            // QEMU's virt gives its guests a fresh rng-seed (dtb-randomness, on by default); the
            // VMM here passes the boot tree's bytes on, so that runs stay deterministic. Without a
            // seed the guest's CRNG stays unseeded and every system call pays for it.
            vm.node("/chosen").bytes("rng-seed", rngSeed);
        }
        byte[] dtb = vm.toDtb();
        memory.write(dtbAt, dtb, 0, dtb.length);
        return new Placement(dtbAt, initrdStart, initrdEnd);
    }

    /** The VM's tree. */
    static Fdt build(KvmConfig config, long gicd, long gicr, java.util.List<Vcpu> vcpus, String bootargs,
            long initrdStart, long initrdEnd) {
        Fdt fdt = new Fdt();
        FdtNode root = fdt.root();
        root.strings("compatible", "linux,dummy-virt");
        root.cells("#address-cells", 2);
        root.cells("#size-cells", 2);
        root.cells("interrupt-parent", GIC_PHANDLE);
        KvmConfig.Region ram = config.vm().memory();
        FdtNode mem = root.child("memory@" + Long.toHexString(ram.physStart()));
        mem.strings("device_type", "memory");
        mem.cells64("reg", ram.physStart(), ram.size());
        FdtNode cpus = root.child("cpus");
        cpus.cells("#address-cells", 1);
        cpus.cells("#size-cells", 0);
        for (Vcpu v : vcpus) {
            FdtNode c = cpus.child("cpu@" + Long.toHexString(v.affinity()));
            c.strings("device_type", "cpu");
            c.strings("compatible", "arm,arm-v8");
            c.cells("reg", (int) v.affinity());
            c.strings("enable-method", "psci");
        }
        FdtNode psci = root.child("psci");
        psci.strings("compatible", "arm,psci-1.0", "arm,psci-0.2");
        psci.strings("method", "hvc");
        FdtNode gic = root.child("intc@" + Long.toHexString(gicd));
        gic.strings("compatible", "arm,gic-v3");
        gic.cells("#interrupt-cells", 3);
        gic.flag("interrupt-controller");
        gic.cells("#address-cells", 2); // dtc's interrupt_provider check; no ITS child here
        gic.cells("#size-cells", 2);
        gic.flag("ranges");
        gic.cells64("reg", gicd, 0x1_0000, gicr, vcpus.size() * Vgic.GICR_STRIDE);
        gic.cells("phandle", GIC_PHANDLE);
        FdtNode timer = root.child("timer");
        timer.strings("compatible", "arm,armv8-timer");
        timer.cells("interrupts",
                GIC_PPI, 13, IRQ_TYPE_LEVEL_LOW, GIC_PPI, 14, IRQ_TYPE_LEVEL_LOW,
                GIC_PPI, 11, IRQ_TYPE_LEVEL_LOW, GIC_PPI, 10, IRQ_TYPE_LEVEL_LOW);
        timer.flag("always-on");
        for (KvmConfig.Device d : config.vmm().devices()) {
            if (!d.type().equals(KvmConfig.Device.VIRTIO_CONSOLE)) {
                continue;
            }
            FdtNode n = root.child("virtio_mmio@" + Long.toHexString(d.base()));
            n.strings("compatible", "virtio,mmio");
            n.cells64("reg", d.base(), VIRTIO_MMIO_SIZE);
            if (d.irq() != 0) {
                n.cells("interrupts", GIC_SPI, d.irq() - 32, IRQ_TYPE_EDGE_RISING);
            }
            n.flag("dma-coherent");
        }
        FdtNode chosen = root.child("chosen");
        if (!bootargs.isEmpty()) {
            chosen.strings("bootargs", bootargs);
        }
        if (initrdEnd > initrdStart) {
            chosen.cells64("linux,initrd-start", initrdStart);
            chosen.cells64("linux,initrd-end", initrdEnd);
        }
        return fdt;
    }

    private static long cell64(FdtNode n, String prop) {
        int[] c = n.property(prop) == null ? null : n.cellsOf(prop);
        if (c == null || c.length == 0) {
            return 0;
        }
        return c.length == 1 ? c[0] & 0xFFFF_FFFFL : (long) c[0] << 32 | c[1] & 0xFFFF_FFFFL;
    }

    private static int read32(PhysicalMemory memory, long pa) {
        byte[] b = new byte[4];
        memory.read(pa, b, 0, 4);
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | b[3] & 0xFF;
    }
}
