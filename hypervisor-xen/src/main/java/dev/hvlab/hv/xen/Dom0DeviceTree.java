package dev.hvlab.hv.xen;

import dev.hvlab.core.fdt.Fdt;
import dev.hvlab.core.fdt.FdtNode;
import dev.hvlab.core.fdt.MalformedFdtException;
import dev.hvlab.core.mem.PhysicalMemory;
import java.util.List;
import java.util.Map;

/**
 * Dom0's device tree and boot modules, as xen/arch/arm/domain_build.c makes them from the host's
 * (construct_dom0 / prepare_dtb_hwdom): the host tree copied with the memory node replaced by
 * dom0's own banks (make_memory_node: Xen's memory and the domUs' are not in it, so Linux never
 * touches them), the cpus node rebuilt for dom0's vCPUs with Xen's virtual affinities
 * (make_cpus_node: cpu@N with reg = vcpuid_to_vaffinity(N), no cpu-map), and PSCI by HVC
 * (make_psci_node). The initrd and the new DTB are placed as high as possible in dom0's first bank
 * (place_modules), because the boot loader left them at the top of RAM, which is Xen's.
 *
 * <p>Model choice: no {@code /hypervisor} node ({@code compatible = "xen,xen"}) is added, so Linux
 * boots as a plain (not PV-aware) kernel: the model has no grant tables, no
 * VCPUOP_register_vcpu_info and no PV back ends, which a Xen-aware dom0 would call at once.
 */
final class Dom0DeviceTree {
    private static final int FDT_MAGIC = 0xD00DFEED;
    private static final long MIB2 = 0x20_0000L;
    private static final long PAGE = 0x1000L;

    private Dom0DeviceTree() {
    }

    /**
     * Rewrites the DTB at {@code dtbPa} (if it is one) for dom0 and moves it and its initrd under
     * {@code firstBankEnd}. Returns the DTB's new address, or {@code dtbPa} unchanged when there is
     * no valid DTB there.
     *
     * @param banks dom0's RAM banks, {base, size} each; the first ends at {@code firstBankEnd}
     */
    static long build(PhysicalMemory mem, long dtbPa, List<long[]> banks, int vcpus, long firstBankEnd) {
        if (dtbPa == 0 || !mem.isRam(dtbPa) || read32be(mem, dtbPa) != FDT_MAGIC) {
            return dtbPa;
        }
        int total = read32be(mem, dtbPa + 4);
        if (total <= 0 || total > MIB2 || !mem.isRam(dtbPa + total - 1)) {
            return dtbPa;
        }
        byte[] blob = new byte[total];
        mem.read(dtbPa, blob, 0, total);
        Fdt host;
        try {
            host = Fdt.parse(blob);
        } catch (MalformedFdtException e) {
            return dtbPa;
        }
        long limit = firstBankEnd;
        FdtNode chosen = host.node("/chosen");
        long initrdStart = 0;
        long initrdEnd = 0;
        if (chosen != null && chosen.property("linux,initrd-start") != null) {
            initrdStart = cell64(chosen.property("linux,initrd-start"));
            initrdEnd = cell64(chosen.property("linux,initrd-end"));
        }
        long newInitrd = 0;
        if (initrdEnd > initrdStart) {
            newInitrd = (limit - (initrdEnd - initrdStart)) & ~(PAGE - 1);
            byte[] rd = new byte[(int) (initrdEnd - initrdStart)];
            mem.read(initrdStart, rd, 0, rd.length);
            mem.write(newInitrd, rd, 0, rd.length);
            limit = newInitrd;
        }
        Fdt dom0 = new Fdt();
        for (long[] r : host.reservations()) {
            dom0.reserve(r[0], r[1]);
        }
        copy(host.root(), dom0.root(), banks, vcpus, newInitrd, newInitrd + (initrdEnd - initrdStart));
        byte[] out = dom0.toDtb();
        long newDtb = (limit - MIB2) & ~(MIB2 - 1);
        mem.write(newDtb, out, 0, out.length);
        return newDtb;
    }

    private static void copy(FdtNode from, FdtNode to, List<long[]> banks, int vcpus, long initrdStart,
            long initrdEnd) {
        boolean root = from.name().isEmpty();
        for (Map.Entry<String, byte[]> e : from.properties().entrySet()) {
            to.bytes(e.getKey(), e.getValue());
        }
        if (from.name().equals("chosen") && initrdEnd > initrdStart) {
            to.cells64("linux,initrd-start", initrdStart);
            to.cells64("linux,initrd-end", initrdEnd);
        }
        if (from.name().equals("psci")) {
            to.strings("compatible", "arm,psci-1.0", "arm,psci-0.2", "arm,psci");
            to.strings("method", "hvc");
        }
        boolean memoryDone = false;
        for (FdtNode c : from.children()) {
            if (root && (c.name().equals("memory") || c.name().startsWith("memory@"))) {
                if (!memoryDone) {
                    memoryNode(to, banks);
                    memoryDone = true;
                }
                continue;
            }
            if (root && c.name().equals("cpus")) {
                cpusNode(c, to.child("cpus"), vcpus);
                continue;
            }
            copy(c, to.child(c.name()), banks, vcpus, initrdStart, initrdEnd);
        }
    }

    private static void memoryNode(FdtNode parent, List<long[]> banks) {
        FdtNode m = parent.child(String.format("memory@%x", banks.get(0)[0]));
        m.strings("device_type", "memory");
        long[] reg = new long[banks.size() * 2];
        for (int i = 0; i < banks.size(); i++) {
            reg[2 * i] = banks.get(i)[0];
            reg[2 * i + 1] = banks.get(i)[1];
        }
        m.cells64("reg", reg);
    }

    /** make_cpus_node: one cpu node per vCPU, the boot CPU's compatible, reg = the virtual affinity. */
    private static void cpusNode(FdtNode host, FdtNode to, int vcpus) {
        to.cells("#address-cells", 1);
        to.cells("#size-cells", 0);
        List<FdtNode> hostCpus = host.children().stream().filter(n -> n.name().startsWith("cpu@")).toList();
        byte[] compatible = hostCpus.isEmpty() ? null : hostCpus.get(0).property("compatible");
        for (int i = 0; i < vcpus; i++) {
            int aff = (i >>> 4 & 0xFF) << 8 | i & 0xF; // vcpuid_to_vaffinity
            FdtNode c = to.child("cpu@" + Integer.toHexString(aff));
            c.strings("device_type", "cpu");
            if (compatible != null) {
                c.bytes("compatible", compatible);
            }
            c.cells("reg", aff);
            c.strings("enable-method", "psci");
            // Other nodes (the PMU's interrupt-affinity) may name the host CPUs' phandles.
            if (i < hostCpus.size() && hostCpus.get(i).property("phandle") != null) {
                c.bytes("phandle", hostCpus.get(i).property("phandle"));
            }
        }
    }

    private static long cell64(byte[] p) {
        long v = 0;
        for (byte b : p) {
            v = v << 8 | (b & 0xFF);
        }
        return v;
    }

    private static int read32be(PhysicalMemory mem, long pa) {
        byte[] b = new byte[4];
        mem.read(pa, b, 0, 4);
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | b[3] & 0xFF;
    }
}
