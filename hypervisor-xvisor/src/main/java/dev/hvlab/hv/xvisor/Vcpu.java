package dev.hvlab.hv.xvisor;

import java.util.ArrayDeque;

/**
 * A vCPU as Xvisor's {@code struct vmm_vcpu}: a normal vCPU of a guest, or an orphan (a hypervisor
 * thread: the per-CPU idle thread, a virtio back end's worker). Its saved context lives in the
 * hypervisor's memory at {@link #context} (the layout of {@code arch_regs_t} and the arch private
 * areas: registers, EL1 system registers, VFP, vGIC, generic timer).
 */
final class Vcpu {
    enum State { RESET, READY, RUNNING, PAUSED, HALTED }

    /** Context layout: x0-x30, then ELR (pc) and SPSR (pstate), as the trap frame. */
    static final int REGS = 0;
    static final int REGS_BYTES = 33 * 8;
    static final int SYSREGS = 0x200;
    static final int VFP = 0x400;
    static final int VGIC = 0x700;
    static final int TIMER = 0x780;
    static final int SIZE = 0x800;
    /** Timer slots: CNTV_CTL, CNTV_CVAL, CNTP_CTL, CNTP_CVAL, CNTVOFF. */
    static final int T_VCTL = 0;
    static final int T_VCVAL = 8;
    static final int T_PCTL = 16;
    static final int T_PCVAL = 24;
    static final int T_VOFF = 32;

    final int id;
    final String name;
    final GuestVm guest;
    final int subid;
    final int[] affinity;
    final int priority;
    final long timeSliceTicks;
    final long periodTicks;
    final long context;
    State state = State.RESET;
    int hostCpu;
    int lastHostCpu = -1;
    /** VFP registers are live in the CPU (CPTR_EL2.TFP cleared by the lazy-FP trap). */
    boolean fpLive;
    int wfiYields;
    boolean wfiWaiting;
    long vmpidr;
    /** Emulated interrupts for this vCPU not yet in a list register ({@code vgic} software queue). */
    final ArrayDeque<Integer> vgicQueue = new ArrayDeque<>();
    /** The GICv2 SGI source CPU of each list register's interrupt. */
    final int[] lrSource = new int[4];
    /** An orphan's body, run when it is scheduled; returns true while it has more work. */
    Work work;

    interface Work {
        boolean run(dev.hvlab.core.hypervisor.El2Operations ops);
    }

    Vcpu(int id, String name, GuestVm guest, int subid, int[] affinity, int priority, long timeSliceTicks,
            long periodTicks, long context) {
        this.id = id;
        this.name = name;
        this.guest = guest;
        this.subid = subid;
        this.affinity = affinity.clone();
        this.priority = priority;
        this.timeSliceTicks = timeSliceTicks;
        this.periodTicks = periodTicks;
        this.context = context;
        this.hostCpu = affinity[0];
    }

    boolean normal() {
        return guest != null;
    }

    boolean allowedOn(int cpu) {
        for (int c : affinity) {
            if (c == cpu) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return name + "(" + state + ")";
    }
}
