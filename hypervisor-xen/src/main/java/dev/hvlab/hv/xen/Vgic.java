package dev.hvlab.hv.xen;

import dev.hvlab.core.hypervisor.El2Operations;
import dev.hvlab.core.machine.PrimitiveCosts.Barrier;
import java.util.List;

/**
 * Xen's "old" vGIC (xen/arch/arm/vgic.c, gic-vgic.c, gic-v3.c): per vCPU the interrupts in flight
 * ({@code inflight_irqs}, by priority) and those waiting for a list register ({@code lr_pending});
 * {@link #inject} (vgic_inject_irq) puts an interrupt in a free list register at once when its
 * vCPU is the one running here and nothing waits, else queues it and kicks the vCPU;
 * {@link #syncFromLrs} (on every entry from the guest) reads back every list register in use and
 * retires the ones the guest has EOI'd; {@link #syncToLrs} (on every return) moves waiting ones
 * into free list registers, and sets ICH_HCR_EL2.UIE when some still wait with all of them full.
 * A passthrough SPI goes in with HW = 1 and its physical INTID, so the guest's EOI deactivates it.
 */
final class Vgic {
    static final long LR_STATE_PENDING = 1L << 62;
    static final long LR_STATE_ACTIVE = 1L << 63;
    static final long LR_HW = 1L << 61;
    static final long LR_GROUP1 = 1L << 60;
    static final long ICH_HCR_EN = 1;
    static final long ICH_HCR_UIE = 1L << 1;

    private final XenModel xen;
    int nrLrs = 4;

    Vgic(XenModel xen) {
        this.xen = xen;
    }

    private void lock(El2Operations ops, Vcpu v) {
        ops.store("spin_lock_irqsave vgic.lock", v.pa + Vcpu.VGIC_LOCK, 1, 4);
        ops.barrier(Barrier.DMB);
    }

    private void unlock(El2Operations ops, Vcpu v) {
        ops.barrier(Barrier.DMB);
        ops.store("spin_unlock vgic.lock", v.pa + Vcpu.VGIC_LOCK, 0, 4);
    }

    /** vgic_inject_irq: {@code hwIrq} is the physical INTID of a passthrough SPI, or -1. */
    void inject(El2Operations ops, Vcpu v, int virq) {
        lock(ops, v);
        PendingIrq n = v.domain.irq(v, virq);
        ops.compute("irq_to_pending", 4);
        if (n == null) {
            unlock(ops, v);
            return;
        }
        if (n.inflight(v)) {
            n.queued = true; // already in flight: the LR or the queue will deliver it again
            unlock(ops, v);
            xen.kick(ops, v);
            return;
        }
        n.queued = true;
        ops.store("set_bit GIC_IRQ_GUEST_QUEUED", v.pa + Vcpu.INFLIGHT_HEAD + 8, 1, 8);
        if (n.enabled) {
            raise(ops, v, n);
        }
        insertByPriority(ops, v.inflight, n, "list_add inflight_irqs");
        unlock(ops, v);
        xen.kick(ops, v);
    }

    private static void insertByPriority(El2Operations ops, List<PendingIrq> list, PendingIrq n, String step) {
        int i = 0;
        while (i < list.size() && list.get(i).priority <= n.priority) {
            i++;
        }
        ops.compute(step + " (walk " + "by priority)", 3 + 3 * i);
        list.add(i, n);
    }

    /** gic_raise_guest_irq: a free list register now if {@code v} runs here and nothing waits, else lr_pending. */
    void raise(El2Operations ops, Vcpu v, PendingIrq n) {
        if (v == xen.current(ops.cpu().index()) && v.lrPending.isEmpty()) {
            int i = Integer.numberOfTrailingZeros(~v.lrMask);
            ops.compute("find_first_zero_bit lr_mask", 3);
            if (i < nrLrs) {
                setLr(ops, v, i, n);
                return;
            }
        }
        if (!v.lrPending.contains(n)) {
            insertByPriority(ops, v.lrPending, n, "gic_add_to_lr_pending");
        }
    }

    /** gic_set_lr / gicv3_update_lr: the interrupt pending in list register {@code i}. */
    private void setLr(El2Operations ops, Vcpu v, int i, PendingIrq n) {
        long lr = n.virq | (long) (n.priority & 0xFF) << 48 | LR_GROUP1 | LR_STATE_PENDING;
        if (n.hwIrq >= 0) {
            lr |= LR_HW | (long) n.hwIrq << 32;
        }
        ops.writeListRegister(i, lr);
        ops.barrier(Barrier.ISB);
        n.queued = false;
        n.visible = true;
        n.lr = i;
        v.lrs[i] = n;
        v.lrMask |= 1 << i;
    }

    /**
     * vgic_sync_from_lrs (enter_hypervisor_from_guest): clear UIE, then under the vGIC lock read
     * every list register of lr_mask and update it (gic_update_one_lr).
     */
    void syncFromLrs(El2Operations ops, Vcpu v) {
        long hcr = ops.readSysreg("ICH_HCR_EL2");
        ops.writeSysreg("ICH_HCR_EL2", hcr & ~ICH_HCR_UIE);
        ops.barrier(Barrier.ISB);
        if (v.lrMask == 0) {
            return;
        }
        lock(ops, v);
        for (int i = 0; i < nrLrs; i++) {
            if ((v.lrMask >>> i & 1) != 0) {
                updateOneLr(ops, v, i);
            }
        }
        unlock(ops, v);
    }

    /** gic_update_one_lr: active stays; an LR the guest has finished with is cleared and its interrupt retired or requeued. */
    private void updateOneLr(El2Operations ops, Vcpu v, int i) {
        long lr = ops.readListRegister(i);
        PendingIrq n = v.lrs[i];
        ops.compute("gic_update_one_lr", 8);
        if (n == null) {
            return;
        }
        if ((lr & LR_STATE_ACTIVE) != 0) {
            n.active = true;
            return;
        }
        if ((lr & LR_STATE_PENDING) != 0) {
            n.queued = false;
            return;
        }
        ops.writeListRegister(i, 0);
        v.lrMask &= ~(1 << i);
        v.lrs[i] = null;
        n.visible = false;
        n.active = false;
        n.lr = -1;
        if (n.hwIrq >= 0) {
            ops.store("clear_bit _IRQ_INPROGRESS", xen.memory().pcpu(ops.cpu().index()) + XenMemory.PCPU_IRQ_DESC, 0, 4);
        }
        if (n.queued && n.enabled) {
            raise(ops, v, n); // edge interrupt that fired again while in the LR
        } else {
            v.inflight.remove(n);
            ops.compute("list_del_init inflight", 4);
        }
    }

    /**
     * vgic_sync_to_lrs (leave_hypervisor_to_guest): gic_restore_pending_irqs, then UIE when interrupts
     * still wait with every list register in use.
     */
    void syncToLrs(El2Operations ops, Vcpu v) {
        ops.compute("list_empty lr_pending", 2);
        if (v.lrPending.isEmpty()) {
            return;
        }
        lock(ops, v);
        while (!v.lrPending.isEmpty()) {
            int i = Integer.numberOfTrailingZeros(~v.lrMask);
            if (i >= nrLrs) {
                break;
            }
            PendingIrq n = v.lrPending.remove(0);
            ops.compute("list_del_init lr_queue", 4);
            setLr(ops, v, i, n);
        }
        unlock(ops, v);
        if (!v.lrPending.isEmpty()) {
            long hcr = ops.readSysreg("ICH_HCR_EL2");
            ops.writeSysreg("ICH_HCR_EL2", hcr | ICH_HCR_UIE);
        }
    }

    /** vgic_vcpu_pending_irq: an enabled interrupt in flight above the vCPU's priority mask. */
    boolean pending(El2Operations ops, Vcpu v) {
        long vmcr = v == xen.current(ops.cpu().index()) ? ops.readSysreg("ICH_VMCR_EL2")
                : ops.load("load saved ICH_VMCR_EL2", v.pa + Vcpu.GIC + 8 * 6, 8);
        int pmr = (int) (vmcr >>> 24) & 0xFF;
        lock(ops, v);
        boolean any = false;
        for (PendingIrq n : v.inflight) {
            ops.compute("inflight walk", 3);
            if (n.enabled && (n.queued || n.visible) && n.priority < pmr) {
                any = true;
                break;
            }
        }
        unlock(ops, v);
        return any;
    }

    /** vgic_enable_irqs for one interrupt: a queued one is raised now; a passthrough SPI is enabled at the GICD. */
    void enable(El2Operations ops, Vcpu target, PendingIrq n) {
        if (n.enabled) {
            return;
        }
        n.enabled = true;
        if (n.hwIrq >= 0) {
            xen.gicd().enablePhysical(ops, n.hwIrq, target);
        }
        if (n.inflight(target) && !n.visible) {
            lock(ops, target);
            raise(ops, target, n);
            unlock(ops, target);
        }
    }

    /** vgic_disable_irqs for one interrupt. */
    void disable(El2Operations ops, Vcpu target, PendingIrq n) {
        if (!n.enabled) {
            return;
        }
        n.enabled = false;
        lock(ops, target);
        target.lrPending.remove(n);
        unlock(ops, target);
        if (n.hwIrq >= 0) {
            xen.gicd().disablePhysical(ops, n.hwIrq);
        }
    }
}
