package dev.hvlab.core.gic;

import dev.hvlab.core.mem.MmioDevice;

/**
 * The GICv3 Distributor (GICD) of an Arm GIC-500, as the i.MX 8QuadMax has it: the SPIs' state and
 * routing (GICv3 spec, 12.9 "The GIC Distributor register descriptions").
 *
 * <p>What it models: GICD_CTLR (group enables, ARE_S/ARE_NS RAO/WI because the GIC-500 supports
 * affinity routing only, DS settable once by a Secure access, RWP always 0 because writes take
 * effect at once), TYPER (ITLinesNumber from the SPI count, SecurityExtn, IDbits 16, no LPIs,
 * no MBIs, 1-of-N supported, no Aff3), IIDR (GIC-500 0x0200043B), STATUSR (RAZ/WI), IGROUPR,
 * IGRPMODR, ISENABLER/ICENABLER, ISPENDR/ICPENDR, ISACTIVER/ICACTIVER, IPRIORITYR (byte or word
 * access, 5 priority bits), ICFGR, IROUTER (64-bit or 32-bit halves; IRM 1-of-N), the ID registers
 * (PIDR2.ArchRev = 3). The registers of SGIs and PPIs (INTIDs 0-31) are RAZ/WI here: with
 * affinity routing they live in the redistributors. Secure and Non-secure views (see
 * {@link InterruptBank}) follow the security state of the accessing CPU ({@link Gic#secureAccess}).
 *
 * <p>What it does not: legacy (ARE = 0) operation, so ITARGETSR, SGIR, CPENDSGIR and SPENDSGIR are
 * RAZ/WI; NSACR (RAZ/WI: Non-secure code cannot generate Secure SGIs); message-based SPIs; the
 * extended SPI range; E1NWF. Reserved offsets and unsupported access sizes are RAZ/WI with a named
 * warning logged once.
 */
public final class Distributor implements MmioDevice {
    public static final long SIZE = 0x10000;
    /** GICD_IIDR of the GIC-500: ProductID 0x02, Implementer 0x43B (Arm). */
    public static final int IIDR = 0x0200043B;
    /** PIDR4, PIDR5-7, PIDR0-3, CIDR0-3 at 0xFFD0-0xFFFC: the GIC-500 distributor's (PIDR2 ArchRev 3). */
    private static final int[] ID_REGISTERS = {0x44, 0, 0, 0, 0x92, 0xB4, 0x3B, 0, 0x0D, 0xF0, 0x05, 0xB1};

    static final int CTLR_ENABLE_GRP0 = 1;
    static final int CTLR_ENABLE_GRP1NS = 1 << 1;
    static final int CTLR_ENABLE_GRP1S = 1 << 2;
    static final int CTLR_ARE_S = 1 << 4;
    static final int CTLR_ARE_NS = 1 << 5;
    static final int CTLR_DS = 1 << 6;
    /** IROUTER: Aff2, Aff1, Aff0 and IRM (bit 31); Aff3 is RAZ/WI (TYPER.A3V = 0). */
    static final long IROUTER_MASK = 0x80FFFFFFL;
    static final long IROUTER_IRM = 1L << 31;

    private final Gic gic;
    final InterruptBank bank;
    final long[] router;
    /** GICD_CTLR in its Secure layout (with DS = 1, bit 5 is kept set but reads as 0). */
    int ctlr;
    final RegisterWarnings warnings = new RegisterWarnings(Distributor.class, "GICD");

    Distributor(Gic gic, int spiCount, boolean securityDisabled) {
        this.gic = gic;
        this.bank = new InterruptBank(32, 32 + spiCount);
        this.router = new long[32 + spiCount];
        this.ctlr = CTLR_ARE_S | CTLR_ARE_NS | (securityDisabled ? CTLR_DS : 0);
    }

    boolean securityDisabled() {
        return (ctlr & CTLR_DS) != 0;
    }

    /** The distributor's enable for interrupts of {@code group}. */
    boolean groupEnabled(int group) {
        return switch (group) {
            case InterruptBank.G0 -> (ctlr & CTLR_ENABLE_GRP0) != 0;
            case InterruptBank.G1NS -> (ctlr & CTLR_ENABLE_GRP1NS) != 0;
            default -> (ctlr & CTLR_ENABLE_GRP1S) != 0;
        };
    }

    /** GICD_TYPER: ITLinesNumber [4:0], SecurityExtn [10], IDbits [23:19] = 15 (16-bit INTIDs). */
    int typer() {
        int itLines = bank.limit / 32 - 1;
        return itLines | (securityDisabled() ? 0 : 1 << 10) | 15 << 19;
    }

    @Override
    public long read(int cpuIndex, long offset, int size) {
        boolean secure = gic.secureAccess(cpuIndex);
        boolean ds = securityDisabled();
        int off = (int) offset;
        if (off >= 0x6100 && off < 0x6000 + 8 * bank.limit && (size == 8 || size == 4)) {
            return readRouter(off, size, ds || secure);
        }
        if (size == 1) {
            if (off >= 0x400 && off < 0x800) {
                return bank.read(off, 1, ds, ds || secure);
            }
            if (off >= 0x800 && off < 0xC00) {
                return 0; // ITARGETSR: RAZ/WI with affinity routing
            }
        }
        if (size != 4) {
            warnings.badSize(offset, size);
            return 0;
        }
        switch (off) {
            case 0x0000:
                return ctlrView(secure || ds);
            case 0x0004:
                return typer() & 0xFFFFFFFFL;
            case 0x0008:
                return IIDR;
            case 0x000C:
                // GICD_TYPER2 (GIC spec 12.9.39): RES0 without GICv4.1. Linux's GICv3 driver reads it
                // on every boot, so it is a register, not a reserved offset.
                return 0;
            case 0x0010:
                return 0; // STATUSR: no error reporting
            default:
                break;
        }
        long v = bank.read(off, 4, ds, ds || secure);
        if (v != InterruptBank.NOT_HANDLED) {
            return v;
        }
        if (off >= 0x800 && off < 0xC00 || off >= 0xF00 && off < 0xF30) {
            return 0; // ITARGETSR, SGIR, CPENDSGIR, SPENDSGIR: legacy operation only
        }
        if (off >= 0xFFD0 && off <= 0xFFFC) {
            return ID_REGISTERS[(off - 0xFFD0) >>> 2];
        }
        warnings.reserved(offset, false);
        return 0;
    }

    @Override
    public void write(int cpuIndex, long offset, long value, int size) {
        boolean secure = gic.secureAccess(cpuIndex);
        boolean ds = securityDisabled();
        int off = (int) offset;
        if (off >= 0x6100 && off < 0x6000 + 8 * bank.limit && (size == 8 || size == 4)) {
            writeRouter(off, value, size, ds || secure);
            gic.update();
            return;
        }
        if (size == 1 && off >= 0x400 && off < 0x800) {
            bank.write(off, value, 1, ds, ds || secure);
            gic.update();
            return;
        }
        if (size == 1 && off >= 0x800 && off < 0xC00) {
            return;
        }
        if (size != 4) {
            warnings.badSize(offset, size);
            return;
        }
        if (off == 0) {
            writeCtlr((int) value, secure, ds);
            gic.update();
            return;
        }
        if (bank.write(off, value, 4, ds, ds || secure)) {
            gic.update();
            return;
        }
        if (off == 0x4 || off == 0x8 || off == 0xC || off == 0x10 || off >= 0x800 && off < 0xC00 || off >= 0xF00 && off < 0xF30
                || off >= 0xFFD0 && off <= 0xFFFC) {
            return; // read-only, or legacy-only registers
        }
        warnings.reserved(offset, true);
    }

    /**
     * GICD_CTLR as the access sees it. Secure or DS = 1: the register itself. Non-secure with DS = 0:
     * EnableGrp1A [1] (the Non-secure Group 1 enable), ARE_NS [4], RWP [31] (GICv3 spec 12.9.4).
     */
    private long ctlrView(boolean full) {
        if (securityDisabled()) {
            return ctlr & ~CTLR_ARE_NS; // DS = 1 layout: EnableGrp0, EnableGrp1, ARE [4], DS [6]
        }
        if (full) {
            return ctlr;
        }
        return (ctlr & CTLR_ENABLE_GRP1NS) | ((ctlr & CTLR_ARE_NS) != 0 ? 1 << 4 : 0);
    }

    private void writeCtlr(int v, boolean secure, boolean ds) {
        int mask;
        if (ds) {
            mask = CTLR_ENABLE_GRP0 | CTLR_ENABLE_GRP1NS; // DS is RAO/WI once set
        } else if (secure) {
            mask = CTLR_ENABLE_GRP0 | CTLR_ENABLE_GRP1NS | CTLR_ENABLE_GRP1S | CTLR_DS;
        } else {
            mask = CTLR_ENABLE_GRP1NS; // the Non-secure view's EnableGrp1A, bit [1]
        }
        ctlr = ctlr & ~mask | v & mask;
        if ((ctlr & CTLR_DS) != 0) {
            ctlr &= ~CTLR_ENABLE_GRP1S; // no Secure Group 1 with a single Security state
        }
    }

    private long readRouter(int off, int size, boolean full) {
        int intid = (off - 0x6000) >>> 3;
        long r = full || InterruptBank.bit(bank.group, intid) ? router[intid] : 0;
        if (size == 8) {
            return r;
        }
        return (off & 4) != 0 ? r >>> 32 : r & 0xFFFFFFFFL;
    }

    private void writeRouter(int off, long value, int size, boolean full) {
        int intid = (off - 0x6000) >>> 3;
        if (!full && !InterruptBank.bit(bank.group, intid)) {
            return;
        }
        long r = router[intid];
        if (size == 8) {
            r = value;
        } else if ((off & 4) != 0) {
            r = r & 0xFFFFFFFFL | value << 32;
        } else {
            r = r & ~0xFFFFFFFFL | value & 0xFFFFFFFFL;
        }
        router[intid] = r & IROUTER_MASK;
    }

    /** Whether SPI {@code intid} is routed to the CPU with affinity {@code mpidr} (GICD_IROUTER, IRM 0). */
    boolean routedTo(int intid, long mpidr) {
        long r = router[intid];
        return (r & IROUTER_IRM) != 0 || (r & 0xFFFFFFL) == (mpidr & 0xFFFFFFL);
    }
}
