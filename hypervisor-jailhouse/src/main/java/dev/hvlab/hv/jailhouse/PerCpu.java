package dev.hvlab.hv.jailhouse;

/**
 * Where a CPU's hypervisor data lives in the hypervisor's memory ({@code struct per_cpu}): the trap
 * frame (x0-x30), the statistics counters and the pending-interrupt ring of irqchip_set_pending.
 */
final class PerCpu {
    static final long SIZE = 0x1000;
    /** MAX_PENDING_IRQS. */
    static final int MAX_PENDING = 128;

    /** JAILHOUSE_CPU_STAT_*: the generic ones, then the arm ones (include/jailhouse/cell-config.h, arch). */
    static final int STAT_VMEXITS_TOTAL = 0;
    static final int STAT_VMEXITS_MMIO = 1;
    static final int STAT_VMEXITS_MANAGEMENT = 2;
    static final int STAT_VMEXITS_HYPERCALL = 3;
    static final int STAT_VMEXITS_MAINTENANCE = 4;
    static final int STAT_VMEXITS_VIRQ = 5;
    static final int STAT_VMEXITS_VSGI = 6;
    static final int STAT_VMEXITS_PSCI = 7;
    static final int STAT_VMEXITS_SMCCC = 8;
    static final int NUM_STATS = 9;

    private PerCpu() {
    }

    static long base(long hypervisorMemory, int cpu) {
        return hypervisorMemory + cpu * SIZE;
    }

    static long frame(long hv, int cpu) {
        return base(hv, cpu);
    }

    static long stat(long hv, int cpu, int stat) {
        return base(hv, cpu) + 0x100 + 8L * stat;
    }

    static long pendingLock(long hv, int cpu) {
        return base(hv, cpu) + 0x178;
    }

    static long pendingHead(long hv, int cpu) {
        return base(hv, cpu) + 0x180;
    }

    static long pendingTail(long hv, int cpu) {
        return base(hv, cpu) + 0x184;
    }

    static long pendingIrq(long hv, int cpu, int slot) {
        return base(hv, cpu) + 0x200 + 2L * slot;
    }

    static long pendingSender(long hv, int cpu, int slot) {
        return base(hv, cpu) + 0x300 + 2L * slot;
    }
}
