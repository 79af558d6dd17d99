package dev.hvlab.hv.xen;

import dev.hvlab.core.hypervisor.El2Operations;
import dev.hvlab.core.machine.PrimitiveCosts.Barrier;
import java.util.HashMap;
import java.util.Map;

/**
 * The guests' timers (xen/arch/arm/vtimer.c, time.c). The virtual timer is the guest's own while
 * its vCPU runs; its PPI 27 is taken by Xen ({@code vtimer_interrupt}: CNTV_CTL_EL0.IMASK set, the
 * virtual PPI 27 injected as a software list register). When the vCPU is switched out,
 * {@code virt_timer_save} disables it and arms a soft timer at its deadline, whose expiry
 * ({@code virt_timer_expired}) marks it masked and injects PPI 27, waking the vCPU;
 * {@code virt_timer_restore} stops the soft timer and gives the registers back. The EL1 physical
 * timer traps (CNTHCTL_EL2.EL1PCEN = 0) and is emulated with a soft timer injecting PPI 30.
 */
final class VirtualTimer {
    static final long CTL_ENABLE = 1;
    static final long CTL_IMASK = 2;
    static final long CTL_ISTATUS = 4;
    static final int VIRQ_VTIMER = 27;
    static final int VIRQ_PTIMER = 30;

    private final XenModel xen;
    private final Map<Vcpu, SoftTimers.Timer> virtTimers = new HashMap<>();
    private final Map<Vcpu, SoftTimers.Timer> physTimers = new HashMap<>();

    VirtualTimer(XenModel xen) {
        this.xen = xen;
    }

    private SoftTimers.Timer virtTimer(Vcpu v) {
        return virtTimers.computeIfAbsent(v, k -> new SoftTimers.Timer("virt_timer_expired", (ops, now) -> expired(ops, k)));
    }

    private SoftTimers.Timer physTimer(Vcpu v) {
        return physTimers.computeIfAbsent(v, k -> new SoftTimers.Timer("phys_timer_expired", (ops, now) -> {
            k.ptimerCtl |= CTL_ISTATUS;
            if ((k.ptimerCtl & CTL_IMASK) == 0) {
                xen.vgic().inject(ops, k, VIRQ_PTIMER);
            }
        }));
    }

    /** vtimer_interrupt: the running vCPU's virtual timer fired. */
    void interrupt(El2Operations ops, Vcpu current) {
        if (current.idle) {
            return;
        }
        long ctl = ops.readSysreg("CNTV_CTL_EL0");
        current.vtimerCtl = ctl;
        ops.writeSysreg("CNTV_CTL_EL0", ctl | CTL_IMASK);
        xen.vgic().inject(ops, current, VIRQ_VTIMER);
    }

    /** virt_timer_save. */
    void save(El2Operations ops, Vcpu v) {
        long ctl = ops.readSysreg("CNTV_CTL_EL0");
        ops.store("store virt_timer.ctl", v.pa + Vcpu.TIMER, ctl, 8);
        ops.writeSysreg("CNTV_CTL_EL0", ctl & ~CTL_ENABLE);
        long cval = ops.readSysreg("CNTV_CVAL_EL0");
        ops.store("store virt_timer.cval", v.pa + Vcpu.TIMER + 8, cval, 8);
        v.vtimerCtl = ctl;
        v.vtimerCval = cval;
        if ((ctl & CTL_ENABLE) != 0 && (ctl & CTL_IMASK) == 0) {
            xen.timers().set(ops, virtTimer(v), ops.cpu().index(), xen.ticksToNs(cval));
        }
    }

    /** virt_timer_restore. */
    void restore(El2Operations ops, Vcpu v) {
        SoftTimers.Timer t = virtTimer(v);
        xen.timers().stop(ops, t);
        SoftTimers.Timer p = physTimers.get(v);
        if (p != null && p.active && p.pcpu != ops.cpu().index()) {
            long when = p.expires;
            xen.timers().stop(ops, p);
            xen.timers().set(ops, p, ops.cpu().index(), when); // migrate_timer
        }
        ops.writeSysreg("CNTVOFF_EL2", 0);
        ops.writeSysreg("CNTV_CVAL_EL0", ops.load("load virt_timer.cval", v.pa + Vcpu.TIMER + 8, 8));
        long ctl = v.vtimerCtl;
        ops.load("load virt_timer.ctl", v.pa + Vcpu.TIMER, 8);
        ops.writeSysreg("CNTV_CTL_EL0", ctl);
    }

    /** virt_timer_expired: the soft timer of a switched-out vCPU's virtual timer. */
    private void expired(El2Operations ops, Vcpu v) {
        v.vtimerCtl |= CTL_IMASK;
        ops.store("virt_timer.ctl |= IMASK", v.pa + Vcpu.TIMER, v.vtimerCtl, 8);
        xen.vgic().inject(ops, v, VIRQ_VTIMER);
    }

    /**
     * vtimer_emulate for CNTP_CTL_EL0 / CNTP_CVAL_EL0 / CNTP_TVAL_EL0: the guest's physical timer as
     * a soft timer. Returns the value read.
     */
    long physical(El2Operations ops, Vcpu v, String reg, boolean read, long value) {
        ops.compute("vtimer_emulate: decode", 6);
        long now = xen.counter(ops);
        switch (reg) {
            case "CNTP_CTL_EL0" -> {
                if (read) {
                    long istatus = Long.compareUnsigned(now, v.ptimerCval) >= 0 ? CTL_ISTATUS : 0;
                    return (v.ptimerCtl & (CTL_ENABLE | CTL_IMASK)) | ((v.ptimerCtl & CTL_ENABLE) != 0 ? istatus : 0);
                }
                v.ptimerCtl = value & (CTL_ENABLE | CTL_IMASK);
                arm(ops, v);
                return 0;
            }
            case "CNTP_CVAL_EL0" -> {
                if (read) {
                    return v.ptimerCval;
                }
                v.ptimerCval = value;
                arm(ops, v);
                return 0;
            }
            default -> { // CNTP_TVAL_EL0: signed 32 bits relative to the counter
                if (read) {
                    return (v.ptimerCval - now) & 0xFFFF_FFFFL;
                }
                v.ptimerCval = now + (int) value;
                arm(ops, v);
                return 0;
            }
        }
    }

    private void arm(El2Operations ops, Vcpu v) {
        SoftTimers.Timer t = physTimer(v);
        if ((v.ptimerCtl & CTL_ENABLE) != 0) {
            xen.timers().set(ops, t, ops.cpu().index(), xen.ticksToNs(v.ptimerCval));
        } else {
            xen.timers().stop(ops, t);
        }
        ops.barrier(Barrier.ISB);
    }
}
