package dev.hvlab.hv.xen;

import static dev.hvlab.core.gic.GicRegisters.GICD_CTLR;

import dev.hvlab.core.hypervisor.Stage2Tables;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct domain}: its vCPUs, its p2m (stage 2 tables and VMID), where its RAM is, the
 * emulated distributor's SPIs, its event channels and its shared info page.
 */
final class XenDomain {
    /** Guest physical layout of a domU (xen/include/public/arch-arm.h). */
    static final long GUEST_RAM0_BASE = 0x4000_0000L;
    static final long GUEST_GICV3_GICD_BASE = 0x0300_1000L;
    static final long GUEST_GICV3_GICR0_BASE = 0x0302_0000L;

    final int id;
    final String name;
    final List<Vcpu> vcpus = new ArrayList<>();
    final Stage2Tables p2m;
    final int vmid;
    /** Guest-physical and host-physical RAM base (equal for the direct-mapped dom0) and size. */
    final long ramIpa;
    final long ramPa;
    final long ramSize;
    /** Where this domain sees the distributor and its redistributors. */
    final long gicdIpa;
    final long gicrIpa;
    /** SPIs 32.. of the emulated distributor. */
    final PendingIrq[] spis;
    /** GICD_CTLR as the guest wrote it (EnableGrp1NS, ARE_NS). */
    long gicdCtlr;
    final int weight;
    final long periodNs;
    final long budgetNs;
    final boolean vpmu;
    /** The shared info page (in Xen's memory) and where the guest mapped it, or -1. */
    final long sharedInfoPa;
    long sharedInfoGpfn = -1;
    final EventChannels evtchn;
    boolean shutdown;
    /** The emulated SBSA UART of a domU (vpl011, back end in Xen), or null. */
    Vpl011 vpl011;
    /** Where a Linux Image, its DTB and initrd were placed (null for an ELF kernel). */
    DomainBuilder.KernelPlacement kernel;
    /** The vCPU that last ran on each pCPU (for the conditional TLB flush of p2m_restore_state). */
    final Vcpu[] lastVcpuOn;

    XenDomain(int id, String name, Stage2Tables p2m, long ramIpa, long ramPa, long ramSize, long gicdIpa, long gicrIpa,
            int spiCount, int weight, long periodNs, long budgetNs, boolean vpmu, long sharedInfoPa, int pcpus) {
        this.id = id;
        this.name = name;
        this.p2m = p2m;
        this.vmid = id + 1;
        this.ramIpa = ramIpa;
        this.ramPa = ramPa;
        this.ramSize = ramSize;
        this.gicdIpa = gicdIpa;
        this.gicrIpa = gicrIpa;
        this.spis = new PendingIrq[spiCount];
        for (int i = 0; i < spiCount; i++) {
            spis[i] = new PendingIrq(32 + i);
        }
        this.weight = weight;
        this.periodNs = periodNs;
        this.budgetNs = budgetNs;
        this.vpmu = vpmu;
        this.sharedInfoPa = sharedInfoPa;
        this.evtchn = new EventChannels(this);
        this.lastVcpuOn = new Vcpu[pcpus];
    }

    long vttbr() {
        return p2m.vttbr(vmid);
    }

    /** irq_to_pending: the vCPU's banked SGI/PPI or the domain's SPI, or null. */
    PendingIrq irq(Vcpu v, int virq) {
        if (virq < 32) {
            return v.privateIrqs[virq];
        }
        int i = virq - 32;
        return i < spis.length ? spis[i] : null;
    }

    /** The IPA of a host PA inside the domain's RAM. */
    long toPa(long ipa) {
        return ramPa + (ipa - ramIpa);
    }

    boolean ramContains(long ipa, long size) {
        return Long.compareUnsigned(ipa - ramIpa, ramSize) < 0 && Long.compareUnsigned(ipa + size - 1 - ramIpa, ramSize) < 0;
    }

    @Override
    public String toString() {
        return "d" + id + " (" + name + ")";
    }
}
