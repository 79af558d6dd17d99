package dev.hvlab.hv.kvm;

import dev.hvlab.core.hypervisor.El2Operations;
import dev.hvlab.core.machine.PrimitiveCosts.Barrier;
import dev.hvlab.core.timer.GenericTimer;

/**
 * The arch timer as KVM handles it (arch/arm64/kvm/arch_timer.c): the guest's virtual timer runs
 * in the hardware while the vCPU is loaded, its PPI 27 mapped to the vCPU's virtual PPI 27 (a HW
 * list register, so the guest's deactivation deactivates it); at vcpu_put the timer is saved and
 * disabled, and when the vCPU blocks a host hrtimer (the host's EL1 physical timer, PPI 30, its
 * clock event device) stands in for it; at vcpu_load it comes back, with the physical interrupt's
 * active state set to match. In nVHE, CNTVOFF_EL2 is only writable at EL2: each load and put sets
 * it with an HVC ({@code __kvm_timer_set_cntvoff}).
 *
 * <p>Not modelled: the emulated physical timer (a guest access to CNTP_* is unhandled), nested
 * timers, the timer's user-space irqchip mode.
 */
final class VcpuTimer {
    static final long CTL_ENABLE = 1;
    static final long CTL_IMASK = 2;
    static final long CTL_ISTATUS = 4;

    private final KvmModel kvm;

    VcpuTimer(KvmModel kvm) {
        this.kvm = kvm;
    }

    /** kvm_arch_timer_get_input_level: the vtimer's output while it is loaded. */
    boolean outputLevel(El2Operations ops) {
        long ctl = ops.readSysreg("CNTV_CTL_EL0");
        return (ctl & (CTL_ENABLE | CTL_IMASK | CTL_ISTATUS)) == (CTL_ENABLE | CTL_ISTATUS);
    }

    /** kvm_arch_timer_handler: the vtimer's PPI fired while its vCPU was loaded: the line goes up. */
    void handler(El2Operations ops, Vcpu v) {
        ops.compute("kvm_arch_timer_handler: kvm_timer_should_fire", 12);
        if (outputLevel(ops)) {
            kvm.vgic().inject(ops, v.id, Vgic.VTIMER, true);
        }
    }

    /**
     * kvm_timer_vcpu_put: timer_save_state (CNTV_CTL/CVAL saved, the timer disabled), the
     * background hrtimer armed if the vCPU blocks with its timer enabled, CNTVOFF_EL2 back to 0.
     */
    void put(El2Operations ops, Vcpu v, boolean blocking) {
        long ctl = ops.readSysreg("CNTV_CTL_EL0");
        long cval = ops.readSysreg("CNTV_CVAL_EL0");
        ops.store("store timer cnt_ctl", v.at(HostLayout.TIMER_CTL), ctl, 8);
        ops.store("store timer cnt_cval", v.at(HostLayout.TIMER_CVAL), cval, 8);
        ops.writeSysreg("CNTV_CTL_EL0", 0);
        ops.barrier(Barrier.ISB);
        if (blocking && (ctl & (CTL_ENABLE | CTL_IMASK)) == CTL_ENABLE) {
            // kvm_timer_blocking: soft_timer_start(bg_timer, kvm_timer_earliest_exp) -> the host's
            // clock event device, its EL1 physical timer, programmed for the physical deadline.
            ops.compute("kvm_timer_blocking: kvm_timer_earliest_exp, hrtimer_start", 60);
            ops.writeSysreg("CNTP_CVAL_EL0", cval + kvm.cntvoff());
            ops.writeSysreg("CNTP_CTL_EL0", CTL_ENABLE);
            v.bgTimerArmed = true;
        }
        setCntvoff(ops, 0);
    }

    /**
     * kvm_timer_vcpu_load: the background hrtimer cancelled, CNTVOFF_EL2 set, the timer restored;
     * if it fires already, the vtimer's line is raised and the physical PPI made active
     * (kvm_timer_vcpu_load_gic) so that it does not interrupt the host.
     */
    void load(El2Operations ops, Vcpu v) {
        if (v.bgTimerArmed) {
            ops.compute("kvm_timer_unblocking: soft_timer_cancel (hrtimer_cancel)", 40);
            ops.writeSysreg("CNTP_CTL_EL0", 0);
            v.bgTimerArmed = false;
        }
        setCntvoff(ops, kvm.cntvoff());
        long ctl = ops.load("load timer cnt_ctl", v.at(HostLayout.TIMER_CTL), 8);
        long cval = ops.load("load timer cnt_cval", v.at(HostLayout.TIMER_CVAL), 8);
        ops.writeSysreg("CNTV_CVAL_EL0", cval);
        ops.barrier(Barrier.ISB);
        ops.writeSysreg("CNTV_CTL_EL0", ctl);
        boolean fires = outputLevel(ops);
        ops.compute("kvm_timer_update_irq / kvm_timer_vcpu_load_gic", 20);
        if (fires) {
            kvm.vgic().inject(ops, v.id, Vgic.VTIMER, true);
        }
        // irq_set_irqchip_state(IRQCHIP_STATE_ACTIVE): GICR_ISACTIVER0 or GICR_ICACTIVER0 of this CPU.
        long sgiBase = kvm.gicrBase() + v.pcpu * Vgic.GICR_STRIDE + 0x1_0000;
        ops.deviceWrite(sgiBase + (fires ? 0x300 : 0x380), 1L << GenericTimer.PPI_VIRTUAL, 4);
    }

    /** set_cntvoff: an HVC to __kvm_timer_set_cntvoff in nVHE, a plain MSR with VHE. */
    private void setCntvoff(El2Operations ops, long value) {
        kvm.hypCall(ops, "__kvm_timer_set_cntvoff", () -> ops.writeSysreg("CNTVOFF_EL2", value));
    }
}
