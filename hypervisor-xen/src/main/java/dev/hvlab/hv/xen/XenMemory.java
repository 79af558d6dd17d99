package dev.hvlab.hv.xen;

/**
 * Where Xen's own data lives in its 16 MiB at the top of the first RAM bank: the idle loop's code,
 * per-pCPU data (softirq bits, the soft timer heap, the idle vCPU's frame), one page per vCPU
 * ({@code struct vcpu} with its register frame and saved context), the domains' shared info pages
 * and vGIC data, and the p2m table arenas.
 */
final class XenMemory {
    static final long SIZE = 0x100_0000L;
    static final int MAX_VCPUS = 96;
    static final int MAX_DOMAINS = 12;
    static final long P2M_ARENA = 0x10_0000L;

    // Per-pCPU page offsets.
    static final int PCPU_SOFTIRQ_PENDING = 0x00;
    static final int PCPU_SCHED_LOCK = 0x08;
    static final int PCPU_TIMER_LOCK = 0x10;
    static final int PCPU_TIMER_HEAP = 0x100;
    static final int PCPU_IRQ_DESC = 0x400;

    // Per-domain page offsets.
    static final int DOMAIN_VGIC_RANK_LOCK = 0x00;
    static final int DOMAIN_EVTCHN_LOCK = 0x08;
    static final int DOMAIN_MMIO_HANDLERS = 0x100;
    static final int DOMAIN_VPL011 = 0x200;
    static final int DOMAIN_EVTCHN_BUCKET = 0x800;

    final long base;

    XenMemory(long base) {
        this.base = base;
    }

    long idleCode() {
        return base;
    }

    long pcpu(int p) {
        return base + 0x1000 + 0x1000L * p;
    }

    long vcpu(int slot) {
        return base + 0x20000 + 0x1000L * slot;
    }

    long domain(int domid) {
        return base + 0x80000 + 0x1000L * domid;
    }

    long sharedInfo(int domid) {
        return base + 0xA0000 + 0x1000L * domid;
    }

    long p2mArena(int domid) {
        return base + 0x20_0000 + P2M_ARENA * domid;
    }
}
