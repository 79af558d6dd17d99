package dev.hvlab.hv.xen;

import dev.hvlab.core.fdt.Fdt;
import dev.hvlab.core.fdt.FdtNode;

/**
 * A dom0less domU's device tree as xen/common/device-tree/dom0less-build.c prepare_dtb_domU
 * writes it (Xen c447b7308b13): #address-cells = #size-cells = 2 (GUEST_ROOT_*_CELLS); /chosen
 * with the domain's command line as bootargs and linux,initrd-start/end (make_chosen_node: no
 * stdout-path, so the kernel's console comes from bootargs, e.g. console=ttyAMA0); /cpus with one
 * cpu@N per vCPU at vcpuid_to_vaffinity(N), the host CPUs' compatible and enable-method psci
 * (make_cpus_node); the memory node (make_memory_node); the GICv3 at the guest layout's addresses
 * with one redistributor region (make_gicv3_domU_node, phandle GUEST_PHANDLE_GIC); the timer with
 * the guest PPIs, level-low (make_timer_node); psci 1.0 by HVC (make_psci_node); and the vpl011
 * (make_vpl011_uart_node: compatible arm,sbsa-uart, SPI 32 level-high, current-speed 115200 and
 * no clock). No /hypervisor node: without xen,enhanced Xen writes none, and Linux then boots as a
 * plain, not Xen-aware guest.
 */
final class DomUDeviceTree {
    /** xen/include/public/device_tree_defs.h. */
    static final int GUEST_PHANDLE_GIC = 65000;
    static final int DT_IRQ_TYPE_LEVEL_HIGH = 4;
    static final int DT_IRQ_TYPE_LEVEL_LOW = 8;
    /** xen/include/public/arch-arm.h. */
    static final long GUEST_GICV3_GICD_SIZE = 0x1_0000L;
    static final long GUEST_GICV3_GICR0_SIZE = 0x100_0000L;
    static final int GUEST_TIMER_VIRT_PPI = 27;
    static final int GUEST_TIMER_PHYS_S_PPI = 29;
    static final int GUEST_TIMER_PHYS_NS_PPI = 30;
    static final int PSCI_CPU_OFF = 1;
    static final int PSCI_CPU_ON = 2;

    private DomUDeviceTree() {
    }

    /**
     * prepare_dtb_domU for {@code d}; {@code initrdEnd > initrdStart} adds the initrd properties.
     *
     * @param cpuCompatible the compatible of the host's first CPU node (e.g. "arm,cortex-a53")
     */
    static Fdt build(XenDomain d, String cpuCompatible, String bootargs, long initrdStart, long initrdEnd) {
        Fdt fdt = new Fdt();
        FdtNode root = fdt.root();
        root.cells("#address-cells", 2);
        root.cells("#size-cells", 2);
        FdtNode chosen = root.child("chosen");
        if (!bootargs.isEmpty()) {
            chosen.strings("bootargs", bootargs);
        }
        if (initrdEnd > initrdStart) {
            chosen.cells64("linux,initrd-start", initrdStart);
            chosen.cells64("linux,initrd-end", initrdEnd);
        }
        FdtNode cpus = root.child("cpus");
        cpus.cells("#address-cells", 1);
        cpus.cells("#size-cells", 0);
        for (Vcpu v : d.vcpus) {
            int aff = (int) (v.vmpidr & 0xFF_FFFF);
            FdtNode c = cpus.child("cpu@" + Integer.toHexString(aff));
            c.strings("compatible", cpuCompatible);
            c.strings("device_type", "cpu");
            c.cells("reg", aff);
            c.strings("enable-method", "psci");
        }
        FdtNode mem = root.child(String.format("memory@%x", d.ramIpa));
        mem.strings("device_type", "memory");
        mem.cells64("reg", d.ramIpa, d.ramSize);
        FdtNode gic = root.child(String.format("interrupt-controller@%x", d.gicdIpa));
        gic.cells("#address-cells", 0);
        gic.cells("#interrupt-cells", 3);
        gic.flag("interrupt-controller");
        gic.strings("compatible", "arm,gic-v3");
        gic.cells("#redistributor-regions", 1);
        gic.cells64("reg", d.gicdIpa, GUEST_GICV3_GICD_SIZE, d.gicrIpa, GUEST_GICV3_GICR0_SIZE);
        gic.cells("linux,phandle", GUEST_PHANDLE_GIC);
        gic.cells("phandle", GUEST_PHANDLE_GIC);
        FdtNode timer = root.child("timer");
        timer.strings("compatible", "arm,armv8-timer");
        timer.cells("interrupts", concat(interrupt(GUEST_TIMER_PHYS_S_PPI, DT_IRQ_TYPE_LEVEL_LOW),
                interrupt(GUEST_TIMER_PHYS_NS_PPI, DT_IRQ_TYPE_LEVEL_LOW),
                interrupt(GUEST_TIMER_VIRT_PPI, DT_IRQ_TYPE_LEVEL_LOW)));
        timer.cells("interrupt-parent", GUEST_PHANDLE_GIC);
        FdtNode psci = root.child("psci");
        psci.strings("compatible", "arm,psci-1.0", "arm,psci-0.2", "arm,psci");
        psci.strings("method", "hvc");
        psci.cells("cpu_off", PSCI_CPU_OFF);
        psci.cells("cpu_on", PSCI_CPU_ON);
        if (d.vpl011 != null) {
            FdtNode uart = root.child(String.format("sbsa-uart@%x", Vpl011.GUEST_PL011_BASE));
            uart.strings("compatible", "arm,sbsa-uart");
            uart.cells64("reg", Vpl011.GUEST_PL011_BASE, Vpl011.GUEST_PL011_SIZE);
            uart.cells("interrupts", interrupt(Vpl011.GUEST_VPL011_SPI, DT_IRQ_TYPE_LEVEL_HIGH));
            uart.cells("interrupt-parent", GUEST_PHANDLE_GIC);
            uart.cells("current-speed", 115200);
        }
        return fdt;
    }

    /** set_interrupt: {is a PPI, number from 16 or 32, cpumask 0xf << 8 | type} (arm,gic.txt). */
    static int[] interrupt(int intid, int type) {
        boolean ppi = intid < 32;
        return new int[] {ppi ? 1 : 0, intid - (ppi ? 16 : 32), 0xF << 8 | type};
    }

    private static int[] concat(int[]... parts) {
        int n = 0;
        for (int[] p : parts) {
            n += p.length;
        }
        int[] all = new int[n];
        int i = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, all, i, p.length);
            i += p.length;
        }
        return all;
    }
}
