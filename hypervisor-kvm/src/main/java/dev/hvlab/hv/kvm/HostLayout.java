package dev.hvlab.hv.kvm;

/**
 * Where KVM's data lives in the host kernel's memory ({@link KvmConfig.Host#memory}): the idle and
 * halt-poll code of the host model first, then per physical CPU the hyp data
 * ({@code kvm_host_data}: the host context and the hyp's own callee-saved registers), then per vCPU
 * {@code struct kvm_vcpu} (the guest context, the vGIC CPU state with its list register shadow, the
 * timer state, the exit information), then the vGIC's {@code struct vgic_irq} array, the VMM's
 * {@code kvm_run} pages and the stage 2 tables. Every piece of state a step touches has its address
 * here, so each load and store is priced where it really goes.
 */
final class HostLayout {
    static final long STUB = 0x0;
    static final long STUB_SIZE = 0x1000;
    static final long PCPU = 0x1000;
    static final long PCPU_SIZE = 0x1000;
    static final long VCPU = 0x8000;
    static final long VCPU_SIZE = 0x1000;
    static final long IRQS = 0x2_0000;
    /** struct vgic_irq: 64 bytes here (lock, ap_list node, target, flags, priority...). */
    static final long IRQ_SIZE = 64;
    static final long RUN = 0x4_0000;
    static final long TABLES = 0x10_0000;
    static final long TABLES_SIZE = 0x10_0000;

    // Offsets in a physical CPU's area.
    static final long HOST_GPRS = 0x000;
    static final long HOST_SYSREGS = 0x100;
    static final long HYP_GPRS = 0x200;
    /** The host thread's FP/SIMD state (fpsimd_state), saved when the guest takes the FP unit. */
    static final long HOST_FP = 0x400;

    // Offsets in a vCPU's area.
    static final long GUEST_GPRS = 0x000;
    static final long GUEST_SYSREGS = 0x100;
    static final long VGIC_LRS = 0x300;
    static final long VGIC_HCR = 0x340;
    static final long VGIC_VMCR = 0x348;
    static final long VGIC_AP1R0 = 0x350;
    static final long TIMER_CTL = 0x380;
    static final long TIMER_CVAL = 0x388;
    static final long MODE = 0x390;
    static final long REQUESTS = 0x398;
    /** Non-zero while the vCPU has an interrupt queued: what the halt-poll loop watches. */
    static final long KICK = 0x3A0;
    static final long FAULT = 0x3B0;
    static final long AP_LIST_HEAD = 0x3D0;
    /** vcpu->arch.hcr_el2: HCR_GUEST_FLAGS, TVM until the guest turns its caches on. */
    static final long HCR = 0x3E0;
    static final long GUEST_FP = 0x400;
    static final long MP_STATE_LOCK = 0x700;
    /** The trapped debug registers (vcpu_debug_state and MDSCR/OS lock): 80 slots, KvmModel.debugSlot. */
    static final long DEBUG_REGS = 0x800;
    static final long RESET_PC = 0x708;
    static final long RESET_R0 = 0x710;
    /** Host per-CPU: the halt-poll deadline (CNTPCT) and the polled vCPU's kick flag address, read by the poll loop. */
    static final long POLL_DEADLINE = 0x700;
    static final long POLL_KICK = 0x708;

    private final long base;

    HostLayout(long base) {
        this.base = base;
    }

    long stub() {
        return base + STUB;
    }

    long pcpu(int cpu) {
        return base + PCPU + cpu * PCPU_SIZE;
    }

    long vcpu(int vcpu) {
        return base + VCPU + vcpu * VCPU_SIZE;
    }

    /** The vgic_irq of {@code intid}: private ones per vCPU (32 each), then the SPIs. */
    long irq(int vcpu, int intid) {
        return intid < 32 ? base + IRQS + (vcpu * 32L + intid) * IRQ_SIZE
                : base + IRQS + (16 * 32L + intid - 32) * IRQ_SIZE;
    }

    /** The mmap'ed {@code struct kvm_run} of a vCPU, shared by the kernel and the VMM. */
    long run(int vcpu) {
        return base + RUN + vcpu * 0x1000L;
    }

    long tables() {
        return base + TABLES;
    }
}
