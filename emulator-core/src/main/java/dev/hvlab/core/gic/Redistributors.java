package dev.hvlab.core.gic;

import dev.hvlab.core.mem.MmioDevice;

/**
 * The GICv3 Redistributors (GICR) of a GIC-500, one per CPU, laid out contiguously as the GIC-500
 * does: each has an RD_base frame and an SGI_base frame of 64 KiB, 128 KiB in all (GICv3 spec,
 * 12.10 and 12.11). The frame of CPU {@code n} (in the order given to {@link Gic}) starts at
 * {@code n * 0x20000}; the accessing CPU does not matter, every CPU may program every redistributor.
 *
 * <p>What it models: GICR_CTLR (RAZ/WI: no LPIs, RWP/UWP 0), IIDR, TYPER (Processor_Number, the
 * affinity from the CPU's MPIDR_EL1, Last on the last frame; no physical LPIs), WAKER
 * (ProcessorSleep with ChildrenAsleep following it at once: a sleeping redistributor forwards no
 * interrupt to its CPU), the ID registers (PIDR2.ArchRev 3), and in the SGI_base frame IGROUPR0,
 * IGRPMODR0, ISENABLER0/ICENABLER0, ISPENDR0/ICPENDR0, ISACTIVER0/ICACTIVER0, IPRIORITYR0-7,
 * ICFGR0 (SGIs, read-only edge) and ICFGR1 (PPIs, programmable).
 *
 * <p>What it does not: LPIs (PROPBASER, PENDBASER, SETLPIR, CLRLPIR, INVLPIR, INVALLR, SYNCR are
 * RAZ/WI with a warning), GICv4 VLPI frames, NSACR (RAZ/WI), the GIC-500's power management
 * registers beyond WAKER. Reserved offsets and unsupported sizes are RAZ/WI with a warning once.
 */
public final class Redistributors implements MmioDevice {
    public static final long FRAME_SIZE = 0x20000;
    /** PIDR4, PIDR5-7, PIDR0-3, CIDR0-3 of the GIC-500's redistributor (PIDR0 0x93). */
    private static final int[] ID_REGISTERS = {0x44, 0, 0, 0, 0x93, 0xB4, 0x3B, 0, 0x0D, 0xF0, 0x05, 0xB1};

    static final int WAKER_PROCESSOR_SLEEP = 1 << 1;
    static final int WAKER_CHILDREN_ASLEEP = 1 << 2;

    /** The per-CPU state of one redistributor. */
    static final class Redistributor {
        final InterruptBank bank = new InterruptBank(0, 32);
        boolean processorSleep = true;
    }

    private final Gic gic;
    final Redistributor[] frames;
    final RegisterWarnings warnings = new RegisterWarnings(Redistributors.class, "GICR");

    Redistributors(Gic gic, int cpus) {
        this.gic = gic;
        frames = new Redistributor[cpus];
        for (int i = 0; i < cpus; i++) {
            frames[i] = new Redistributor();
        }
    }

    public long size() {
        return frames.length * FRAME_SIZE;
    }

    /**
     * GICR_TYPER: Affinity_Value [63:32] (Aff3.Aff2.Aff1.Aff0 of MPIDR_EL1), Processor_Number
     * [23:8], Last [4]; PLPIS, VLPIS, DirectLPI 0.
     */
    long typer(int n) {
        long mpidr = gic.cpu(n).sysregs.mpidr;
        long affinity = (mpidr >>> 8 & 0xFF000000L) | (mpidr & 0xFFFFFFL);
        return affinity << 32 | (long) n << 8 | (n == frames.length - 1 ? 1 << 4 : 0);
    }

    @Override
    public long read(int cpuIndex, long offset, int size) {
        int n = (int) (offset / FRAME_SIZE);
        int off = (int) (offset % FRAME_SIZE);
        Redistributor r = frames[n];
        if (off == 0x8 && size == 8) {
            return typer(n);
        }
        if (off >= 0x10000) {
            boolean ds = gic.distributor.securityDisabled();
            boolean full = ds || gic.secureAccess(cpuIndex);
            int sgiOff = off - 0x10000;
            if (size == 1 && sgiOff >= 0x400 && sgiOff < 0x420 || size == 4 && sgiOff < 0xF00) {
                long v = r.bank.read(sgiOff, size, ds, full);
                if (v != InterruptBank.NOT_HANDLED) {
                    return v;
                }
            }
        } else if (size == 4) {
            switch (off) {
                case 0x0000:
                case 0x0010:
                    return 0; // CTLR (no LPIs, writes complete at once), STATUSR
                case 0x0004:
                    return Distributor.IIDR;
                case 0x0008:
                    return typer(n) & 0xFFFFFFFFL;
                case 0x000C:
                    return typer(n) >>> 32;
                case 0x0014:
                    return r.processorSleep ? WAKER_PROCESSOR_SLEEP | WAKER_CHILDREN_ASLEEP : 0;
                default:
                    break;
            }
            if (off >= 0xFFD0 && off <= 0xFFFC) {
                return ID_REGISTERS[(off - 0xFFD0) >>> 2];
            }
            if (lpiRegister(off)) {
                return 0;
            }
        } else if (size == 8 && lpiRegister(off)) {
            return 0;
        }
        complain(offset, off, size, false);
        return 0;
    }

    @Override
    public void write(int cpuIndex, long offset, long value, int size) {
        int n = (int) (offset / FRAME_SIZE);
        int off = (int) (offset % FRAME_SIZE);
        Redistributor r = frames[n];
        if (off >= 0x10000) {
            boolean ds = gic.distributor.securityDisabled();
            boolean full = ds || gic.secureAccess(cpuIndex);
            int sgiOff = off - 0x10000;
            if ((size == 1 && sgiOff >= 0x400 && sgiOff < 0x420 || size == 4 && sgiOff < 0xF00)
                    && r.bank.write(sgiOff, value, size, ds, full)) {
                gic.update();
                return;
            }
        } else if (size == 4) {
            if (off == 0x14) {
                r.processorSleep = (value & WAKER_PROCESSOR_SLEEP) != 0;
                gic.update();
                return;
            }
            if (off == 0 || off == 0x4 || off == 0x8 || off == 0xC || off == 0x10 || off >= 0xFFD0 && off <= 0xFFFC) {
                return; // RO, or RAZ/WI
            }
            if (lpiRegister(off)) {
                return;
            }
        } else if (size == 8 && (lpiRegister(off) || off == 0x8)) {
            return;
        }
        complain(offset, off, size, true);
    }

    /** PROPBASER, PENDBASER, SETLPIR, CLRLPIR, INVLPIR, INVALLR, SYNCR: LPIs are not modelled. */
    private boolean lpiRegister(int off) {
        boolean lpi = off >= 0x40 && off < 0x50 || off >= 0x70 && off < 0x80 || off >= 0xA0 && off < 0xA8
                || off >= 0xB0 && off < 0xB8 || off == 0xC0;
        if (lpi) {
            warnings.once("lpi", "LPI registers are RAZ/WI: LPIs are not modelled");
        }
        return lpi;
    }

    private void complain(long offset, int off, int size, boolean write) {
        if (size != 4 && size != 8) {
            warnings.badSize(offset, size);
        } else {
            warnings.reserved(offset, write);
        }
    }
}
