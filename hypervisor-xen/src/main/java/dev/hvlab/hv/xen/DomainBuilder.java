package dev.hvlab.hv.xen;

import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.config.UserInputException;
import dev.hvlab.core.hypervisor.El2Platform;
import dev.hvlab.core.hypervisor.Stage2Tables;
import dev.hvlab.core.loader.Arm64Image;
import dev.hvlab.core.loader.ElfFile;
import dev.hvlab.core.loader.ElfFormatException;
import dev.hvlab.core.loader.ImageFormatException;
import dev.hvlab.core.mem.PhysicalMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Domain construction at boot (xen/arch/arm/domain_build.c, dom0less-build.c): dom0 direct-mapped
 * over the RAM Xen and the domUs leave, with every board device but the GIC passed through and
 * every SPI routed to it (HW-mapped); each domU with its RAM at GUEST_RAM0_BASE, the vGIC at the
 * guest layout's addresses, the vpl011, and its kernel: a bare-metal ELF (x0 = 0 at its entry) or
 * a Linux arm64 Image placed as kernel.c does, with a device tree as dom0less-build.c generates
 * ({@link DomUDeviceTree}) and x0 = its address.
 */
final class DomainBuilder {
    static final long RAM_ATTRS = Stage2Tables.SH_INNER | Stage2Tables.S2AP_RW | Stage2Tables.NORMAL;
    static final long DEVICE_ATTRS = Stage2Tables.S2AP_RW | Stage2Tables.DEVICE | Stage2Tables.XN;
    static final long RTDS_PERIOD_US = 10_000;
    static final long RTDS_BUDGET_US = 4_000;
    static final int DEFAULT_WEIGHT = 256;

    private final XenModel xen;
    private final El2Platform p;
    /** The machine's CPUs (per-pCPU arrays are this long). */
    private final int pcpus;
    /** Xen's pCPUs (the online ones): where vCPUs go and what "every pCPU" means. */
    private final int[] online;
    /** The top of the RAM still free for domUs (they are placed downwards from Xen's memory). */
    private long domUTop;
    /** domids of the domUs count from 1 whether or not there is a dom0, as Xen's create_domUs does. */
    private int nextDomid = 1;

    DomainBuilder(XenModel xen, El2Platform p) {
        this.xen = xen;
        this.p = p;
        this.pcpus = p.machine().cpus().size();
        this.online = xen.pcpus();
        this.domUTop = xen.memory().base;
    }

    private Stage2Tables p2m(int domid) {
        if (domid >= XenMemory.MAX_DOMAINS) {
            throw new UserInputException("xen: at most " + (XenMemory.MAX_DOMAINS - 1) + " domUs");
        }
        return new Stage2Tables(p.machine().memory(), XenModel.IPA_BITS, xen.memory().p2mArena(domid),
                XenMemory.P2M_ARENA);
    }

    /** vgic_def_nr_spis: as many SPIs as the host's GIC has (dom0 and, without an nr_spis property, every domU). */
    private int spiCount() {
        long typer = p.gic().distributor().read(0, 4, 4);
        return (int) ((typer & 0x1F) + 1) * 32 - 32;
    }

    void buildDom0(long entry, long x0) {
        XenConfig.CommandLine cl = xen.config.xen();
        long domUBytes = 0;
        for (XenConfig.Domain d : xen.config.domains()) {
            domUBytes += align2m(d.memory() << 20);
        }
        BoardConfig.Ram first = p.board().ram().get(0);
        long end = xen.memory().base - domUBytes;
        long dom0Mem = XenConfigs.parseSize(cl.dom0_mem());
        if (dom0Mem > 0) {
            end = Math.min(end, first.base() + dom0Mem);
        }
        if (end <= first.base() || entry < first.base() || entry >= end) {
            throw new UserInputException(String.format("xen: dom0 gets RAM 0x%x-0x%x, which does not hold its entry 0x%x "
                    + "(dom0_mem and the domUs' memory too large?)", first.base(), end, entry));
        }
        List<long[]> banks = new java.util.ArrayList<>();
        banks.add(new long[] {first.base(), end - first.base()});
        for (BoardConfig.Ram r : p.board().ram().subList(1, p.board().ram().size())) {
            banks.add(new long[] {r.base(), r.size()});
        }
        int vcpus = cl.dom0_max_vcpus() == 0 ? online.length : cl.dom0_max_vcpus();
        long dtb = Dom0DeviceTree.build(p.machine().memory(), x0, banks, vcpus, end);
        Stage2Tables t = p2m(0);
        for (long[] b : banks) {
            t.map(b[0], b[0], b[1], RAM_ATTRS);
        }
        for (BoardConfig.Device dev : p.board().devices()) {
            if (!dev.type().startsWith("gicv3-")) {
                t.map(dev.base(), dev.base(), (dev.size() + 0xFFF) & ~0xFFFL, DEVICE_ATTRS);
            }
        }
        XenDomain d = new XenDomain(0, "Domain-0", t, first.base(), first.base(), end - first.base(),
                p.device("gicv3-distributor").base(), p.device("gicv3-redistributor").base(), spiCount(),
                DEFAULT_WEIGHT, RTDS_PERIOD_US * 1000, RTDS_BUDGET_US * 1000, cl.vpmu(),
                xen.memory().sharedInfo(0), pcpus);
        for (PendingIrq n : d.spis) {
            n.hwIrq = n.virq; // route_irq_to_guest: dom0 owns the board's SPIs
        }
        for (int i = 0; i < vcpus; i++) {
            Vcpu v = newVcpu(d, i);
            // dom0_setup_vcpu: the processors cycle through the online pCPUs; pinned, each to its own.
            int cpu = online[i % online.length];
            if (cl.dom0_vcpus_pin()) {
                v.affinity[cpu] = true;
            } else {
                allOnline(v);
            }
            v.processor = cpu;
        }
        resetContext(p.machine().memory(), d.vcpus.get(0), entry, dtb);
        xen.addDomain(d);
    }

    void buildDomU(XenConfig.Domain c) {
        int domid = nextDomid++;
        xen.console().printk(String.format("*** LOADING DOMU cpus=%d memory=%#xKB ***\n", c.vcpus(),
                c.memory() * 1024));
        long size = align2m(c.memory() << 20);
        long pa = domUTop - size;
        domUTop = pa;
        Stage2Tables t = p2m(domid);
        t.map(XenDomain.GUEST_RAM0_BASE, pa, size, RAM_ATTRS);
        XenDomain d = new XenDomain(domid, c.name(), t, XenDomain.GUEST_RAM0_BASE, pa, size,
                XenDomain.GUEST_GICV3_GICD_BASE, XenDomain.GUEST_GICV3_GICR0_BASE, spiCount(), c.cpu_weight(),
                c.period() * 1000, c.budget() * 1000, c.vpmu(), xen.memory().sharedInfo(domid), pcpus);
        List<Integer> cpus = c.cpus();
        for (int cpu : cpus) {
            if (cpu < 0 || cpu >= pcpus) {
                throw new UserInputException("xen: domain '" + c.name() + "' names pCPU " + cpu + " but there are "
                        + pcpus);
            }
            if (!xen.online(cpu)) {
                throw new UserInputException("xen: domain '" + c.name() + "' names pCPU " + cpu + ", which Xen parked "
                        + "(its MIDR differs from the boot CPU's; hmp-unsafe: true keeps it): Xen's pCPUs are "
                        + java.util.Arrays.toString(online));
            }
        }
        for (int i = 0; i < c.vcpus(); i++) {
            Vcpu v = newVcpu(d, i);
            if (cpus.isEmpty()) {
                allOnline(v);
                v.processor = online[i % online.length];
            } else {
                for (int cpu : cpus) {
                    v.affinity[cpu] = true;
                }
                v.processor = cpus.get(i % cpus.size());
            }
        }
        d.vpl011 = xen.newVpl011(d); // dom0less: every domU gets the vpl011 with its back end in Xen
        byte[] kernel = readFile(c, "kernel", c.kernel());
        long entry;
        long x0 = 0;
        if (isElf(kernel)) {
            entry = loadElf(d, c, kernel);
        } else {
            KernelPlacement at = loadImage(d, c, kernel);
            entry = at.entry();
            x0 = at.dtb();
        }
        resetContext(p.machine().memory(), d.vcpus.get(0), entry, x0);
        xen.addDomain(d);
    }

    /**
     * Where kernel_zimage_load and place_modules (xen/arch/arm/kernel.c) put a 64-bit Image, its
     * device tree and its initrd in the domain's first bank; the kernel is entered at its load
     * address with x0 = the DTB.
     */
    record KernelPlacement(long entry, long kernelEnd, long dtb, long initrdStart, long initrdEnd) {
    }

    static final long MIB2 = 0x20_0000L;
    static final long MIB128 = 0x800_0000L;

    /**
     * kernel_zimage_place for an Image (bank start + text_offset; the length is the file's, as
     * kernel_zimage64_probe takes it) and place_modules: the DTB and the initrd, each rounded up
     * to 2 MiB, at 128 MiB into the bank when they fit there above the kernel, else at the top
     * of the bank, else just below the kernel.
     */
    static KernelPlacement place(String domain, long ramBase, long ramSize, long textOffset, long kernelLen,
            long initrdLen) {
        long kernbase = ramBase + textOffset;
        long kernend = kernbase + kernelLen;
        long initrdRounded = align2m(initrdLen);
        long dtbLen = MIB2; // the generated tree is a few KiB: fdt_totalsize rounded up to 2 MiB
        long modsize = initrdRounded + dtbLen;
        long ramend = ramBase + ramSize;
        long kernsize = align2m(kernend) - kernbase;
        long ram128mb = ramBase + MIB128;
        if (modsize + kernsize > ramSize) {
            throw new UserInputException("xen: domain '" + domain
                    + "': not enough memory in the first bank for the kernel+dtb+initrd");
        }
        long modbase;
        if (ramend >= ram128mb + modsize && kernend < ram128mb) {
            modbase = ram128mb;
        } else if (ramend - modsize > align2m(kernend)) {
            modbase = ramend - modsize;
        } else if (kernbase - ramBase > modsize) {
            modbase = kernbase - modsize;
        } else {
            throw new UserInputException("xen: domain '" + domain + "': unable to find a place for dtb+initrd");
        }
        long initrd = modbase + dtbLen;
        return new KernelPlacement(kernbase, kernend, modbase, initrd, initrd + initrdLen);
    }

    /** A Linux arm64 Image (gzip-compressed too, as Debian's vmlinuz): kernel, initrd and device tree. */
    private KernelPlacement loadImage(XenDomain d, XenConfig.Domain c, byte[] file) {
        Arm64Image image;
        try {
            image = Arm64Image.parse(c.kernel(), file);
        } catch (ImageFormatException e) {
            throw new UserInputException("xen: domain '" + c.name() + "' kernel: neither an ELF nor " + e.getMessage());
        }
        byte[] initrd = c.ramdisk().isEmpty() ? new byte[0] : readFile(c, "ramdisk", c.ramdisk());
        KernelPlacement at = place(c.name(), d.ramIpa, d.ramSize, image.textOffset(), image.bytes().length,
                initrd.length);
        if (!d.ramContains(at.entry(), image.imageSize())) {
            throw new UserInputException(String.format("xen: domain '%s' kernel needs 0x%x bytes, more than its RAM",
                    c.name(), image.imageSize()));
        }
        PhysicalMemory m = p.machine().memory();
        m.write(d.toPa(at.entry()), image.bytes(), 0, image.bytes().length);
        if (initrd.length > 0) {
            m.write(d.toPa(at.initrdStart()), initrd, 0, initrd.length);
        }
        String compatible = "arm," + p.coreType(0);
        byte[] dtb = DomUDeviceTree.build(d, compatible, c.extra(), at.initrdStart(), at.initrdEnd()).toDtb();
        m.write(d.toPa(at.dtb()), dtb, 0, dtb.length);
        d.kernel = at;
        return at;
    }

    private static boolean isElf(byte[] b) {
        return b.length >= 4 && b[0] == 0x7F && b[1] == 'E' && b[2] == 'L' && b[3] == 'F';
    }

    private byte[] readFile(XenConfig.Domain c, String what, String name) {
        Path file = p.resolve(name);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserInputException("xen: domain '" + c.name() + "' " + what + " '" + file + "': " + e.getMessage());
        }
    }

    /** No hard affinity: every pCPU Xen has (cpupool0's online CPUs). */
    private void allOnline(Vcpu v) {
        for (int cpu : online) {
            v.affinity[cpu] = true;
        }
    }

    private Vcpu newVcpu(XenDomain d, int id) {
        Vcpu v = new Vcpu(d, id, xen.memory().vcpu(xen.allocateVcpuSlot()), false, pcpus);
        d.vcpus.add(v);
        return v;
    }

    private long loadElf(XenDomain d, XenConfig.Domain c, byte[] kernel) {
        ElfFile elf;
        try {
            elf = ElfFile.parse(c.kernel(), kernel);
        } catch (ElfFormatException e) {
            throw new UserInputException("xen: domain '" + c.name() + "': " + e.getMessage());
        }
        long top = 0;
        for (ElfFile.Segment s : elf.segments()) {
            if (!s.isLoad() || s.memSize() == 0) {
                continue;
            }
            if (!d.ramContains(s.paddr(), s.memSize())) {
                throw new UserInputException(String.format("xen: domain '%s' kernel segment at 0x%x (0x%x bytes) is "
                        + "outside its RAM 0x%x-0x%x", c.name(), s.paddr(), s.memSize(), d.ramIpa, d.ramIpa + d.ramSize));
            }
            byte[] bytes = new byte[(int) s.memSize()];
            byte[] contents = elf.contents(s);
            System.arraycopy(contents, 0, bytes, 0, contents.length);
            p.machine().memory().write(d.toPa(s.paddr()), bytes, 0, bytes.length);
            top = Math.max(top, s.paddr() + s.memSize());
        }
        if (!c.ramdisk().isEmpty()) {
            byte[] rd = readFile(c, "ramdisk", c.ramdisk());
            long at = align2m(top);
            if (!d.ramContains(at, Math.max(1, rd.length))) {
                throw new UserInputException("xen: domain '" + c.name() + "' ramdisk does not fit in its RAM");
            }
            p.machine().memory().write(d.toPa(at), rd, 0, rd.length);
        }
        return elf.entry();
    }

    private static long align2m(long v) {
        return (v + 0x1F_FFFF) & ~0x1F_FFFFL;
    }

    /**
     * vcpu_reset / arch_set_info_guest: a zeroed struct vcpu with x0, the entry in ELR_EL2, EL1h
     * with DAIF masked, SCTLR_EL1's reset value and ICC_SRE_EL1.SRE (a GICv3 guest).
     */
    static void resetContext(PhysicalMemory m, Vcpu v, long entry, long x0) {
        m.write(v.pa, new byte[0x1000], 0, 0x1000);
        ContextSwitch.write64(m, v.frame(), x0);
        ContextSwitch.write64(m, v.pa + Vcpu.ELR_EL2, entry);
        ContextSwitch.write64(m, v.pa + Vcpu.SPSR_EL2, XenModel.SPSR_EL1H_MASKED);
        ContextSwitch.write64(m, v.pa + Vcpu.EL1_CONTEXT, XenModel.SCTLR_EL1_RESET);
        ContextSwitch.write64(m, v.pa + Vcpu.GIC + 56, 1);
        v.vtimerCtl = 0;
        v.vtimerCval = 0;
        v.ptimerCtl = 0;
        v.ptimerCval = 0;
        v.lrMask = 0;
        java.util.Arrays.fill(v.lrs, null);
        v.inflight.clear();
        v.lrPending.clear();
    }
}
