package dev.hvlab.hv.xen;

import static dev.hvlab.core.gic.GicRegisters.GICD_CTLR;
import static dev.hvlab.core.gic.GicRegisters.GICD_ICENABLER;
import static dev.hvlab.core.gic.GicRegisters.GICD_ICFGR;
import static dev.hvlab.core.gic.GicRegisters.GICD_IIDR;
import static dev.hvlab.core.gic.GicRegisters.GICD_IPRIORITYR;
import static dev.hvlab.core.gic.GicRegisters.GICD_IROUTER;
import static dev.hvlab.core.gic.GicRegisters.GICD_ISENABLER;
import static dev.hvlab.core.gic.GicRegisters.GICD_ISPENDR;
import static dev.hvlab.core.gic.GicRegisters.GICD_PIDR2;
import static dev.hvlab.core.gic.GicRegisters.GICD_TYPER;
import static dev.hvlab.core.gic.GicRegisters.GICR_IIDR;
import static dev.hvlab.core.gic.GicRegisters.GICR_SGI_BASE;
import static dev.hvlab.core.gic.GicRegisters.GICR_TYPER;

import dev.hvlab.core.hypervisor.El2Operations;

/**
 * The emulated GICv3 distributor and redistributors of Xen's vgic-v3.c (trap and emulate: the
 * guest's GICD/GICR accesses fault at stage 2 and land here; nothing is passed through). Per domain
 * the SPIs' enable, priority, configuration and routing; per vCPU a redistributor frame (RD + SGI)
 * with its SGIs' and PPIs' enable and priority. Group registers read as zero (Xen does not give
 * guests the security extensions); active registers are RAZ/WI. Enabling a passthrough SPI enables
 * and routes the physical one (gicv3_irq_enable, vgic_migrate_irq), which is why a GICD write can
 * cost physical distributor accesses.
 */
final class VgicV3Mmio {
    /** GICV3_GICD_IIDR_VAL / GICV3_GICR_IIDR_VAL and PIDR2 (ArchRev 3) as vgic-v3.c reports them. */
    static final long IIDR = 0x34C;
    static final long PIDR2 = 0x30;
    static final long CTLR_ENABLE_G1A = 1L << 1;
    static final long CTLR_ENABLE_G1 = 1;
    static final long CTLR_ARE_NS = 1L << 4;

    private final XenModel xen;

    VgicV3Mmio(XenModel xen) {
        this.xen = xen;
    }

    private void rankLock(El2Operations ops, XenDomain d, boolean take) {
        ops.store(take ? "vgic_lock_rank" : "vgic_unlock_rank", xen.memory().domain(d.id) + XenMemory.DOMAIN_VGIC_RANK_LOCK,
                take ? 1 : 0, 4);
    }

    /** vgic_v3_distr_mmio_read/write. Returns the value read (0 for a write). */
    long distributor(El2Operations ops, Vcpu v, long offset, boolean write, long value, int size) {
        XenDomain d = v.domain;
        int reg = (int) offset;
        ops.compute("vgic_v3_distr_mmio: decode offset", 8);
        if (reg == GICD_CTLR) {
            if (write) {
                d.gicdCtlr = value & (CTLR_ENABLE_G1 | CTLR_ENABLE_G1A);
                return 0;
            }
            return d.gicdCtlr | CTLR_ARE_NS; // RWP never set: writes take effect at once
        }
        if (reg == GICD_TYPER && !write) {
            int itLines = d.spis.length / 32;
            return (long) (10 - 1) << 19 | itLines; // IDbits = 10 - 1, ITLinesNumber
        }
        if (reg == GICD_IIDR && !write) {
            return IIDR;
        }
        if (reg == GICD_PIDR2 && !write) {
            return PIDR2;
        }
        if (reg >= GICD_IROUTER + 8 * 32 && reg < GICD_IROUTER + 8 * 1020) {
            PendingIrq n = d.irq(v, (reg - GICD_IROUTER) / 8);
            if (n == null) {
                return 0;
            }
            if (write) {
                rankLock(ops, d, true);
                int target = xen.vcpuByAffinity(d, value & 0xFF_00FF_FFFFL);
                n.targetVcpu = target < 0 ? 0 : target;
                if (n.hwIrq >= 0 && n.enabled) {
                    enablePhysical(ops, n.hwIrq, d.vcpus.get(n.targetVcpu));
                }
                rankLock(ops, d, false);
                return 0;
            }
            return d.vcpus.get(n.targetVcpu).vmpidr & 0xFF_00FF_FFFFL & ~(1L << 31);
        }
        if (reg >= GICD_ISENABLER && reg < GICD_ICENABLER + 0x80) {
            int first = (reg & 0x7F) / 4 * 32;
            if (first < 32) {
                return 0; // SGIs and PPIs live in the redistributors with ARE
            }
            return enableBits(ops, v, first, reg < GICD_ICENABLER, write, value);
        }
        if (reg >= GICD_ISPENDR && reg < GICD_ISPENDR + 0x80 && write) {
            int first = (reg & 0x7F) / 4 * 32;
            setPending(ops, v, first, value);
            return 0;
        }
        if (reg >= GICD_IPRIORITYR && reg < GICD_IPRIORITYR + 0x400) {
            int first = reg - GICD_IPRIORITYR;
            return first < 32 ? 0 : priorities(ops, v, first, write, value, size);
        }
        if (reg >= GICD_ICFGR && reg < GICD_ICFGR + 0x100) {
            int first = (reg - GICD_ICFGR) / 4 * 16;
            return first < 32 ? 0 : config(ops, v, first, write, value);
        }
        // IGROUPR, ICPENDR, ISACTIVER/ICACTIVER and everything else: read as zero, write ignored.
        ops.compute("read_as_zero / write_ignore", 2);
        return 0;
    }

    /** vgic_v3_rdistr_mmio_read/write for the frame of {@code target}. */
    long redistributor(El2Operations ops, Vcpu v, Vcpu target, long offset, boolean write, long value, int size) {
        ops.compute("vgic_v3_rdistr: decode offset", 8);
        if (offset < GICR_SGI_BASE) {
            int reg = (int) offset;
            if (reg == GICR_TYPER && !write) {
                long aff = target.vmpidr & 0xFF_00FF_FFFFL & ~(1L << 31);
                long typer = (aff & 0xFF_FFFFL | (aff >>> 32 & 0xFF) << 24) << 32 | (long) target.id << 8;
                if (target.id == target.domain.vcpus.size() - 1) {
                    typer |= 1L << 4; // Last
                }
                return typer;
            }
            if (reg == GICR_IIDR && !write) {
                return IIDR;
            }
            if (reg == GICD_PIDR2 && !write) {
                return PIDR2;
            }
            return 0; // CTLR, WAKER (ProcessorSleep/ChildrenAsleep zero), STATUSR ...: RAZ/WI
        }
        int reg = (int) (offset - GICR_SGI_BASE);
        if (reg == GICD_ISENABLER || reg == GICD_ICENABLER) {
            return enableBits(ops, target, 0, reg == GICD_ISENABLER, write, value);
        }
        if (reg == GICD_ISPENDR && write) {
            setPending(ops, target, 0, value);
            return 0;
        }
        if (reg >= GICD_IPRIORITYR && reg < GICD_IPRIORITYR + 32) {
            return priorities(ops, target, reg - GICD_IPRIORITYR, write, value, size);
        }
        if (reg == GICD_ICFGR || reg == GICD_ICFGR + 4) {
            return config(ops, target, (reg - GICD_ICFGR) * 4, write, value);
        }
        return 0;
    }

    private long enableBits(El2Operations ops, Vcpu v, int first, boolean set, boolean write, long value) {
        XenDomain d = v.domain;
        rankLock(ops, d, true);
        long bits = 0;
        for (int i = 0; i < 32; i++) {
            PendingIrq n = d.irq(v, first + i);
            if (n == null) {
                continue;
            }
            if (write && (value >>> i & 1) != 0) {
                Vcpu target = first < 32 ? v : d.vcpus.get(n.targetVcpu);
                ops.compute("vgic_enable_irqs/vgic_disable_irqs: one bit", 6);
                if (set) {
                    xen.vgic().enable(ops, target, n);
                } else {
                    xen.vgic().disable(ops, target, n);
                }
            }
            if (n.enabled) {
                bits |= 1L << i;
            }
        }
        rankLock(ops, d, false);
        return write ? 0 : bits;
    }

    private void setPending(El2Operations ops, Vcpu v, int first, long value) {
        XenDomain d = v.domain;
        for (int i = 0; i < 32; i++) {
            if ((value >>> i & 1) == 0) {
                continue;
            }
            PendingIrq n = d.irq(v, first + i);
            if (n != null && n.hwIrq < 0) {
                xen.vgic().inject(ops, first < 32 ? v : d.vcpus.get(n.targetVcpu), first + i);
            }
        }
    }

    private long priorities(El2Operations ops, Vcpu v, int firstIrq, boolean write, long value, int size) {
        XenDomain d = v.domain;
        rankLock(ops, d, true);
        long result = 0;
        for (int b = 0; b < size; b++) {
            PendingIrq n = d.irq(v, firstIrq + b);
            if (n == null) {
                continue;
            }
            if (write) {
                n.priority = (int) (value >>> (8 * b)) & 0xFF;
            } else {
                result |= (long) n.priority << (8 * b);
            }
        }
        ops.compute("vgic priority rank update", 4 + 2 * size);
        rankLock(ops, d, false);
        return result;
    }

    private long config(El2Operations ops, Vcpu v, int firstIrq, boolean write, long value) {
        XenDomain d = v.domain;
        long result = 0;
        for (int i = 0; i < 16; i++) {
            PendingIrq n = d.irq(v, firstIrq + i);
            if (n == null) {
                continue;
            }
            if (write && firstIrq + i >= 16) {
                n.edge = (value >>> (2 * i + 1) & 1) != 0;
            }
            if (n.edge) {
                result |= 2L << (2 * i);
            }
        }
        ops.compute("vgic icfgr", 6);
        return write ? 0 : result;
    }

    /** gicv3_irq_enable + routing to the pCPU of the target vCPU (irq_set_affinity). */
    void enablePhysical(El2Operations ops, int irq, Vcpu target) {
        long gicd = xen.gicdBase();
        ops.deviceWrite(gicd + GICD_IROUTER + 8L * irq, xen.platform().affinity(target.processor), 8);
        ops.deviceWrite(gicd + GICD_ISENABLER + 4L * (irq / 32), 1L << (irq % 32), 4);
    }

    /** gicv3_irq_disable. */
    void disablePhysical(El2Operations ops, int irq) {
        ops.deviceWrite(xen.gicdBase() + GICD_ICENABLER + 4L * (irq / 32), 1L << (irq % 32), 4);
    }
}
