package dev.hvlab.hv.kvm;

/**
 * One vCPU: its thread's physical CPU (pinned), its virtual MPIDR, where its {@code struct kvm_vcpu}
 * is, and the host's view of it ({@code vcpu->mode}, loaded or put, FP ownership, the list
 * registers in use). The register values themselves live in simulated memory (the context areas of
 * {@link HostLayout}) or in the CPU, never here.
 */
final class Vcpu {
    /** Where the vCPU thread is. */
    enum State {
        /** Powered off (PSCI): its thread sleeps in KVM_RUN; the physical CPU idles in the host. */
        OFF,
        /** IN_GUEST_MODE: the guest runs on the physical CPU. */
        IN_GUEST,
        /** In kvm_vcpu_halt's polling loop after a trapped WFI, still loaded. */
        POLLING,
        /** Scheduled out in kvm_vcpu_block, put; the physical CPU idles in the host. */
        BLOCKED
    }

    final int id;
    final int pcpu;
    final long mpidr;
    final long area;
    State state = State.OFF;
    /** vcpu_load has run (the vGIC VMCR/APRs and the timer are in the hardware). */
    boolean loaded;
    /** The guest owns the FP/SIMD registers (CPTR_EL2.TFP clear on entry). */
    boolean fpOwned;
    /** Whether PSCI CPU_ON asked for a reset (KVM_REQ_VCPU_RESET) and where it enters. */
    boolean resetPending;
    long resetEntry;
    long resetContext;
    /** The list registers flush_hwstate filled (vgic_cpu.vgic_v3.used_lrs). */
    int usedLrs;
    /** The INTIDs in those list registers, in order. */
    final int[] lrIntid = new int[16];
    /** With VHE: the guest's EL1 registers are in the CPU (loaded, and not displaced by the idle loop). */
    boolean el1Live;
    /** The vtimer's background hrtimer is armed (the host's CNTP programmed for it). */
    boolean bgTimerArmed;

    Vcpu(int id, int pcpu, long area) {
        this.id = id;
        this.pcpu = pcpu;
        this.area = area;
        // reset_mpidr: Aff0 = vcpu_id[3:0], Aff1 = vcpu_id[11:4]; bit 31 RES1.
        this.mpidr = 1L << 31 | (id & 0xF) | (long) (id >>> 4 & 0xFF) << 8;
    }

    long affinity() {
        return mpidr & 0xFF_00FF_FFFFL;
    }

    long gprs() {
        return area + HostLayout.GUEST_GPRS;
    }

    long sysregs() {
        return area + HostLayout.GUEST_SYSREGS;
    }

    long at(long offset) {
        return area + offset;
    }
}
