package dev.hvlab.hv.jailhouse;

import static dev.hvlab.core.gic.GicRegisters.GICD_CTLR;
import static dev.hvlab.core.gic.GicRegisters.GICD_ICACTIVER;
import static dev.hvlab.core.gic.GicRegisters.GICD_ICFGR;
import static dev.hvlab.core.gic.GicRegisters.GICD_IGROUPR;
import static dev.hvlab.core.gic.GicRegisters.GICD_IIDR;
import static dev.hvlab.core.gic.GicRegisters.GICD_IPRIORITYR;
import static dev.hvlab.core.gic.GicRegisters.GICD_IROUTER;
import static dev.hvlab.core.gic.GicRegisters.GICD_ISENABLER;
import static dev.hvlab.core.gic.GicRegisters.GICD_ITARGETSR;
import static dev.hvlab.core.gic.GicRegisters.GICD_TYPER;
import static dev.hvlab.core.gic.GicRegisters.GICR_FRAME;
import static dev.hvlab.core.gic.GicRegisters.GICR_SGI_BASE;
import static dev.hvlab.core.gic.GicRegisters.GICR_TYPER;
import static dev.hvlab.core.gic.GicRegisters.GICR_TYPER_LAST;

import dev.hvlab.core.hypervisor.El2Operations;
import dev.hvlab.core.hypervisor.TrapResult;
import dev.hvlab.core.machine.PrimitiveCosts.Barrier;

/**
 * Jailhouse's GICv3 handling at EL2 (hypervisor/arch/arm-common/irqchip.c, arch/arm64/gic-v3.c):
 * physical interrupts taken at EL2 and re-injected through list registers (HW = 1 except SGIs,
 * priority drop without deactivation for them), the per-CPU software queue with SGI_INJECT to
 * another CPU or the maintenance interrupt (ICH_HCR_EL2.UIE) when the list registers are full, the
 * emulation of ICC_SGI1R_EL1 within the cell, and the restricted distributor and redistributor
 * pass-through.
 */
final class IrqChip {
    static final int SGI_INJECT = 0;
    static final int SGI_EVENT = 1;
    static final int SPURIOUS = 1023;

    static final long LR_ACTIVE = 1L << 63;
    static final long LR_PENDING = 1L << 62;
    static final long LR_HW = 1L << 61;
    static final long LR_GROUP1 = 1L << 60;
    static final long ICH_HCR_UIE = 1L << 1;

    // Distributor registers (GICv3 spec 12.9).
    static final int GICD_PIDR = 0xFFD0;

    private final JailhouseModel model;
    int listRegisters = 4;

    IrqChip(JailhouseModel model) {
        this.model = model;
    }

    // -----------------------------------------------------------------------------------------
    // Injection
    // -----------------------------------------------------------------------------------------

    /**
     * gicv3_inject_irq on the current CPU: false when every list register is in use (-EBUSY); an
     * interrupt already pending in a list register counts as injected (-EEXIST).
     *
     * <p>Deliberate difference from upstream: Jailhouse also answers -EEXIST, and its callers
     * drop the interrupt, when the entry is only <em>active</em>. For an SGI that loses the
     * interrupt: Linux keeps an IPI active for its whole handler (the EOI follows the handler)
     * and sends the next IPI_CALL_FUNC or IPI_RESCHEDULE as soon as it queued new work, which the
     * handler may already have passed; the woken task then waits for the next tick. A physical
     * GIC makes an active SGI active and pending again (the GICv3 interrupt life cycle), and a list register
     * can hold that state (ICH_LR_EL2.State = 0b11, HW = 0): the SGI is taken again after the
     * guest's deactivation. HW = 1 entries keep -EEXIST: their physical INTID stays active until
     * the guest deactivates it, so it cannot be taken again at EL2 meanwhile.
     */
    boolean injectLocal(El2Operations ops, int irq) {
        long elrsr = ops.readSysreg("ICH_ELRSR_EL2");
        int free = -1;
        for (int n = 0; n < listRegisters; n++) {
            if ((elrsr >>> n & 1) == 0) {
                long lr = ops.readListRegister(n);
                if ((lr & 0xFFFF) == irq) {
                    if ((lr & (LR_ACTIVE | LR_PENDING | LR_HW)) == LR_ACTIVE) {
                        ops.writeListRegister(n, lr | LR_PENDING);
                        ops.barrier(Barrier.ISB);
                    }
                    return true;
                }
            } else if (free < 0) {
                free = n;
            }
        }
        if (free < 0) {
            return false;
        }
        long lr = irq | LR_GROUP1 | LR_PENDING;
        if (irq >= 16) {
            lr |= LR_HW | (long) irq << 32; // the guest's deactivation deactivates the physical INTID
        }
        ops.writeListRegister(free, lr);
        ops.barrier(Barrier.ISB);
        return true;
    }

    /** irqchip_set_pending: inject locally, or queue for {@code target} and kick it (or arm the maintenance IRQ). */
    void setPending(El2Operations ops, int target, int irq) {
        int self = ops.cpu().index();
        boolean local = target == self;
        if (local && injectLocal(ops, irq)) {
            return;
        }
        long hv = model.hypervisorMemory();
        ops.store("spin_lock pending_irqs", PerCpu.pendingLock(hv, target), 1, 4);
        int tail = (int) ops.load("load pending_irqs.tail", PerCpu.pendingTail(hv, target), 4);
        int head = (int) ops.load("load pending_irqs.head", PerCpu.pendingHead(hv, target), 4);
        int next = (tail + 1) % PerCpu.MAX_PENDING;
        if (next != head) {
            ops.store("store pending irq", PerCpu.pendingIrq(hv, target, tail), irq, 2);
            ops.store("store pending sender", PerCpu.pendingSender(hv, target, tail), self, 2);
            ops.store("store pending_irqs.tail", PerCpu.pendingTail(hv, target), next, 4);
            ops.barrier(Barrier.DMB);
        }
        ops.store("spin_unlock pending_irqs", PerCpu.pendingLock(hv, target), 0, 4);
        if (local) {
            enableMaintenance(ops, true);
        } else {
            ops.sendSgi(SGI_INJECT, target);
        }
    }

    /** irqchip_inject_pending: drains this CPU's queue into free list registers. */
    void injectPending(El2Operations ops) {
        long hv = model.hypervisorMemory();
        int cpu = ops.cpu().index();
        while (true) {
            int head = (int) ops.load("load pending_irqs.head", PerCpu.pendingHead(hv, cpu), 4);
            int tail = (int) ops.load("load pending_irqs.tail", PerCpu.pendingTail(hv, cpu), 4);
            if (head == tail) {
                break;
            }
            int irq = (int) ops.load("load pending irq", PerCpu.pendingIrq(hv, cpu, head), 2);
            if (!injectLocal(ops, irq)) {
                enableMaintenance(ops, true);
                return;
            }
            ops.store("store pending_irqs.head", PerCpu.pendingHead(hv, cpu), (head + 1) % PerCpu.MAX_PENDING, 4);
        }
        enableMaintenance(ops, false);
    }

    /** gicv3_enable_maint_irq: ICH_HCR_EL2.UIE, an underflow maintenance interrupt once LRs drain. */
    void enableMaintenance(El2Operations ops, boolean on) {
        long hcr = ops.readSysreg("ICH_HCR_EL2");
        ops.writeSysreg("ICH_HCR_EL2", on ? hcr | ICH_HCR_UIE : hcr & ~ICH_HCR_UIE);
    }

    // -----------------------------------------------------------------------------------------
    // Physical interrupts taken at EL2
    // -----------------------------------------------------------------------------------------

    /**
     * irqchip_handle_irq: acknowledge until spurious; SGI_INJECT drains the queue, SGI_EVENT is a
     * management event, the maintenance IRQ drains the queue, anything else goes to this CPU's cell
     * through a HW list register. Handled ones are deactivated (EOImode = 1: EOIR then DIR); the
     * injected ones only get their priority dropped.
     */
    TrapResult handleIrq(El2Operations ops) {
        int cpu = ops.cpu().index();
        long hv = model.hypervisorMemory();
        boolean countEvent = true;
        while (true) {
            int irq = (int) ops.readSysreg("ICC_IAR1_EL1") & 0xFFFFFF;
            if (irq == SPURIOUS) {
                break;
            }
            boolean handled;
            if (irq < 16) {
                handled = true;
                if (irq == SGI_INJECT) {
                    ops.path("sgi-receive");
                    if (countEvent) {
                        model.count(ops, cpu, PerCpu.STAT_VMEXITS_VSGI);
                    }
                    injectPending(ops);
                } else if (irq == SGI_EVENT) {
                    ops.path("management-event");
                    if (countEvent) {
                        model.count(ops, cpu, PerCpu.STAT_VMEXITS_MANAGEMENT);
                    }
                }
            } else if (irq == model.config().maintenanceIrq()) {
                ops.path("maintenance");
                if (countEvent) {
                    model.count(ops, cpu, PerCpu.STAT_VMEXITS_MAINTENANCE);
                }
                injectPending(ops);
                handled = true;
            } else {
                ops.path("irq-injection");
                if (countEvent) {
                    model.count(ops, cpu, PerCpu.STAT_VMEXITS_VIRQ);
                }
                setPending(ops, cpu, irq);
                handled = false;
            }
            countEvent = false;
            ops.writeSysreg("ICC_EOIR1_EL1", irq);
            if (handled) {
                ops.writeSysreg("ICC_DIR_EL1", irq);
            }
        }
        return TrapResult.HANDLED;
    }

    // -----------------------------------------------------------------------------------------
    // ICC_SGI1R_EL1 (trapped by HCR_EL2.IMO)
    // -----------------------------------------------------------------------------------------

    /**
     * gicv3_handle_sgir_write + gic_handle_sgir_write: the SGI goes to each CPU of the cell that the
     * affinity and target list (or IRM, all but self) name; CPUs outside the cell are ignored.
     */
    void sgi1r(El2Operations ops, JailhouseCell cell, long value) {
        int intid = (int) (value >>> 24) & 0xF;
        boolean irm = (value >>> 40 & 1) != 0;
        long aff1 = value >>> 16 & 0xFF;
        long aff2 = value >>> 32 & 0xFF;
        int targets = (int) value & 0xFFFF;
        int self = ops.cpu().index();
        for (int cpu : cell.config.cpus()) {
            long mpidr = model.platform().machine().cpu(cpu).sysregs.mpidr;
            ops.compute("match SGI target", 4);
            if (irm) {
                if (cpu == self) {
                    continue;
                }
            } else if ((mpidr >>> 8 & 0xFF) != aff1 || (mpidr >>> 16 & 0xFF) != aff2
                    || (targets >>> (mpidr & 0xF) & 1) == 0) {
                continue;
            }
            setPending(ops, cpu, intid);
        }
    }

    // -----------------------------------------------------------------------------------------
    // Distributor and redistributor accesses (stage 2 faults on the unmapped GICD/GICR)
    // -----------------------------------------------------------------------------------------

    /** Mask of the bits of a register with {@code bitsPerIrq} bits per interrupt that the cell owns. */
    private static long accessMask(JailhouseCell cell, int firstIrq, int bitsPerIrq, long offset, int size) {
        int perReg = 32 / bitsPerIrq;
        long irqBits = (1L << bitsPerIrq) - 1;
        long mask = 0;
        for (int i = 0; i < perReg; i++) {
            if (cell.irqInCell(firstIrq + i)) {
                mask |= irqBits << (i * bitsPerIrq);
            }
        }
        mask >>>= 8 * (offset & 3);
        return size >= 8 ? mask : mask & ((1L << (size * 8)) - 1);
    }

    /**
     * restrict_bitmask_access: reads return only the cell's bits; writes to set/clear registers pass
     * only the cell's bits; other writes read-modify-write under the distributor lock.
     * Returns the value read (for reads).
     */
    private long restricted(El2Operations ops, JailhouseCell cell, long pa, long offset, int regIndex, int bitsPerIrq,
            boolean poke, boolean write, long value, int size) {
        int firstIrq = regIndex * (32 / bitsPerIrq);
        long mask = accessMask(cell, firstIrq, bitsPerIrq, offset, size);
        ops.compute("restrict_bitmask_access", 8 + 32 / bitsPerIrq * 3);
        if (!write) {
            return ops.deviceRead(pa, size) & mask;
        }
        if (poke) {
            ops.deviceWrite(pa, value & mask, size);
        } else {
            ops.store("spin_lock dist_lock", model.hypervisorMemory() + 0xF000, 1, 4);
            long old = ops.deviceRead(pa, size);
            ops.deviceWrite(pa, (old & ~mask) | (value & mask), size);
            ops.store("spin_unlock dist_lock", model.hypervisorMemory() + 0xF000, 0, 4);
        }
        return 0;
    }

    /** The emulated value of a GICD read, or the effect of a write; null when the access is forbidden. */
    Long distributor(El2Operations ops, JailhouseCell cell, long offset, boolean write, long value, int size) {
        long base = model.gicdBase();
        long pa = base + offset;
        int reg = (int) offset;
        if (reg >= GICD_IROUTER && reg < GICD_IROUTER + 8 * 1020) {
            int irq = (reg - GICD_IROUTER) / 8;
            if (irq < 32 || !cell.irqInCell(irq)) {
                return 0L; // RES0 for SGIs/PPIs; other cells' SPIs ignored
            }
            if (write) {
                for (int cpu : cell.config.cpus()) {
                    if ((model.platform().machine().cpu(cpu).sysregs.mpidr & 0xFF_00FF_FFFFL) == value) {
                        ops.deviceWrite(pa, value, size);
                        return 0L;
                    }
                }
                return null; // routing to a CPU outside the cell
            }
            return ops.deviceRead(pa, size);
        }
        if (reg >= GICD_ITARGETSR && reg < GICD_ITARGETSR + 1024) {
            return 0L; // RAZ/WI with affinity routing
        }
        if (reg >= GICD_ISENABLER && reg < GICD_ICACTIVER + 0x80) {
            return restricted(ops, cell, pa, offset, (reg & 0x7F) / 4, 1, true, write, value, size);
        }
        if (reg >= GICD_IGROUPR && reg < GICD_IGROUPR + 0x80) {
            return restricted(ops, cell, pa, offset, (reg & 0x7F) / 4, 1, false, write, value, size);
        }
        if (reg >= GICD_ICFGR && reg < GICD_ICFGR + 0x100) {
            return restricted(ops, cell, pa, offset, (reg & 0xFF) / 4, 2, false, write, value, size);
        }
        if (reg >= GICD_IPRIORITYR && reg < GICD_IPRIORITYR + 0x3FC) {
            return restricted(ops, cell, pa, offset, (reg & 0x3FF) / 4, 8, false, write, value, size);
        }
        // gicv3_handle_dist_access: identification and control registers read through, writes ignored;
        // everything else is ignored.
        if (!write && (reg == GICD_CTLR || reg == GICD_TYPER || reg == GICD_IIDR || reg >= GICD_PIDR)) {
            return ops.deviceRead(pa, size);
        }
        return 0L;
    }

    /**
     * A redistributor access: only the frames of the cell's own CPUs are reachable (passed through,
     * GICR_TYPER.Last set on the cell's last CPU, the SGI/PPI enable, pending and active registers
     * restricted to the cell's SGIs/PPIs); null for any other frame.
     */
    Long redistributor(El2Operations ops, JailhouseCell cell, long pa, boolean write, long value, int size) {
        long rel = pa - model.gicrBase();
        int cpu = (int) (rel / GICR_FRAME);
        long offset = rel % GICR_FRAME;
        if (!cell.ownsCpu(cpu)) {
            return null;
        }
        ops.compute("find redistributor", 4);
        if (offset == GICR_TYPER && !write) {
            long v = ops.deviceRead(pa, size);
            return cpu == cell.lastCpu() ? v | GICR_TYPER_LAST : v & ~GICR_TYPER_LAST;
        }
        long sgiOffset = offset - GICR_SGI_BASE;
        if (sgiOffset >= GICD_ISENABLER && sgiOffset < GICD_ICACTIVER + 4 && (sgiOffset & 0x7F) == 0) {
            return restricted(ops, cell, pa, sgiOffset, 0, 1, true, write, value, size);
        }
        if (write) {
            ops.deviceWrite(pa, value, size);
            return 0L;
        }
        return ops.deviceRead(pa, size);
    }
}
