package dev.hvlab.hv.xvisor;

import dev.hvlab.core.hypervisor.El2Operations;
import dev.hvlab.core.machine.PrimitiveCosts.Barrier;

/**
 * Xvisor's host vGIC driver on GICv3 (arch/arm/cpu/common/vgic.c with vgic_v3.c): a vCPU's emulated
 * interrupts go into its list registers ({@code __vgic_queue_irq}: reuse the LR already holding the
 * INTID, else take an empty one from ICH_ELRSR_EL2), or wait in a software queue when every LR is
 * busy (ICH_HCR_EL2.UIE then asks for the maintenance interrupt); the list registers, ICH_VMCR_EL2
 * and ICH_AP1R0_EL2 are saved and restored on vCPU switch ({@code vgic_save/restore}).
 */
final class Vgic {
    static final long LR_PENDING = 1L << 62;
    static final long LR_ACTIVE = 1L << 63;
    static final long LR_GROUP1 = 1L << 60;
    static final long LR_EOI = 1L << 41;
    static final long HCR_EN = 1;
    static final long HCR_UIE = 1 << 1;
    static final int MAINTENANCE_PPI = 25;

    private final XvisorModel model;
    final int listRegisters;

    Vgic(XvisorModel model, int listRegisters) {
        this.model = model;
        this.listRegisters = listRegisters;
    }

    /**
     * {@code vmm_vcpu_irq_assert} for an emulated interrupt: queued for the vCPU, then put into a list
     * register here, or on the CPU running the vCPU (an IPI), or the vCPU is woken from WFI.
     */
    void queue(El2Operations ops, Vcpu v, int irq) {
        ops.compute("vmm_vcpu_irq_assert", 10);
        if (!v.vgicQueue.contains(irq)) {
            v.vgicQueue.addLast(irq);
        }
        int self = ops.cpu().index();
        switch (v.state) {
            case RUNNING -> {
                if (v.hostCpu == self) {
                    flush(ops, v);
                } else {
                    model.ipi(ops, v.hostCpu, XvisorModel.IPI_VGIC_SYNC);
                }
            }
            case PAUSED -> {
                if (v.wfiWaiting) {
                    model.scheduler().wake(ops, v); // vmm_vcpu_irq_wait_resume
                }
            }
            default -> {
            }
        }
    }

    /** Moves the vCPU's queued interrupts into list registers; on the CPU it is current on. */
    void flush(El2Operations ops, Vcpu v) {
        if (v.vgicQueue.isEmpty()) {
            return;
        }
        long elrsr = ops.readSysreg("ICH_ELRSR_EL2");
        GicEmulator gic = v.guest.gic;
        while (!v.vgicQueue.isEmpty()) {
            int irq = v.vgicQueue.peekFirst();
            int free = -1;
            boolean merged = false;
            for (int n = 0; n < listRegisters; n++) {
                if ((elrsr >>> n & 1) != 0) {
                    if (free < 0) {
                        free = n;
                    }
                    continue;
                }
                long lr = ops.readListRegister(n);
                if ((lr & 0xFFFF) == irq && (lr & LR_PENDING) != 0) {
                    merged = true; // already pending in an LR: the edge merges
                    break;
                }
            }
            if (!merged && free < 0) {
                long hcr = ops.readSysreg("ICH_HCR_EL2");
                ops.writeSysreg("ICH_HCR_EL2", hcr | HCR_UIE);
                return;
            }
            v.vgicQueue.pollFirst();
            if (!merged) {
                long lr = irq | LR_GROUP1 | LR_PENDING | (long) (gic.priority(v, irq) & 0xF8) << 48;
                if (irq == XvisorModel.PPI_VIRT_TIMER && model.vtimerEoiUnmask()) {
                    lr |= LR_EOI; // deviation vtimer-eoi-unmask: a maintenance interrupt on its deactivation
                }
                ops.writeListRegister(free, lr);
                v.lrSource[free] = gic.takeSource(v, irq);
                elrsr &= ~(1L << free);
            }
        }
        ops.barrier(Barrier.ISB);
    }

    /** The maintenance interrupt: LRs drained, so clear UIE and move the rest of the queue in. */
    void maintenance(El2Operations ops, Vcpu v) {
        long hcr = ops.readSysreg("ICH_HCR_EL2");
        ops.writeSysreg("ICH_HCR_EL2", hcr & ~HCR_UIE);
        if (v != null && v.normal()) {
            flush(ops, v);
        }
    }

    /** {@code vgic_save} (switch-out): LRs, VMCR, AP1R0 to the context; LRs cleared; virtual interface off. */
    void save(El2Operations ops, Vcpu v) {
        long base = v.context + Vcpu.VGIC;
        long elrsr = ops.readSysreg("ICH_ELRSR_EL2");
        for (int n = 0; n < listRegisters; n++) {
            long lr = (elrsr >>> n & 1) != 0 ? 0 : ops.readListRegister(n);
            ops.store("store ICH_LR<n>_EL2", base + 8L * n, lr, 8);
            if (lr != 0) {
                ops.writeListRegister(n, 0);
            }
        }
        ops.store("store ICH_VMCR_EL2", base + 32, ops.readSysreg("ICH_VMCR_EL2"), 8);
        ops.store("store ICH_AP1R0_EL2", base + 40, ops.readSysreg("ICH_AP1R0_EL2"), 8);
        ops.writeSysreg("ICH_HCR_EL2", 0);
    }

    /** {@code vgic_restore} (switch-in), then the queued interrupts that arrived while it was out. */
    void restore(El2Operations ops, Vcpu v) {
        long base = v.context + Vcpu.VGIC;
        for (int n = 0; n < listRegisters; n++) {
            long lr = ops.load("load ICH_LR<n>_EL2", base + 8L * n, 8);
            if (lr != 0) {
                ops.writeListRegister(n, lr);
            }
        }
        ops.writeSysreg("ICH_VMCR_EL2", ops.load("load ICH_VMCR_EL2", base + 32, 8));
        ops.writeSysreg("ICH_AP1R0_EL2", ops.load("load ICH_AP1R0_EL2", base + 40, 8));
        ops.writeSysreg("ICH_HCR_EL2", HCR_EN);
        flush(ops, v);
    }

    /** Whether the vCPU has an interrupt pending for it ({@code arch_vcpu_irq_pending}), from the LRs and the queue. */
    boolean pending(El2Operations ops, Vcpu v) {
        if (!v.vgicQueue.isEmpty()) {
            return true;
        }
        long elrsr = ops.readSysreg("ICH_ELRSR_EL2");
        for (int n = 0; n < listRegisters; n++) {
            if ((elrsr >>> n & 1) == 0 && (ops.readListRegister(n) & LR_PENDING) != 0) {
                return true;
            }
        }
        return false;
    }
}
