package dev.hvlab.hv.kvm;

import dev.hvlab.core.hypervisor.El2Operations;
import java.util.ArrayList;
import java.util.List;

/**
 * The in-kernel vGICv3 of the host (arch/arm64/kvm/vgic/: vgic.c, vgic-mmio.c, vgic-mmio-v3.c,
 * vgic-v3.c): the distributor and the redistributors as MMIO devices on the KVM I/O bus, one
 * {@code struct vgic_irq} per interrupt (enabled, pending latch, line level, active, priority, group,
 * configuration, HW mapping), each vCPU's ap_list of interrupts that are pending or active, and the
 * list registers composed from it before each entry ({@link #flush}) and folded back after each
 * exit ({@link #sync}). The state is kept in Java; every access to a {@code vgic_irq} is priced as
 * the loads, stores and lock operations on its address in the host's memory.
 *
 * <p>Not modelled: the ITS and LPIs, GICv2 guests, 1-of-N SPI routing, priority-based preemption
 * between list registers beyond sorting by priority, the virtual SGI registers of GICv4.1.
 */
final class Vgic {
    static final long LR_STATE = 3L << 62;
    static final long LR_PENDING = 1L << 62;
    static final long LR_ACTIVE = 1L << 63;
    static final long LR_HW = 1L << 61;
    static final long LR_GROUP1 = 1L << 60;
    static final long LR_EOI = 1L << 41;
    static final long ICH_HCR_UIE = 1L << 1;
    static final int SPIS = 224;
    static final int VTIMER = 27;
    static final long GICR_STRIDE = 0x2_0000;

    private final KvmModel kvm;
    private final int vcpus;
    private final int nirqs;
    private final boolean[] enabled;
    private final boolean[] pendingLatch;
    private final boolean[] lineLevel;
    private final boolean[] active;
    private final boolean[] group1;
    private final boolean[] edge;
    private final int[] priority;
    private final int[] hwIntid;
    private final long[] route;
    private final List<List<Integer>> apList = new ArrayList<>();
    private final boolean[] sleeping;
    private long gicdCtlr;

    Vgic(KvmModel kvm, int vcpus) {
        this.kvm = kvm;
        this.vcpus = vcpus;
        this.nirqs = vcpus * 32 + SPIS;
        enabled = new boolean[nirqs];
        pendingLatch = new boolean[nirqs];
        lineLevel = new boolean[nirqs];
        active = new boolean[nirqs];
        group1 = new boolean[nirqs];
        edge = new boolean[nirqs];
        priority = new int[nirqs];
        hwIntid = new int[nirqs];
        route = new long[nirqs];
        sleeping = new boolean[vcpus];
        for (int v = 0; v < vcpus; v++) {
            apList.add(new ArrayList<>());
            sleeping[v] = true;
            for (int i = 0; i < 16; i++) {
                edge[index(v, i)] = true; // SGIs are edge-triggered
            }
        }
    }

    private int index(int vcpu, int intid) {
        return intid < 32 ? vcpu * 32 + intid : vcpus * 32 + intid - 32;
    }

    /** kvm_vgic_map_phys_irq: the vtimer of each vCPU is level-sensitive and mapped to the physical PPI 27. */
    void mapVtimer(int vcpu) {
        int i = index(vcpu, VTIMER);
        hwIntid[i] = VTIMER;
        edge[i] = false;
    }

    private boolean pending(int i) {
        return pendingLatch[i] || (!edge[i] && lineLevel[i]);
    }

    private long irqAddr(int vcpu, int intid) {
        return kvm.layout().irq(vcpu, intid);
    }

    /** raw_spin_lock(&irq->irq_lock) ... unlock around a load and a store of the vgic_irq. */
    private void touch(El2Operations ops, int vcpu, int intid, String what) {
        long a = irqAddr(vcpu, intid);
        ops.store("spin_lock irq_lock", a, 1, 4);
        ops.load("load vgic_irq (" + what + ")", a + 8, 8);
        ops.store("store vgic_irq (" + what + ")", a + 8, 0, 8);
        ops.store("spin_unlock irq_lock", a, 0, 4);
    }

    boolean hasPending(int vcpu) {
        for (int i : apList.get(vcpu)) {
            if (pending(i) && enabled[i]) {
                return true;
            }
        }
        return false;
    }

    // -----------------------------------------------------------------------------------------
    // Injection (kvm_vgic_inject_irq, vgic_queue_irq_unlock)
    // -----------------------------------------------------------------------------------------

    /** Makes {@code intid} of {@code vcpu} pending (a latch for edge, the line for level) and queues it. */
    void inject(El2Operations ops, int vcpu, int intid, boolean level) {
        int i = index(vcpu, intid);
        touch(ops, vcpu, intid, "inject");
        if (edge[i]) {
            if (level) {
                pendingLatch[i] = true;
            }
        } else {
            lineLevel[i] = level;
        }
        queue(ops, vcpu, intid);
    }

    /**
     * vgic_queue_irq_unlock: an interrupt that is pending and enabled, or active, goes on its
     * vCPU's ap_list (under the ap_list lock) and the vCPU is kicked.
     */
    private void queue(El2Operations ops, int vcpu, int intid) {
        if (intid >= 32) {
            vcpu = spiTarget(intid);
        }
        int i = index(vcpu, intid);
        List<Integer> ap = apList.get(vcpu);
        if (ap.contains(i)) {
            // Already on the ap_list (irq->vcpu set): nothing to move, but the vCPU is kicked, since
            // it may have taken and EOIed the earlier edge and would not see this one until its next
            // exit (KVM_REQ_IRQ_PENDING, kvm_vcpu_kick).
            if (pending(i) && enabled[i]) {
                kvm.kick(ops, vcpu);
            }
            return;
        }
        if (!((pending(i) && enabled[i]) || active[i])) {
            return;
        }
        long head = kvm.vcpu(vcpu).at(HostLayout.AP_LIST_HEAD);
        ops.store("spin_lock ap_list_lock", head, 1, 4);
        ops.store("list_add_tail ap_list", head + 8, i, 8);
        ops.store("spin_unlock ap_list_lock", head, 0, 4);
        ap.add(i);
        kvm.kick(ops, vcpu);
    }

    // -----------------------------------------------------------------------------------------
    // Before entry and after exit
    // -----------------------------------------------------------------------------------------

    /**
     * kvm_vgic_flush_hwstate (host, interrupts off): the pending or active interrupts of the
     * ap_list, highest priority first, into as many list registers as there are; the rest wait,
     * with the underflow maintenance interrupt (ICH_HCR_EL2.UIE) asking for another exit.
     */
    void flush(El2Operations ops, Vcpu v) {
        List<Integer> ap = apList.get(v.id);
        long head = v.at(HostLayout.AP_LIST_HEAD);
        ops.load("list_empty(ap_list_head)", head + 8, 8);
        if (ap.isEmpty()) {
            v.usedLrs = 0;
            return;
        }
        ops.store("spin_lock ap_list_lock", head, 1, 4);
        List<Integer> candidates = new ArrayList<>();
        for (int i : ap) {
            ops.load("compute_ap_list_depth: load list node", head + 8, 8);
            if ((pending(i) && enabled[i]) || active[i]) {
                candidates.add(i);
            }
        }
        if (candidates.size() > 1) {
            ops.compute("vgic_sort_ap_list (list_sort by priority)", 12 * candidates.size());
            candidates.sort((a, b) -> Integer.compare(priority[a], priority[b]));
        }
        int lrs = kvm.listRegisters();
        int used = 0;
        for (int i : candidates) {
            if (used == lrs) {
                break;
            }
            int intid = i < vcpus * 32 ? i % 32 : i - vcpus * 32 + 32;
            touch(ops, v.id, intid, "populate_lr");
            long lr = intid | (long) (priority[i] & 0xF8) << 48 | (group1[i] ? LR_GROUP1 : 0);
            if (pending(i) && enabled[i]) {
                lr |= LR_PENDING;
                if (edge[i]) {
                    pendingLatch[i] = false;
                } else if (hwIntid[i] == 0) {
                    lr |= LR_EOI; // level, software: a maintenance interrupt on EOI to resample
                }
            }
            if (active[i]) {
                lr |= LR_ACTIVE;
            }
            if (hwIntid[i] != 0) {
                lr |= LR_HW | (long) hwIntid[i] << 32;
            }
            ops.compute("vgic_v3_populate_lr", 10);
            ops.store("store vgic_lr[i]", v.at(HostLayout.VGIC_LRS + 8L * used), lr, 8);
            v.lrIntid[used] = i;
            used++;
        }
        long hcr = WorldSwitch.ICH_HCR_EN | (candidates.size() > used ? ICH_HCR_UIE : 0);
        ops.store("store vgic_hcr", v.at(HostLayout.VGIC_HCR), hcr, 8);
        ops.store("store used_lrs", v.at(HostLayout.VGIC_HCR + 8), used, 4);
        ops.store("spin_unlock ap_list_lock", head, 0, 4);
        v.usedLrs = used;
    }

    /**
     * kvm_vgic_sync_hwstate: vgic_fold_lr_state (each used list register's state back into its
     * vgic_irq; the HW-mapped vtimer's line re-sampled from CNTV_CTL_EL0, its get_input_level) and
     * vgic_prune_ap_list (interrupts neither pending nor active leave the list).
     */
    void sync(El2Operations ops, Vcpu v) {
        List<Integer> ap = apList.get(v.id);
        for (int n = 0; n < v.usedLrs; n++) {
            long lr = ops.load("load vgic_lr[i]", v.at(HostLayout.VGIC_LRS + 8L * n), 8);
            int i = v.lrIntid[n];
            int intid = i < vcpus * 32 ? i % 32 : i - vcpus * 32 + 32;
            touch(ops, v.id, intid, "fold_lr_state");
            active[i] = (lr & LR_ACTIVE) != 0;
            if ((lr & LR_PENDING) != 0 && edge[i]) {
                pendingLatch[i] = true;
            }
            if (!edge[i] && hwIntid[i] == 0 && (lr & LR_PENDING) == 0) {
                pendingLatch[i] = false;
                lineLevel[i] = false; // a level SW interrupt the guest took: its source re-asserts it
            }
            if (hwIntid[i] == VTIMER) {
                lineLevel[i] = kvm.timer().outputLevel(ops);
            }
        }
        if (!ap.isEmpty()) {
            long head = v.at(HostLayout.AP_LIST_HEAD);
            ops.store("spin_lock ap_list_lock", head, 1, 4);
            ap.removeIf(i -> {
                ops.load("vgic_prune_ap_list: load list node", head + 8, 8);
                return !((pending(i) && enabled[i]) || active[i]);
            });
            ops.store("spin_unlock ap_list_lock", head, 0, 4);
        }
        if (ap.isEmpty()) {
            ops.store("clear kick flag", v.at(HostLayout.KICK), 0, 8);
        }
    }

    // -----------------------------------------------------------------------------------------
    // ICC_SGI1R_EL1 (vgic_v3_dispatch_sgi)
    // -----------------------------------------------------------------------------------------

    void dispatchSgi(El2Operations ops, int sender, long value) {
        int intid = (int) (value >>> 24) & 0xF;
        boolean irm = (value >>> 40 & 1) != 0;
        long aff = (value >>> 16 & 0xFF) << 8 | (value >>> 32 & 0xFF) << 16 | (value >>> 48 & 0xFFL) << 32;
        int targets = (int) value & 0xFFFF;
        ops.compute("vgic_v3_dispatch_sgi: decode", 10);
        for (int c = 0; c < vcpus; c++) {
            Vcpu t = kvm.vcpu(c);
            ops.compute("kvm_for_each_vcpu: match affinity", 4);
            boolean match = irm ? c != sender
                    : (t.affinity() & ~0xFFL) == aff && (t.affinity() & 0xFF) < 16
                    && (targets >>> (t.affinity() & 0xF) & 1) != 0;
            if (match) {
                inject(ops, c, intid, true);
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // MMIO: distributor and redistributors (vgic-mmio-v3.c)
    // -----------------------------------------------------------------------------------------

    /** A distributor access at {@code offset}; the value read (ignored for writes). */
    long distributor(El2Operations ops, int vcpu, long offset, boolean write, long value, int size) {
        ops.compute("vgic_find_mmio_region (bsearch vgic_v3_dist_registers)", 14);
        int off = (int) offset;
        if (off == 0x0000) {
            if (write) {
                gicdCtlr = value & 0x2; // EnableGrp1NS; ARE_NS is RAO/WI
                ops.compute("vgic_mmio_write_v3_misc: kvm_vgic_dist enable, kick all", 20);
                return 0;
            }
            return gicdCtlr | 1L << 4 | 1L << 6; // ARE_NS, DS
        }
        if (off == 0x0004) {
            return (nirqs - vcpus * 32 + 32) / 32 - 1 | 9L << 19; // ITLinesNumber, IDbits = 10 bits
        }
        if (off == 0x0008) {
            return 0x4BL << 24 | 3L << 12 | 0x43B; // KVM's product ID, implementation revision 3, Arm
        }
        if (off == 0xFFE8) {
            return 0x3B; // PIDR2: GICv3
        }
        if (off >= 0x6100 && off < 0x6100 + 8 * 1020) {
            int intid = (off - 0x6000) / 8;
            if (!spi(intid)) {
                return 0;
            }
            int i = index(0, intid);
            touch(ops, 0, intid, "IROUTER");
            if (write) {
                route[i] = value & 0xFF_00FF_FFFFL;
                return 0;
            }
            return route[i];
        }
        return bitsAndBytes(ops, vcpu, off, write, value, size, true);
    }

    /** A redistributor access at {@code offset} from the start of the redistributor region. */
    long redistributor(El2Operations ops, long offset, boolean write, long value, int size) {
        int frame = (int) (offset / GICR_STRIDE);
        int off = (int) (offset % GICR_STRIDE);
        ops.compute("vgic_find_mmio_region (bsearch vgic_v3_rd/sgibase_registers)", 12);
        if (frame >= vcpus) {
            return 0;
        }
        Vcpu t = kvm.vcpu(frame);
        if (off < 0x1_0000) {
            return switch (off) {
                case 0x0004 -> 0x4BL << 24 | 3L << 12 | 0x43B;
                case 0x0008 -> {
                    long typer = t.affinity() << 32 | (long) frame << 8 | (frame == vcpus - 1 ? 1L << 4 : 0);
                    yield size == 4 ? typer & 0xFFFF_FFFFL : typer;
                }
                case 0x000C -> t.affinity();
                case 0x0014 -> {
                    if (write) {
                        sleeping[frame] = (value & 2) != 0;
                    }
                    yield sleeping[frame] ? 6 : 0; // ProcessorSleep, ChildrenAsleep follows it
                }
                case 0xFFE8 -> 0x3B;
                default -> 0;
            };
        }
        return bitsAndBytes(ops, frame, off - 0x1_0000, write, value, size, false);
    }

    private boolean spi(int intid) {
        return intid >= 32 && intid < 32 + nirqs - vcpus * 32;
    }

    /**
     * The per-interrupt registers (one bit, two bits or a byte per interrupt) of the distributor's
     * SPIs or a redistributor's SGIs/PPIs. With affinity routing the distributor's private range is
     * RAZ/WI.
     */
    private long bitsAndBytes(El2Operations ops, int vcpu, int off, boolean write, long value, int size, boolean dist) {
        int kind;
        int first;
        int bitsPer;
        if (off >= 0x0080 && off < 0x0100) {
            kind = 0;
            first = (off - 0x80) * 8;
            bitsPer = 1;
        } else if (off >= 0x0100 && off < 0x0400) {
            kind = (off - 0x100) / 0x80 + 1; // 1 ISENABLER 2 ICENABLER 3 ISPENDR 4 ICPENDR 5 ISACTIVER 6 ICACTIVER
            first = (off - 0x100) % 0x80 * 8;
            bitsPer = 1;
        } else if (off >= 0x0400 && off < 0x0800) {
            kind = 7;
            first = off - 0x400;
            bitsPer = 8;
        } else if (off >= 0x0C00 && off < 0x0D00) {
            kind = 8;
            first = (off - 0xC00) * 4;
            bitsPer = 2;
        } else {
            return 0;
        }
        int count = size * 8 / bitsPer;
        long result = 0;
        for (int n = 0; n < count; n++) {
            int intid = first + n;
            boolean ok = dist ? spi(intid) : intid < 32;
            if (!ok) {
                continue;
            }
            int i = index(vcpu, intid);
            long field = value >>> (n * bitsPer) & ((1L << bitsPer) - 1);
            if (write && bitsPer == 1 && field == 0 && kind != 0) {
                continue; // set/clear registers: only the 1 bits act
            }
            touch(ops, vcpu, intid, regName(kind));
            long out = 0;
            switch (kind) {
                case 0 -> {
                    if (write) {
                        group1[i] = field != 0;
                    }
                    out = group1[i] ? 1 : 0;
                }
                case 1, 2 -> {
                    if (write) {
                        enabled[i] = kind == 1;
                    }
                    out = enabled[i] ? 1 : 0;
                }
                case 3, 4 -> {
                    if (write) {
                        pendingLatch[i] = kind == 3;
                        if (kind == 4 && !edge[i]) {
                            lineLevel[i] = false;
                        }
                    }
                    out = pending(i) ? 1 : 0;
                }
                case 5, 6 -> {
                    if (write) {
                        active[i] = kind == 5;
                    }
                    out = active[i] ? 1 : 0;
                }
                case 7 -> {
                    if (write) {
                        priority[i] = (int) field & 0xF8; // 5 bits of priority, as ICH_VTR_EL2.PRIbits
                    }
                    out = priority[i];
                }
                default -> {
                    if (write && intid >= 16) {
                        edge[i] = (field & 2) != 0;
                    }
                    out = edge[i] ? 2 : 0;
                }
            }
            result |= out << (n * bitsPer);
            if (write && (kind == 1 || kind == 3)) {
                queue(ops, vcpu, intid);
            }
        }
        return result;
    }

    private static String regName(int kind) {
        return switch (kind) {
            case 0 -> "IGROUPR";
            case 1 -> "ISENABLER";
            case 2 -> "ICENABLER";
            case 3 -> "ISPENDR";
            case 4 -> "ICPENDR";
            case 5 -> "ISACTIVER";
            case 6 -> "ICACTIVER";
            case 7 -> "IPRIORITYR";
            default -> "ICFGR";
        };
    }

    /** The vCPU an SPI is routed to (GICD_IROUTER's affinity; vCPU 0 when it names none). */
    int spiTarget(int intid) {
        long aff = route[index(0, intid)];
        for (int c = 0; c < vcpus; c++) {
            if (kvm.vcpu(c).affinity() == aff) {
                return c;
            }
        }
        return 0;
    }
}
