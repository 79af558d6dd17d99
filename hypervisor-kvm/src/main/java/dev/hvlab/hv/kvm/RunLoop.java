package dev.hvlab.hv.kvm;

import dev.hvlab.core.hypervisor.El2Operations;
import dev.hvlab.core.machine.PrimitiveCosts;
import dev.hvlab.core.machine.PrimitiveCosts.Barrier;
import dev.hvlab.core.timer.GenericTimer;

/**
 * The host kernel's side of a vCPU (the highvisor): kvm_arch_vcpu_ioctl_run's loop around the world
 * switch (arch/arm64/kvm/arm.c), vcpu_load and vcpu_put, the host's interrupt handling
 * (gic_handle_irq at EL1), halting (kvm_vcpu_wfi, kvm_vcpu_halt's polling, kvm_vcpu_block) and the
 * return to the VMM (KVM_RUN returning to user space and called again). Priced as the host
 * kernel's work: its instructions, its loads and stores, the exception-level crossings.
 */
final class RunLoop {
    static final int SPURIOUS = 1023;

    private final KvmModel kvm;

    RunLoop(KvmModel kvm) {
        this.kvm = kvm;
    }

    private PrimitiveCosts costs(El2Operations ops) {
        return kvm.platform().machine().timing().costs(ops.cpu());
    }

    /** After __kvm_vcpu_run returned: mode, kvm_vgic_sync_hwstate, timer sync, interrupts on. */
    void afterExit(El2Operations ops, Vcpu v) {
        ops.store("vcpu->mode = OUTSIDE_GUEST_MODE", v.at(HostLayout.MODE), 0, 4);
        kvm.vgic().sync(ops, v);
        ops.compute("kvm_timer_sync_user, kvm_pmu_sync_hwstate", 20);
        ops.compute("local_irq_enable, preempt_enable", 6);
        ops.compute("handle_exit: arm_exit_handlers[ESR_EL2.EC]", 12);
    }

    /**
     * The run loop's next iteration up to the world switch: requests and signals checked, interrupts
     * off, kvm_vgic_flush_hwstate, IN_GUEST_MODE published, then __kvm_vcpu_run.
     */
    void enterGuest(El2Operations ops, Vcpu v, boolean hvcTaken) {
        ops.load("kvm_request_pending (vcpu->requests)", v.at(HostLayout.REQUESTS), 8);
        ops.compute("cond_resched, signal_pending, kvm_vcpu_exit_request", 20);
        ops.compute("preempt_disable, local_irq_disable, kvm_pmu_flush_hwstate", 8);
        kvm.vgic().flush(ops, v);
        ops.store("smp_store_mb(vcpu->mode, IN_GUEST_MODE)", v.at(HostLayout.MODE), 1, 4);
        ops.barrier(Barrier.DMB);
        kvm.worldSwitch().switchToGuest(ops, v, hvcTaken);
        v.state = Vcpu.State.IN_GUEST;
    }

    /** kvm_incr_pc: the vCPU's PC in its context, applied at the next entry (__kvm_adjust_pc). */
    void incrPc(El2Operations ops, Vcpu v) {
        long pa = v.sysregs() + 8L * WorldSwitch.slot("ELR_EL2");
        ops.store("kvm_incr_pc", pa, ops.load("load vcpu pc", pa, 8) + 4, 8);
    }

    /**
     * kvm_arch_vcpu_load: the vGIC's VMCR and APRs (an HVC to __vgic_v3_restore_vmcr_aprs in nVHE),
     * the timer; with VHE the guest's EL1 registers too (kvm_vcpu_load_sysregs_vhe).
     */
    void vcpuLoad(El2Operations ops, Vcpu v) {
        ops.compute("kvm_arch_vcpu_load: stage 2 mmu, last_vcpu_ran check", 30);
        kvm.hypCall(ops, "__vgic_v3_restore_vmcr_aprs", () -> {
            ops.writeSysreg("ICH_VMCR_EL2", ops.load("load vgic_vmcr", v.at(HostLayout.VGIC_VMCR), 8));
            ops.writeSysreg("ICH_AP1R0_EL2", ops.load("load vgic_ap1r0", v.at(HostLayout.VGIC_AP1R0), 8));
        });
        kvm.timer().load(ops, v);
        // single_task_running() ? vcpu_clear_wfx_traps : vcpu_set_wfx_traps. The pinned vCPU thread
        // is alone on its CPU (other host tasks are not modelled): WFE runs in the guest (spinlocks,
        // csd_lock_wait), WFI still traps (no vLPIs, no nASSGIreq).
        long hcr = ops.load("load vcpu->arch.hcr_el2", v.at(HostLayout.HCR), 8);
        ops.store("vcpu_clear_wfx_traps: clear HCR_EL2.TWE", v.at(HostLayout.HCR), hcr & ~WorldSwitch.HCR_TWE, 8);
        if (kvm.config().vhe()) {
            WorldSwitch.loadContext(ops, WorldSwitch.EL1_STATE, v.sysregs());
            v.el1Live = true;
        }
        v.loaded = true;
    }

    /** kvm_arch_vcpu_put: FP back to the host if the guest had it, the timer, the vGIC's VMCR/APRs. */
    void vcpuPut(El2Operations ops, Vcpu v, boolean blocking) {
        ops.compute("kvm_arch_vcpu_put", 20);
        if (v.fpOwned) {
            // kvm_arch_vcpu_put_fp: the guest's registers saved, the host's restored lazily.
            kvm.fp().save(ops, v.at(HostLayout.GUEST_FP), "guest");
            v.fpOwned = false;
        }
        kvm.timer().put(ops, v, blocking);
        kvm.hypCall(ops, "__vgic_v3_save_vmcr_aprs", () -> {
            ops.store("store vgic_vmcr", v.at(HostLayout.VGIC_VMCR), ops.readSysreg("ICH_VMCR_EL2"), 8);
            ops.store("store vgic_ap1r0", v.at(HostLayout.VGIC_AP1R0), ops.readSysreg("ICH_AP1R0_EL2"), 8);
        });
        if (kvm.config().vhe() && v.el1Live) {
            WorldSwitch.saveContext(ops, WorldSwitch.EL1_STATE, v.sysregs());
            v.el1Live = false;
        }
        v.loaded = false;
    }

    /**
     * gic_handle_irq in the host: acknowledge (EOImode 1: priority drop at once), the handler,
     * deactivation unless the interrupt is forwarded to the vCPU (the vtimer). {@code taken} says
     * whether the IRQ exception at host EL1 is to be charged here (after a guest exit, at
     * local_irq_enable); in the idle and polling loops the CPU really took it. Returns the INTID.
     */
    int hostIrq(El2Operations ops, Vcpu v, boolean taken) {
        if (taken) {
            ops.charge("IRQ taken at host EL1 (local_irq_enable)", costs(ops).exceptionEntry(ops.cpu(), 1));
        }
        int intid = (int) ops.readSysreg("ICC_IAR1_EL1") & 0xFF_FFFF;
        if (intid == SPURIOUS) {
            ops.compute("gic_handle_irq: spurious", 6);
            return intid;
        }
        ops.writeSysreg("ICC_EOIR1_EL1", intid);
        ops.compute("generic_handle_domain_irq: irq_find_mapping, handle_percpu_devid_irq", 40);
        boolean forwarded = false;
        switch (intid) {
            case GenericTimer.PPI_VIRTUAL -> {
                forwarded = true;
                if (v.loaded) {
                    kvm.timer().handler(ops, v);
                }
            }
            case GenericTimer.PPI_EL1_PHYSICAL -> {
                // arch_timer_handler_phys: the clock event masked, hrtimer_interrupt runs the
                // expired bg_timer: kvm_bg_timer_expire -> kvm_vcpu_wake_up.
                long ctl = ops.readSysreg("CNTP_CTL_EL0");
                ops.writeSysreg("CNTP_CTL_EL0", ctl | VcpuTimer.CTL_IMASK);
                ops.compute("hrtimer_interrupt: __hrtimer_run_queues, kvm_bg_timer_expire", 120);
                if (v.bgTimerArmed && v.state == Vcpu.State.BLOCKED) {
                    kvm.scheduler().wakeUp(ops, v.pcpu);
                }
            }
            case 0 -> ops.compute("do_handle_IPI: IPI_RESCHEDULE, scheduler_ipi", 30);
            case 25 -> ops.compute("vgic_maintenance_handler (nothing: the work is in sync_hwstate)", 6);
            default -> ops.compute("handle_bad_irq", 20);
        }
        if (!forwarded) {
            ops.writeSysreg("ICC_DIR_EL1", intid);
        }
        if (taken) {
            ops.charge("ERET from the host IRQ handler", costs(ops).exceptionReturn(ops.cpu()));
        }
        return intid;
    }

    /**
     * kvm_vcpu_wfi up to the halt: whether an interrupt is already pending
     * (kvm_arch_vcpu_runnable) and the VMCR sync (an HVC to __vgic_v3_read_vmcr in nVHE).
     */
    boolean wfiRunnable(El2Operations ops, Vcpu v) {
        ops.compute("kvm_handle_wfx: trace, kvm_vcpu_wfi", 20);
        ops.load("kvm_arch_vcpu_runnable: kvm_vgic_vcpu_pending_irq", v.at(HostLayout.AP_LIST_HEAD + 8), 8);
        if (kvm.vgic().hasPending(v.id)) {
            return true;
        }
        kvm.hypCall(ops, "__vgic_v3_read_vmcr", () ->
                ops.store("store vgic_vmcr", v.at(HostLayout.VGIC_VMCR), ops.readSysreg("ICH_VMCR_EL2"), 8));
        return false;
    }

    /** kvm_vcpu_halt's polling: the deadline and the flag the loop watches, then the loop itself runs. */
    void startPolling(El2Operations ops, Vcpu v) {
        long pcpu = kvm.layout().pcpu(v.pcpu);
        long now = ops.readSysreg("CNTPCT_EL0");
        ops.compute("kvm_vcpu_halt: ktime_get, kvm_vcpu_can_poll", 30);
        long deadline = now + kvm.config().host().haltPollNs() * kvm.counterHz() / 1_000_000_000L;
        ops.store("store poll deadline", pcpu + HostLayout.POLL_DEADLINE, deadline, 8);
        ops.store("store polled vcpu", pcpu + HostLayout.POLL_KICK, v.at(HostLayout.KICK), 8);
        ops.store("clear kick flag", v.at(HostLayout.KICK), 0, 8);
        v.state = Vcpu.State.POLLING;
        returnToStub(ops, v, HostIdle.POLL);
    }

    /**
     * kvm_vcpu_block: the vCPU put (timer to the background hrtimer), the thread scheduled out, the
     * CPU idle. With VHE the idle host would run at EL2; here it runs the same EL1 idle loop, whose
     * EL1 context is loaded for it (a step VHE would not have, labelled so).
     */
    void block(El2Operations ops, Vcpu v, Vcpu.State state) {
        ops.compute("kvm_vcpu_block: prepare_to_rcuwait, set_current_state", 30);
        vcpuPut(ops, v, state == Vcpu.State.BLOCKED);
        kvm.scheduler().switchOut(ops, v.pcpu);
        v.state = state;
        returnToStub(ops, v, HostIdle.IDLE);
    }

    /**
     * The trap returns to the host's idle or polling loop at EL1 (SPSR_EL2 = EL1h). With VHE the
     * host would idle at EL2; the loop runs at EL1 here all the same, so the guest's EL1 registers
     * are saved and the loop's loaded (steps a VHE host does not take: the what-if's one deviation).
     */
    void returnToStub(El2Operations ops, Vcpu v, long entry) {
        if (kvm.config().vhe()) {
            if (v.el1Live) {
                WorldSwitch.saveContext(ops, WorldSwitch.EL1_STATE, v.sysregs());
                v.el1Live = false;
            }
            WorldSwitch.loadContext(ops, WorldSwitch.EL1_STATE, kvm.layout().pcpu(v.pcpu) + HostLayout.HOST_SYSREGS);
            ops.writeSysreg("HCR_EL2", WorldSwitch.HCR_HOST_NVHE_FLAGS); // the loop runs at EL1
        }
        ops.writeSysreg("ELR_EL2", kvm.layout().stub() + entry);
        ops.writeSysreg("SPSR_EL2", HostIdle.SPSR_EL1H);
    }

    /** The vCPU thread runs again on its CPU: the idle task switched out, vcpu_load. */
    void wake(El2Operations ops, Vcpu v) {
        kvm.scheduler().switchIn(ops, v.pcpu);
        ops.compute("kvm_vcpu_block: finish_rcuwait, kvm_arch_vcpu_unblocking", 30);
        vcpuLoad(ops, v);
    }

    /**
     * KVM_RUN returns to the VMM and is called again: vcpu_put, the return to EL0 (the VMM's FP
     * registers back if the guest had them), the VMM's own work ({@code vmmWork}), the ioctl's SVC,
     * vcpu_load.
     */
    void roundTripToVmm(El2Operations ops, Vcpu v, Runnable vmmWork) {
        boolean guestHadFp = v.fpOwned;
        vcpuPut(ops, v, false);
        ops.compute("kvm_arch_vcpu_ioctl_run: kvm_sigset_deactivate, return 0", 20);
        ops.compute("ret_to_user: do_notify_resume", 20);
        if (guestHadFp) {
            kvm.fp().restore(ops, kvm.layout().pcpu(v.pcpu) + HostLayout.HOST_FP, "VMM");
        }
        ops.charge("ERET to the VMM at EL0", costs(ops).exceptionReturn(ops.cpu()));
        vmmWork.run();
        ops.charge("SVC to the host kernel (ioctl KVM_RUN)", costs(ops).exceptionEntry(ops.cpu(), 1));
        ops.compute("el0_svc, ksys_ioctl, kvm_vcpu_ioctl: mutex_lock", 60);
        vcpuLoad(ops, v);
        ops.compute("kvm_arch_vcpu_ioctl_run: kvm_sigset_activate, kvm_arch_vcpu_run_pid_change", 30);
    }
}
