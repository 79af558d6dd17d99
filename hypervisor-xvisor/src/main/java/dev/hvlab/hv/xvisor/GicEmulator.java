package dev.hvlab.hv.xvisor;

import static dev.hvlab.core.gic.GicRegisters.GICR_FRAME;

import dev.hvlab.core.hypervisor.El2Operations;

/**
 * The interrupt controller Xvisor emulates for a guest (emulators/pic/gic.c): a software distributor
 * with per-vCPU banked SGIs and PPIs, whose pending and enabled interrupts are handed to the vCPU's
 * vGIC ({@link Vgic}). Two guest views of the same state:
 * <ul>
 *   <li>{@code gicv2}, as Xvisor: a GICv2 distributor (GICD_SGIR for IPIs, ITARGETSR) and a GICv2
 *       CPU interface (GICC) at guest physical addresses. Xvisor maps the host's GICv2-compatible
 *       virtual CPU interface (GICV) there; the i.MX 8QM's GIC-500 has none, so here GICC traps too
 *       and is emulated on top of the GICv3 list registers (acknowledge = LR pending to active, EOI =
 *       LR cleared): a what-if.</li>
 *   <li>{@code gicv3-view}: the GICv3 distributor and redistributors the bare-metal workloads
 *       expect, with the CPU interface in the ICV_* system registers backed by the list registers and
 *       ICC_SGI1R_EL1 trapped for IPIs. Xvisor has no GICv3 emulator: this is the same emulated state
 *       behind GICv3 registers, an extension for the what-if.</li>
 * </ul>
 * Emulated interrupts are edge-like: once in a list register the distributor's pending bit is
 * clear (as {@code vmm_devemu_emulate_irq} with level 0 then 1).
 */
final class GicEmulator {
    /** 480 SPIs (ITLinesNumber = 15): room for the i.MX 8QM's SPI numbers (LPUART0 is 257). */
    static final int IRQS = 512;
    static final int SPURIOUS = 1023;
    static final long GICC_OFFSET_V2 = 0x10000;

    final GuestVm guest;
    final boolean v3;
    final long distributorBase;
    private final XvisorModel model;
    private final long state;
    private int ctlr;
    private final boolean[][] enabled;
    private final boolean[][] pending;
    private final int[][] priority;
    private final boolean[][] group;
    /** GICv2 SGI sources: bit s of sources[v][sgi] = pending from CPU s. */
    private final int[][] sources;
    private final int[] targets = new int[IRQS];
    private final long[] route = new long[IRQS];
    private final int[] cfg = new int[IRQS / 16];
    private final boolean[] waking;
    private final int[] gicc;

    /** @param state the emulator's state block in hypervisor memory (its loads and stores are charged there) */
    GicEmulator(XvisorModel model, GuestVm guest, boolean v3, long distributorBase, long state) {
        this.model = model;
        this.guest = guest;
        this.v3 = v3;
        this.distributorBase = distributorBase;
        this.state = state;
        int n = guest.vcpus.size();
        enabled = new boolean[n][IRQS];
        pending = new boolean[n][IRQS];
        priority = new int[n][IRQS];
        group = new boolean[n][IRQS];
        sources = new int[n][16];
        waking = new boolean[n];
        gicc = new int[n * 2];
        for (int v = 0; v < n; v++) {
            for (int i = 0; i < 16; i++) {
                enabled[v][i] = true; // SGIs are always enabled in GICv2 (ISENABLER0[15:0] RAO/WI)
            }
        }
    }

    /** The emulator's MMIO regions: distributor, then GICC (v2) or one redistributor per vCPU (v3). */
    Emulator distributor() {
        return new Emulator() {
            public String name() {
                return v3 ? "gicv3-view distributor" : "gic distributor";
            }

            public long size() {
                return 0x10000;
            }

            public long read(El2Operations ops, Vcpu v, long off, int size) {
                return distRead(ops, v, off, size);
            }

            public void write(El2Operations ops, Vcpu v, long off, long value, int size) {
                distWrite(ops, v, off, value, size);
            }
        };
    }

    Emulator cpuInterfaceV2() {
        return new Emulator() {
            public String name() {
                return "gic cpu interface";
            }

            public long size() {
                return 0x2000;
            }

            public long read(El2Operations ops, Vcpu v, long off, int size) {
                return giccRead(ops, v, off);
            }

            public void write(El2Operations ops, Vcpu v, long off, long value, int size) {
                giccWrite(ops, v, off, value);
            }
        };
    }

    Emulator redistributors() {
        return new Emulator() {
            public String name() {
                return "gicv3-view redistributor";
            }

            public long size() {
                return GICR_FRAME * guest.vcpus.size();
            }

            public long read(El2Operations ops, Vcpu v, long off, int size) {
                return redistRead(ops, (int) (off / GICR_FRAME), off % GICR_FRAME, size);
            }

            public void write(El2Operations ops, Vcpu v, long off, long value, int size) {
                redistWrite(ops, (int) (off / GICR_FRAME), off % GICR_FRAME, value, size);
            }
        };
    }

    // -----------------------------------------------------------------------------------------
    // State, injection
    // -----------------------------------------------------------------------------------------

    int priority(Vcpu v, int irq) {
        return irq < 32 ? priority[v.subid][irq] : priority[0][irq];
    }

    /** The GICv2 source CPU of the SGI being put into a list register (lowest pending source). */
    int takeSource(Vcpu v, int irq) {
        if (v3 || irq >= 16) {
            return 0;
        }
        int s = sources[v.subid][irq];
        if (s == 0) {
            return 0;
        }
        int src = Integer.numberOfTrailingZeros(s);
        sources[v.subid][irq] = s & ~(1 << src);
        if (sources[v.subid][irq] != 0) {
            v.vgicQueue.addLast(irq); // another source still pending: a second delivery
        }
        return src;
    }

    /** {@code vmm_devemu_emulate_irq}: an SPI from an emulated device (edge). */
    void raiseSpi(El2Operations ops, int irq) {
        ops.compute("gic_irq_handle: lock, set pending", 12);
        pending[0][irq] = true;
        update(ops, irq, -1);
    }

    /** {@code vmm_devemu_emulate_percpu_irq}: a PPI or SGI of one vCPU. */
    void raisePrivate(El2Operations ops, Vcpu v, int irq) {
        ops.compute("gic_irq_handle: lock, set pending (banked)", 12);
        pending[v.subid][irq] = true;
        update(ops, irq, v.subid);
    }

    private boolean distributorEnabled() {
        return (ctlr & 3) != 0;
    }

    /** gic_update: hand every deliverable interrupt to its vCPU's vGIC. */
    private void update(El2Operations ops, int irq, int vcpu) {
        if (!distributorEnabled()) {
            return;
        }
        if (irq < 32) {
            if (enabled[vcpu][irq] && pending[vcpu][irq]) {
                pending[vcpu][irq] = false;
                model.vgic().queue(ops, guest.vcpus.get(vcpu), irq);
            }
            return;
        }
        if (enabled[0][irq] && pending[0][irq]) {
            Vcpu target = spiTarget(irq);
            if (target != null) {
                pending[0][irq] = false;
                model.vgic().queue(ops, target, irq);
            }
        }
    }

    private Vcpu spiTarget(int irq) {
        if (v3) {
            long r = route[irq];
            if ((r & 1L << 31) != 0) {
                return guest.vcpus.get(0); // IRM: any participating vCPU
            }
            return guest.vcpuByMpidr(r & 0xFF_00FF_FFFFL | 1L << 31);
        }
        int t = targets[irq];
        return t == 0 ? null : guest.vcpus.get(Integer.numberOfTrailingZeros(t));
    }

    private void updateAll(El2Operations ops) {
        for (int v = 0; v < guest.vcpus.size(); v++) {
            for (int i = 0; i < 32; i++) {
                if (pending[v][i]) {
                    update(ops, i, v);
                }
            }
        }
        for (int i = 32; i < IRQS; i++) {
            if (pending[0][i]) {
                update(ops, i, -1);
            }
        }
    }

    /** An SGI from {@code from} to each vCPU whose bit is set in {@code targetMask}. */
    private void sendSgi(El2Operations ops, Vcpu from, int sgi, int targetMask) {
        for (Vcpu t : guest.vcpus) {
            if ((targetMask >>> t.subid & 1) != 0) {
                sources[t.subid][sgi] |= 1 << from.subid;
                raisePrivate(ops, t, sgi);
            }
        }
    }

    /** The trapped ICC_SGI1R_EL1 write of the GICv3 view (TargetList, Aff1, INTID, Aff2, IRM). */
    void sgi1r(El2Operations ops, Vcpu from, long value) {
        ops.compute("decode ICC_SGI1R_EL1", 10);
        int sgi = (int) (value >>> 24 & 0xF);
        boolean irm = (value >>> 40 & 1) != 0;
        long aff = (value >>> 16 & 0xFF) << 8 | (value >>> 32 & 0xFF) << 16;
        int mask = 0;
        for (Vcpu t : guest.vcpus) {
            long m = t.vmpidr & 0xFF_FFFF;
            boolean hit = irm ? t != from : (m & ~0xFFL) == aff && (value >>> (m & 0xF) & 1) != 0 && (m & 0xF0) == 0;
            if (hit) {
                mask |= 1 << t.subid;
            }
        }
        sendSgi(ops, from, sgi, mask);
    }

    // -----------------------------------------------------------------------------------------
    // Distributor
    // -----------------------------------------------------------------------------------------

    private void charge(El2Operations ops, long off, boolean write) {
        ops.compute("gic emulator: lock, decode offset", 10);
        ops.load("gic emulator state load", state + (off & 0xFF8), 8);
        if (write) {
            ops.store("gic emulator state store", state + (off & 0xFF8), 0, 8);
        }
    }

    /** Row of the state arrays for {@code irq} accessed by {@code v}: banked below 32. */
    private int row(Vcpu v, int irq) {
        return irq < 32 ? v.subid : 0;
    }

    long distRead(El2Operations ops, Vcpu v, long off, int size) {
        charge(ops, off, false);
        if (off == 0x0) {
            return v3 ? ctlr | 1 << 4 : ctlr; // ARE_NS reads as one in the GICv3 view
        }
        if (off == 0x4) {
            int typer = (IRQS / 32 - 1) | (guest.vcpus.size() - 1) << 5;
            return v3 ? typer | 9 << 19 : typer; // IDbits = 9 (10-bit INTIDs)
        }
        if (off == 0x8) {
            return 0x0100_143B; // IIDR: Arm, as the emulated GIC-400/GIC-500 report
        }
        if (off >= 0x80 && off < 0x100) {
            return bits(v, (int) (off - 0x80) * 8, group);
        }
        if (off >= 0x100 && off < 0x200) {
            return bits(v, (int) (off - 0x100 & 0x7F) * 8, enabled);
        }
        if (off >= 0x200 && off < 0x300) {
            return bits(v, (int) (off - 0x200 & 0x7F) * 8, pending);
        }
        if (off >= 0x300 && off < 0x400) {
            return 0;
        }
        if (off >= 0x400 && off < 0x400 + IRQS) {
            long r = 0;
            for (int i = size - 1; i >= 0; i--) {
                int irq = (int) (off - 0x400) + i;
                r = r << 8 | (v3 && irq < 32 ? 0 : priority[row(v, irq)][irq]);
            }
            return r;
        }
        if (!v3 && off >= 0x800 && off < 0x800 + IRQS) {
            long r = 0;
            for (int i = size - 1; i >= 0; i--) {
                int irq = (int) (off - 0x800) + i;
                r = r << 8 | (irq < 32 ? 1 << v.subid : targets[irq]);
            }
            return r;
        }
        if (off >= 0xC00 && off < 0xC00 + IRQS / 4) {
            return cfg[(int) (off - 0xC00) / 4];
        }
        if (v3 && off >= 0x6100 && off < 0x6000 + 8L * IRQS) {
            return route[(int) (off - 0x6000) / 8];
        }
        if (off == 0xFFE8) {
            return v3 ? 0x30 : 0x20; // PIDR2.ArchRev
        }
        return 0;
    }

    void distWrite(El2Operations ops, Vcpu v, long off, long value, int size) {
        charge(ops, off, true);
        if (off == 0x0) {
            ctlr = (int) value & (v3 ? 0x3 : 0x1);
            updateAll(ops);
        } else if (off >= 0x80 && off < 0x100) {
            setBits(v, (int) (off - 0x80) * 8, value, group, true, true);
        } else if (off >= 0x100 && off < 0x180) {
            setBits(v, (int) (off - 0x100) * 8, value, enabled, true, false);
            updateAll(ops);
        } else if (off >= 0x180 && off < 0x200) {
            setBits(v, (int) (off - 0x180) * 8, value, enabled, false, false);
        } else if (off >= 0x200 && off < 0x280) {
            setBits(v, (int) (off - 0x200) * 8, value, pending, true, false);
            updateAll(ops);
        } else if (off >= 0x280 && off < 0x300) {
            setBits(v, (int) (off - 0x280) * 8, value, pending, false, false);
        } else if (off >= 0x400 && off < 0x400 + IRQS) {
            for (int i = 0; i < size; i++) {
                int irq = (int) (off - 0x400) + i;
                if (!(v3 && irq < 32)) {
                    priority[row(v, irq)][irq] = (int) (value >>> 8 * i) & 0xFF;
                }
            }
        } else if (!v3 && off >= 0x800 && off < 0x800 + IRQS) {
            for (int i = 0; i < size; i++) {
                int irq = (int) (off - 0x800) + i;
                if (irq >= 32) {
                    targets[irq] = (int) (value >>> 8 * i) & ((1 << guest.vcpus.size()) - 1);
                }
            }
            updateAll(ops);
        } else if (off >= 0xC00 && off < 0xC00 + IRQS / 4) {
            cfg[(int) (off - 0xC00) / 4] = (int) value;
        } else if (!v3 && off == 0xF00) {
            // GICD_SGIR: TargetListFilter [25:24], CPUTargetList [23:16], SGIINTID [3:0]
            int filter = (int) (value >>> 24 & 3);
            int all = (1 << guest.vcpus.size()) - 1;
            int mask = switch (filter) {
                case 0 -> (int) (value >>> 16 & 0xFF) & all;
                case 1 -> all & ~(1 << v.subid);
                case 2 -> 1 << v.subid;
                default -> 0;
            };
            sendSgi(ops, v, (int) (value & 0xF), mask);
        } else if (v3 && off >= 0x6100 && off < 0x6000 + 8L * IRQS) {
            route[(int) (off - 0x6000) / 8] = value;
            updateAll(ops);
        }
    }

    /** 32 bits of a bit-per-interrupt array, starting at INTID {@code first}. */
    private long bits(Vcpu v, int first, boolean[][] a) {
        if (first >= IRQS || (v3 && first < 32)) {
            return 0;
        }
        long r = 0;
        for (int i = 0; i < 32; i++) {
            if (a[row(v, first + i)][first + i]) {
                r |= 1L << i;
            }
        }
        return r;
    }

    private void setBits(Vcpu v, int first, long value, boolean[][] a, boolean set, boolean assign) {
        if (first >= IRQS || (v3 && first < 32)) {
            return;
        }
        for (int i = 0; i < 32; i++) {
            int irq = first + i;
            if (!v3 && irq < 16 && a == enabled) {
                continue; // SGI enables are RAO/WI in GICv2
            }
            boolean bit = (value >>> i & 1) != 0;
            if (assign) {
                a[row(v, irq)][irq] = bit;
            } else if (bit) {
                a[row(v, irq)][irq] = set;
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // GICv3 view: redistributors (RD_base, then SGI_base at +64 KiB)
    // -----------------------------------------------------------------------------------------

    long redistRead(El2Operations ops, int n, long off, int size) {
        charge(ops, off, false);
        if (n >= guest.vcpus.size()) {
            return 0;
        }
        Vcpu t = guest.vcpus.get(n);
        if (off == 0x8) {
            long aff = t.vmpidr & 0xFF_FFFF;
            long typer = aff << 32 | (long) n << 8 | (n == guest.vcpus.size() - 1 ? 1 << 4 : 0);
            return size == 4 ? typer & 0xFFFF_FFFFL : typer;
        }
        if (off == 0xC) {
            return (t.vmpidr & 0xFF_FFFF);
        }
        if (off == 0x14) {
            return waking[n] ? 0 : 6; // WAKER: ProcessorSleep, ChildrenAsleep until woken
        }
        if (off == 0xFFE8) {
            return 0x30;
        }
        if (off >= 0x10000) {
            long o = off - 0x10000;
            if (o == 0x80) {
                return rowBits(n, group);
            }
            if (o == 0x100 || o == 0x180) {
                return rowBits(n, enabled);
            }
            if (o == 0x200 || o == 0x280) {
                return rowBits(n, pending);
            }
            if (o >= 0x400 && o < 0x420) {
                long r = 0;
                for (int i = size - 1; i >= 0; i--) {
                    r = r << 8 | priority[n][(int) (o - 0x400) + i];
                }
                return r;
            }
        }
        return 0;
    }

    void redistWrite(El2Operations ops, int n, long off, long value, int size) {
        charge(ops, off, true);
        if (n >= guest.vcpus.size()) {
            return;
        }
        Vcpu t = guest.vcpus.get(n);
        if (off == 0x14) {
            waking[n] = (value & 2) == 0;
            return;
        }
        if (off < 0x10000) {
            return;
        }
        long o = off - 0x10000;
        if (o == 0x80) {
            for (int i = 0; i < 32; i++) {
                group[n][i] = (value >>> i & 1) != 0;
            }
        } else if (o == 0x100 || o == 0x180 || o == 0x200 || o == 0x280) {
            boolean[][] a = o < 0x200 ? enabled : pending;
            boolean set = o == 0x100 || o == 0x200;
            for (int i = 0; i < 32; i++) {
                if ((value >>> i & 1) != 0) {
                    a[n][i] = set;
                }
            }
            for (int i = 0; i < 32; i++) {
                update(ops, i, t.subid);
            }
        } else if (o >= 0x400 && o < 0x420) {
            for (int i = 0; i < size; i++) {
                priority[n][(int) (o - 0x400) + i] = (int) (value >>> 8 * i) & 0xFF;
            }
        }
    }

    private long rowBits(int n, boolean[][] a) {
        long r = 0;
        for (int i = 0; i < 32; i++) {
            if (a[n][i]) {
                r |= 1L << i;
            }
        }
        return r;
    }

    // -----------------------------------------------------------------------------------------
    // GICv2 CPU interface, emulated on the list registers
    // -----------------------------------------------------------------------------------------

    private long giccRead(El2Operations ops, Vcpu v, long off) {
        ops.compute("gicc emulation: decode offset", 8);
        return switch ((int) off) {
            case 0x00 -> gicc[2 * v.subid];
            case 0x04 -> gicc[2 * v.subid + 1];
            case 0x0C -> acknowledge(ops, v);
            case 0xFC -> 0x0202_143B;
            default -> 0;
        };
    }

    private void giccWrite(El2Operations ops, Vcpu v, long off, long value) {
        ops.compute("gicc emulation: decode offset", 8);
        switch ((int) off) {
            case 0x00, 0x04 -> {
                gicc[2 * v.subid + (off == 0 ? 0 : 1)] = (int) value;
                // The virtual interface signals Group 1 list registers with VENG1 and VPMR.
                long vmcr = (gicc[2 * v.subid] & 1) << 1 | (long) (gicc[2 * v.subid + 1] & 0xFF) << 24;
                ops.writeSysreg("ICH_VMCR_EL2", vmcr);
            }
            case 0x10, 0x1000 -> endOfInterrupt(ops, v, (int) value & 0x3FF);
            default -> {
            }
        }
    }

    /** GICC_IAR: the highest-priority pending list register becomes active; its INTID (and SGI source). */
    private long acknowledge(El2Operations ops, Vcpu v) {
        long elrsr = ops.readSysreg("ICH_ELRSR_EL2");
        int best = -1;
        long bestLr = 0;
        int pmr = gicc[2 * v.subid + 1] & 0xFF;
        for (int n = 0; n < model.vgic().listRegisters; n++) {
            if ((elrsr >>> n & 1) != 0) {
                continue;
            }
            long lr = ops.readListRegister(n);
            int prio = (int) (lr >>> 48 & 0xFF);
            if ((lr & Vgic.LR_PENDING) != 0 && (lr & Vgic.LR_ACTIVE) == 0 && prio < pmr
                    && (best < 0 || prio < (int) (bestLr >>> 48 & 0xFF))) {
                best = n;
                bestLr = lr;
            }
        }
        if (best < 0) {
            return SPURIOUS;
        }
        ops.writeListRegister(best, bestLr & ~Vgic.LR_PENDING | Vgic.LR_ACTIVE);
        int irq = (int) (bestLr & 0x3FF);
        return irq < 16 ? irq | v.lrSource[best] << 10 : irq;
    }

    /** GICC_EOIR/DIR: the active list register with that INTID is cleared; queued interrupts move in. */
    private void endOfInterrupt(El2Operations ops, Vcpu v, int irq) {
        long elrsr = ops.readSysreg("ICH_ELRSR_EL2");
        for (int n = 0; n < model.vgic().listRegisters; n++) {
            if ((elrsr >>> n & 1) != 0) {
                continue;
            }
            long lr = ops.readListRegister(n);
            if ((lr & 0x3FF) == irq && (lr & Vgic.LR_ACTIVE) != 0) {
                ops.writeListRegister(n, (lr & Vgic.LR_PENDING) != 0 ? lr & ~Vgic.LR_ACTIVE : 0);
                break;
            }
        }
        model.vgic().flush(ops, v);
    }
}
