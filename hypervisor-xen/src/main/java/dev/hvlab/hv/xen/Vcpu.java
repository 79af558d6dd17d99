package dev.hvlab.hv.xen;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct vcpu}: where a vCPU's state lives while it is not on a pCPU (its struct in Xen's
 * memory: the GPR frame Xen's entry path saves on every exit, the EL1 context, FP, the GIC list
 * registers, the timers) and the bookkeeping the scheduler and the old vGIC keep for it.
 */
final class Vcpu {
    /** Scheduler states (the runstate and the _VPF_ flags folded into one). */
    enum State { OFFLINE, RUNNABLE, RUNNING, BLOCKED }

    // Offsets in the vCPU's page.
    static final int FRAME = 0x000;      // x0-x30 (cpu_user_regs)
    static final int ELR_EL2 = 0x100;
    static final int SPSR_EL2 = 0x108;
    static final int ESR_EL2 = 0x110;
    static final int SPSR_EL1 = 0x118;
    static final int SP_EL0 = 0x120;
    static final int SP_EL1 = 0x128;
    static final int ELR_EL1 = 0x130;
    static final int EL1_CONTEXT = 0x200;
    static final int FP = 0x400;          // 32 x 128 bits, then FPSR, FPCR
    static final int GIC = 0x700;         // LRs, AP0R0, AP1R0, VMCR
    static final int TIMER = 0x780;       // CNTV_CTL, CNTV_CVAL, CNTKCTL, ptimer CTL, ptimer CVAL
    static final int VGIC_LOCK = 0x800;
    static final int LR_MASK = 0x808;
    static final int INFLIGHT_HEAD = 0x810;
    static final int LR_PENDING_HEAD = 0x818;
    static final int SCHED = 0x900;       // the scheduler's unit data
    static final int PAUSE_FLAGS = 0x980;

    final XenDomain domain;
    final int id;
    /** The vCPU's page in Xen's memory. */
    final long pa;
    final boolean idle;
    /** Hard affinity: the pCPUs it may run on. */
    final boolean[] affinity;
    State state = State.OFFLINE;
    /** The pCPU it runs on or last ran on ({@code v->processor}). */
    int processor;
    /** VMPIDR_EL2 value: vcpuid_to_vaffinity. */
    final long vmpidr;

    // Old vGIC: the interrupts in flight (priority order) and those waiting for a free list register.
    final List<PendingIrq> inflight = new ArrayList<>();
    final List<PendingIrq> lrPending = new ArrayList<>();
    /** Per-vCPU private interrupts 0-31 (SGIs, PPIs), banked in the vGIC. */
    final PendingIrq[] privateIrqs = new PendingIrq[32];
    /** Which list registers hold one of this vCPU's interrupts (saved/restored with it). */
    int lrMask;
    /** The interrupt each list register holds, while {@link #lrMask} has its bit. */
    final PendingIrq[] lrs = new PendingIrq[16];

    // Virtual timer as saved on the way out (virt_timer_save) and the emulated physical timer.
    long vtimerCtl;
    long vtimerCval;
    boolean vtimerSoftArmed;
    long ptimerCtl;
    long ptimerCval;

    // Scheduler data.
    long credit;
    /** credit2's CSFLAG_vcpu_yield: set by vcpu_yield, consumed by the next do_schedule. */
    boolean yielding;
    int priority;
    long lastStartNs;
    /** When it was last put on a pCPU (rate limits). */
    long runStartNs = Long.MIN_VALUE / 2;
    long rtBudget;
    long rtDeadline;
    /** null scheduler: the pCPU it is assigned to, or -1 (waiting). */
    int assignedPcpu = -1;
    /** The event channel upcall is pending (vcpu_info.evtchn_upcall_pending). */
    boolean upcallPending;
    /** SCHEDOP_poll: the ports it waits on, or null. */
    int[] pollPorts;

    Vcpu(XenDomain domain, int id, long pa, boolean idle, int pcpus) {
        this.domain = domain;
        this.id = id;
        this.pa = pa;
        this.idle = idle;
        this.affinity = new boolean[pcpus];
        this.vmpidr = 1L << 31 | (long) (id >>> 4 & 0xFF) << 8 | id & 0xF;
        for (int i = 0; i < 32; i++) {
            privateIrqs[i] = new PendingIrq(i);
        }
    }

    boolean runnable() {
        return state == State.RUNNABLE || state == State.RUNNING;
    }

    boolean mayRunOn(int pcpu) {
        return affinity[pcpu];
    }

    long frame() {
        return pa + FRAME;
    }

    @Override
    public String toString() {
        return idle ? "idle" + id : "d" + domain.id + "v" + id;
    }
}
