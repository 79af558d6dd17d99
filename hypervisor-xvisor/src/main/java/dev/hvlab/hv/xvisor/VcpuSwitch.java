package dev.hvlab.hv.xvisor;

import dev.hvlab.core.hypervisor.El2Operations;
import dev.hvlab.core.machine.PrimitiveCosts.Barrier;

/**
 * {@code arch_vcpu_switch} (arch/arm/cpu/arm64/cpu_vcpu_helper.c, cpu_vcpu_switch.S): HCR/CPTR to
 * defaults; the outgoing vCPU's registers copied from the trap frame, its vGIC, EL1 system
 * registers, VFP (only when the lazy-FP trap made it live) and generic timer saved (an enabled,
 * unmasked timer becomes a hypervisor timer event); then the incoming vCPU's timer, sysregs, vGIC,
 * HCR/CPTR (TFP set: VFP restored lazily on first use), VMPIDR, VTTBR, a TLB flush when it last ran
 * on another CPU, CLREX, and its registers copied into the trap frame, which the exit path restores.
 * Orphans (the idle thread) have no guest state: the idle stub runs at EL1 with stage 2 off.
 */
final class VcpuSwitch {
    static final long HCR_VM = 1L;
    static final long HCR_SWIO = 1L << 1;
    static final long HCR_FMO = 1L << 3;
    static final long HCR_IMO = 1L << 4;
    static final long HCR_AMO = 1L << 5;
    static final long HCR_FB = 1L << 9;
    static final long HCR_TWI = 1L << 13;
    static final long HCR_TWE = 1L << 14;
    static final long HCR_TSC = 1L << 19;
    static final long HCR_TIDCP = 1L << 20;
    static final long HCR_TACR = 1L << 21;
    static final long HCR_TSW = 1L << 22;
    static final long HCR_RW = 1L << 31;
    /** arch_vcpu_init's HCR_EL2 for a normal AArch64 vCPU. */
    static final long HCR_GUEST = HCR_TSW | HCR_TACR | HCR_TIDCP | HCR_TSC | HCR_TWE | HCR_TWI | HCR_FB | HCR_AMO
            | HCR_IMO | HCR_FMO | HCR_SWIO | HCR_VM | HCR_RW;
    static final long HCR_IDLE = HCR_AMO | HCR_IMO | HCR_FMO | HCR_RW;
    static final long CPTR_TFP = 1L << 10;
    static final long CPTR_TTA = 1L << 20;
    static final long CPTR_GUEST = CPTR_TTA | CPTR_TFP;
    static final long CTL_ENABLE = 1;
    static final long CTL_IMASK = 2;

    /** cpu_vcpu_sysregs_save/restore: the EL1 (and EL0 thread) context. */
    static final String[] SYSREGS = {"SP_EL0", "SP_EL1", "ELR_EL1", "SPSR_EL1", "SCTLR_EL1", "CPACR_EL1",
        "TTBR0_EL1", "TTBR1_EL1", "TCR_EL1", "MAIR_EL1", "AMAIR_EL1", "ESR_EL1", "FAR_EL1", "PAR_EL1",
        "AFSR0_EL1", "AFSR1_EL1", "VBAR_EL1", "CONTEXTIDR_EL1", "TPIDR_EL0", "TPIDRRO_EL0", "TPIDR_EL1",
        "CNTKCTL_EL1"};

    private final XvisorModel model;

    VcpuSwitch(XvisorModel model) {
        this.model = model;
    }

    void switchTo(El2Operations ops, Vcpu out, Vcpu in) {
        if (!ops.currentPath().endsWith("+vcpu-switch")) {
            ops.path(ops.currentPath() + "+vcpu-switch"); // the trap that ended in a switch: "wfi-block+vcpu-switch"
        }
        int cpu = ops.cpu().index();
        long frame = model.frame(cpu);
        ops.writeSysreg("HCR_EL2", HCR_RW);
        ops.writeSysreg("CPTR_EL2", 0);
        if (out != null) {
            ops.copy(out.context + Vcpu.REGS, frame, Vcpu.REGS_BYTES);
            if (out.normal()) {
                model.vgic().save(ops, out);
                ops.saveSysregs(SYSREGS, out.context + Vcpu.SYSREGS);
                if (out.fpLive) {
                    ops.saveFp(out.context + Vcpu.VFP);
                    out.fpLive = false;
                }
                saveTimer(ops, out);
                out.lastHostCpu = cpu;
            }
        }
        ops.copy(frame, in.context + Vcpu.REGS, Vcpu.REGS_BYTES);
        if (in.normal()) {
            model.timers().stop(ops, HostTimers.Kind.PHYS_TIMER, in);
            model.timers().stop(ops, HostTimers.Kind.VIRT_TIMER, in);
            ops.restoreSysregs(SYSREGS, in.context + Vcpu.SYSREGS);
            model.vgic().restore(ops, in);
            postRestoreTimer(ops, in);
            ops.writeSysreg("HCR_EL2", HCR_GUEST);
            ops.writeSysreg("CPTR_EL2", CPTR_GUEST);
            ops.writeSysreg("VMPIDR_EL2", in.vmpidr);
            ops.writeSysreg("VTTBR_EL2", in.guest.stage2.vttbr(in.guest.vmid));
            if (in.lastHostCpu >= 0 && in.lastHostCpu != cpu) {
                ops.path(ops.currentPath() + "+migrated");
                ops.tlbiVmalls12e1();
            }
            ops.compute("CLREX", 1);
            ops.barrier(Barrier.ISB);
        } else {
            ops.writeSysreg("HCR_EL2", HCR_IDLE);
            // Model artefact: the idle loop runs at EL1 with its MMU off (Xvisor's runs at EL2).
            ops.writeSysreg("SCTLR_EL1", 0x30D0_0800L);
            ops.barrier(Barrier.ISB);
        }
    }

    /** generic_timer_vcpu_context_save: both EL1 timers saved and masked; pending expiries become events. */
    private void saveTimer(El2Operations ops, Vcpu v) {
        long t = v.context + Vcpu.TIMER;
        long vctl = ops.readSysreg("CNTV_CTL_EL0");
        long vcval = ops.readSysreg("CNTV_CVAL_EL0");
        long pctl = ops.readSysreg("CNTP_CTL_EL0");
        long pcval = ops.readSysreg("CNTP_CVAL_EL0");
        ops.store("store cntvctl", t + Vcpu.T_VCTL, vctl, 8);
        ops.store("store cntvcval", t + Vcpu.T_VCVAL, vcval, 8);
        ops.store("store cntpctl", t + Vcpu.T_PCTL, pctl, 8);
        ops.store("store cntpcval", t + Vcpu.T_PCVAL, pcval, 8);
        ops.writeSysreg("CNTP_CTL_EL0", CTL_IMASK);
        ops.writeSysreg("CNTV_CTL_EL0", CTL_IMASK);
        long voff = ops.load("load cntvoff", t + Vcpu.T_VOFF, 8);
        if ((pctl & CTL_ENABLE) != 0 && (pctl & CTL_IMASK) == 0) {
            model.timers().start(ops, HostTimers.Kind.PHYS_TIMER, v, pcval);
        }
        if ((vctl & CTL_ENABLE) != 0 && (vctl & CTL_IMASK) == 0) {
            model.timers().start(ops, HostTimers.Kind.VIRT_TIMER, v, vcval + voff);
        }
    }

    /** generic_timer_vcpu_context_post_restore: timers that expired while out injected, registers back. */
    private void postRestoreTimer(El2Operations ops, Vcpu v) {
        long t = v.context + Vcpu.TIMER;
        long now = ops.readSysreg("CNTPCT_EL0");
        long vctl = ops.load("load cntvctl", t + Vcpu.T_VCTL, 8);
        long vcval = ops.load("load cntvcval", t + Vcpu.T_VCVAL, 8);
        long pctl = ops.load("load cntpctl", t + Vcpu.T_PCTL, 8);
        long pcval = ops.load("load cntpcval", t + Vcpu.T_PCVAL, 8);
        long voff = ops.load("load cntvoff", t + Vcpu.T_VOFF, 8);
        if ((pctl & CTL_ENABLE) != 0 && (pctl & CTL_IMASK) == 0 && Long.compareUnsigned(pcval, now) <= 0) {
            pctl |= CTL_IMASK;
            v.guest.gic.raisePrivate(ops, v, XvisorModel.PPI_PHYS_TIMER);
        }
        if ((vctl & CTL_ENABLE) != 0 && (vctl & CTL_IMASK) == 0 && Long.compareUnsigned(vcval + voff, now) <= 0) {
            vctl |= CTL_IMASK;
            v.guest.gic.raisePrivate(ops, v, XvisorModel.PPI_VIRT_TIMER);
        }
        ops.writeSysreg("CNTVOFF_EL2", voff);
        ops.writeSysreg("CNTP_CVAL_EL0", pcval);
        ops.writeSysreg("CNTV_CVAL_EL0", vcval);
        ops.writeSysreg("CNTP_CTL_EL0", pctl);
        ops.writeSysreg("CNTV_CTL_EL0", vctl);
    }
}
