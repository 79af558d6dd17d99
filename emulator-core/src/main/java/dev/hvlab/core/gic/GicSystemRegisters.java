package dev.hvlab.core.gic;

import static dev.hvlab.core.gic.InterruptBank.G0;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.sysreg.Access;
import dev.hvlab.core.sysreg.AccessRule;
import dev.hvlab.core.sysreg.SystemRegister;
import dev.hvlab.core.sysreg.SystemRegisters;
import java.util.function.ObjLongConsumer;
import java.util.function.ToLongFunction;

/**
 * The GICv3 CPU interface System registers (ICC_*) and the virtualization controls (ICH_*), added
 * to the shared table by {@link SystemRegisters}. Each entry acts on the accessing CPU's
 * {@link CpuInterface} ({@code cpu.sysregs.gic}); a CPU without one finds every entry UNDEFINED,
 * as a core whose GIC CPU interface is disabled does.
 *
 * <p>The access rules follow the accessibility pseudocode of the ICC_ and ICH_ register
 * descriptions (ARM ARM D19 / GICv3 spec 12.2): UNDEFINED at EL0 and while ICC_SRE_ELx.SRE is 0 at
 * the accessing EL; at Non-secure EL1 the ICH_HCR_EL2 traps first (TALL0 for the Group 0
 * registers, TALL1 for Group 1, TC for the common ones and the SGI registers, TDIR and TC for
 * DIR), then HCR_EL2.FMO (Group 0), IMO (Group 1), either (common) redirect the access to the
 * virtual interface, except that SGI generation traps to EL2 when either is set; then
 * SCR_EL3.FIQ (Group 0), IRQ (Group 1), both (common) trap to EL3 from EL1 and EL2. ICC_SRE_EL1
 * traps to EL2 while ICC_SRE_EL2.Enable is 0 and to EL3 while ICC_SRE_EL3.Enable is 0.
 */
public final class GicSystemRegisters {
    private static final long SCR_IRQ = 1L << 1;
    private static final long SCR_FIQ = 1L << 2;
    private static final long HCR_FMO = 1L << 3;
    private static final long HCR_IMO = 1L << 4;

    /** Which controls apply to an ICC_*_EL1 register. */
    private enum Kind { GROUP0, GROUP1, COMMON, DIR, SGI }

    private GicSystemRegisters() {
    }

    /** Adds the ICC_* and ICH_* registers to {@code t} (called once, from its constructor). */
    public static void register(SystemRegisters t) {
        Kind g0 = Kind.GROUP0;
        Kind g1 = Kind.GROUP1;
        Kind common = Kind.COMMON;
        el1(t, "ICC_PMR_EL1", 4, 6, 0, 0, common,
                c -> fmoOrImo(c) ? c.virtual.readPmr() : c.readPmr(),
                (c, v) -> {
                    if (fmoOrImo(c)) {
                        c.virtual.writePmr(v);
                    } else {
                        c.writePmr(v);
                    }
                });
        el1(t, "ICC_IAR0_EL1", 12, 8, 0, CpuInterface.SPURIOUS, g0,
                c -> fmo(c) ? c.virtual.acknowledge(0) : c.acknowledge(false), null);
        el1(t, "ICC_EOIR0_EL1", 12, 8, 1, 0, g0, null, (c, v) -> {
            if (fmo(c)) {
                c.virtual.endOfInterrupt((int) v);
            } else {
                c.endOfInterrupt((int) v, false);
            }
        });
        el1(t, "ICC_HPPIR0_EL1", 12, 8, 2, CpuInterface.SPURIOUS, g0,
                c -> fmo(c) ? c.virtual.highestPending(0) : c.highestPending(false), null);
        el1(t, "ICC_BPR0_EL1", 12, 8, 3, CpuInterface.MIN_BPR, g0,
                c -> fmo(c) ? c.virtual.readBpr(0) : c.bpr0,
                (c, v) -> {
                    if (fmo(c)) {
                        c.virtual.writeBpr(0, v);
                    } else {
                        c.writeBpr0(v);
                    }
                });
        el1(t, "ICC_AP0R0_EL1", 12, 8, 4, 0, g0,
                c -> fmo(c) ? c.virtual.readApr(0) : c.apr[G0] & 0xFFFFFFFFL,
                (c, v) -> {
                    if (fmo(c)) {
                        c.virtual.writeApr(0, v);
                    } else {
                        c.apr[G0] = (int) v;
                        c.gic.update();
                    }
                });
        el1(t, "ICC_AP1R0_EL1", 12, 9, 0, 0, g1,
                c -> imo(c) ? c.virtual.readApr(1) : c.apr[c.bank()] & 0xFFFFFFFFL,
                (c, v) -> {
                    if (imo(c)) {
                        c.virtual.writeApr(1, v);
                    } else {
                        c.apr[c.bank()] = (int) v;
                        c.gic.update();
                    }
                });
        el1(t, "ICC_DIR_EL1", 12, 11, 1, 0, Kind.DIR, null, (c, v) -> {
            if (fmoOrImo(c)) {
                c.virtual.deactivateInterrupt((int) v);
            } else {
                c.deactivateInterrupt((int) v);
            }
        });
        el1(t, "ICC_RPR_EL1", 12, 11, 3, 0xFF, common,
                c -> fmoOrImo(c) ? c.virtual.runningPriority() : c.readRpr(), null);
        el1(t, "ICC_SGI1R_EL1", 12, 11, 5, 0, Kind.SGI, null, (c, v) -> c.generateSgi(v, CpuInterface.SGI1R));
        el1(t, "ICC_ASGI1R_EL1", 12, 11, 6, 0, Kind.SGI, null, (c, v) -> c.generateSgi(v, CpuInterface.ASGI1R));
        el1(t, "ICC_SGI0R_EL1", 12, 11, 7, 0, Kind.SGI, null, (c, v) -> c.generateSgi(v, CpuInterface.SGI0R));
        el1(t, "ICC_IAR1_EL1", 12, 12, 0, CpuInterface.SPURIOUS, g1,
                c -> imo(c) ? c.virtual.acknowledge(1) : c.acknowledge(true), null);
        el1(t, "ICC_EOIR1_EL1", 12, 12, 1, 0, g1, null, (c, v) -> {
            if (imo(c)) {
                c.virtual.endOfInterrupt((int) v);
            } else {
                c.endOfInterrupt((int) v, true);
            }
        });
        el1(t, "ICC_HPPIR1_EL1", 12, 12, 2, CpuInterface.SPURIOUS, g1,
                c -> imo(c) ? c.virtual.highestPending(1) : c.highestPending(true), null);
        el1(t, "ICC_BPR1_EL1", 12, 12, 3, CpuInterface.MIN_BPR + 1, g1,
                c -> imo(c) ? c.virtual.readBpr(1) : c.readBpr1(),
                (c, v) -> {
                    if (imo(c)) {
                        c.virtual.writeBpr(1, v);
                    } else {
                        c.writeBpr1(v);
                    }
                });
        el1(t, "ICC_CTLR_EL1", 12, 12, 4, CpuInterface.CTLR_PRIBITS, common,
                c -> fmoOrImo(c) ? c.virtual.readCtlr() : c.readCtlrEl1(),
                (c, v) -> {
                    if (fmoOrImo(c)) {
                        c.virtual.writeCtlr(v);
                    } else {
                        c.writeCtlrEl1(v);
                    }
                });
        el1(t, "ICC_IGRPEN0_EL1", 12, 12, 6, 0, g0,
                c -> fmo(c) ? c.virtual.readGroupEnable(0) : c.igrpen0 ? 1 : 0,
                (c, v) -> {
                    if (fmo(c)) {
                        c.virtual.writeGroupEnable(0, v);
                    } else {
                        c.igrpen0 = (v & 1) != 0;
                        c.gic.update();
                    }
                });
        el1(t, "ICC_IGRPEN1_EL1", 12, 12, 7, 0, g1,
                c -> imo(c) ? c.virtual.readGroupEnable(1) : c.igrpen1[c.bank()] ? 1 : 0,
                (c, v) -> {
                    if (imo(c)) {
                        c.virtual.writeGroupEnable(1, v);
                    } else {
                        c.igrpen1[c.bank()] = (v & 1) != 0;
                        c.gic.update();
                    }
                });

        add(t, "ICC_SRE_EL1", 0, 12, 12, 5, 0, GicSystemRegisters::sreEl1Rule,
                CpuInterface::readSreEl1, CpuInterface::writeSreEl1);
        add(t, "ICC_SRE_EL2", 4, 12, 9, 5, 0, (cpu, read) -> {
            CpuInterface c = cpu.sysregs.gic;
            if (c == null || cpu.el < 2) {
                return Access.UNDEFINED;
            }
            return cpu.el == 2 && (c.sreEl3 & CpuInterface.SRE_ENABLE) == 0 ? Access.TRAP_EL3 : Access.OK;
        }, CpuInterface::readSreEl2, CpuInterface::writeSreEl2);
        AccessRule el3 = (cpu, read) -> cpu.sysregs.gic == null || cpu.el < 3 ? Access.UNDEFINED : Access.OK;
        add(t, "ICC_SRE_EL3", 6, 12, 12, 5, 0, el3, c -> c.sreEl3, CpuInterface::writeSreEl3);
        AccessRule el3Sre = el3.then((cpu, read) -> cpu.sysregs.gic.sreEnabledAt(3) ? Access.OK : Access.UNDEFINED);
        add(t, "ICC_CTLR_EL3", 6, 12, 12, 4, CpuInterface.CTLR_PRIBITS, el3Sre,
                CpuInterface::readCtlrEl3, CpuInterface::writeCtlrEl3);
        add(t, "ICC_IGRPEN1_EL3", 6, 12, 12, 7, 0, el3Sre,
                CpuInterface::readIgrpen1El3, CpuInterface::writeIgrpen1El3);

        AccessRule el2 = GicSystemRegisters::ichRule;
        add(t, "ICH_AP0R0_EL2", 4, 12, 8, 0, 0, el2, c -> c.virtual.readApr(0), (c, v) -> c.virtual.writeApr(0, v));
        add(t, "ICH_AP1R0_EL2", 4, 12, 9, 0, 0, el2, c -> c.virtual.readApr(1), (c, v) -> c.virtual.writeApr(1, v));
        add(t, "ICH_HCR_EL2", 4, 12, 11, 0, 0, el2, c -> c.virtual.readHcr(), (c, v) -> c.virtual.writeHcr(v));
        add(t, "ICH_VTR_EL2", 4, 12, 11, 1, VirtualCpuInterface.VTR, el2, c -> VirtualCpuInterface.VTR, null);
        add(t, "ICH_MISR_EL2", 4, 12, 11, 2, 0, el2, c -> c.virtual.misr(), null);
        add(t, "ICH_EISR_EL2", 4, 12, 11, 3, 0, el2, c -> c.virtual.eisr(), null);
        add(t, "ICH_ELRSR_EL2", 4, 12, 11, 5, (1 << VirtualCpuInterface.LIST_REGISTERS) - 1, el2,
                c -> c.virtual.elrsr(), null);
        add(t, "ICH_VMCR_EL2", 4, 12, 11, 7, VirtualCpuInterface.VMCR_RESET, el2,
                c -> c.virtual.readVmcr(), (c, v) -> c.virtual.writeVmcr(v));
        for (int n = 0; n < VirtualCpuInterface.LIST_REGISTERS; n++) {
            int lr = n;
            add(t, "ICH_LR" + n + "_EL2", 4, 12, 12, n, 0, el2, c -> c.virtual.readLr(lr), (c, v) -> c.virtual.writeLr(lr, v));
        }
    }

    // ---------------------------------------------------------------------------------------
    // Routing of EL1 accesses to the virtual interface
    // ---------------------------------------------------------------------------------------

    private static boolean atEl1UnderEl2(CpuInterface c) {
        return c.cpu.el == 1 && c.cpu.sysregs.el2Enabled();
    }

    private static boolean imo(CpuInterface c) {
        return atEl1UnderEl2(c) && (c.cpu.sysregs.hcrEl2 & HCR_IMO) != 0;
    }

    private static boolean fmo(CpuInterface c) {
        return atEl1UnderEl2(c) && (c.cpu.sysregs.hcrEl2 & HCR_FMO) != 0;
    }

    private static boolean fmoOrImo(CpuInterface c) {
        return atEl1UnderEl2(c) && (c.cpu.sysregs.hcrEl2 & (HCR_IMO | HCR_FMO)) != 0;
    }

    // ---------------------------------------------------------------------------------------
    // Access rules
    // ---------------------------------------------------------------------------------------

    private static AccessRule el1Rule(Kind kind) {
        return (cpu, read) -> {
            CpuInterface c = cpu.sysregs.gic;
            if (c == null || cpu.el == 0 || !c.sreEnabledAt(cpu.el)) {
                return Access.UNDEFINED;
            }
            long scr = cpu.sysregs.scrEl3;
            if (cpu.el == 1 && cpu.sysregs.el2Enabled()) {
                long ich = c.virtual.hcr;
                long hcr = cpu.sysregs.hcrEl2;
                switch (kind) {
                    case GROUP0:
                        if ((ich & VirtualCpuInterface.HCR_TALL0) != 0) {
                            return Access.TRAP_EL2;
                        }
                        if ((hcr & HCR_FMO) != 0) {
                            return Access.OK;
                        }
                        break;
                    case GROUP1:
                        if ((ich & VirtualCpuInterface.HCR_TALL1) != 0) {
                            return Access.TRAP_EL2;
                        }
                        if ((hcr & HCR_IMO) != 0) {
                            return Access.OK;
                        }
                        break;
                    case DIR:
                        if ((ich & (VirtualCpuInterface.HCR_TC | VirtualCpuInterface.HCR_TDIR)) != 0) {
                            return Access.TRAP_EL2;
                        }
                        if ((hcr & (HCR_IMO | HCR_FMO)) != 0) {
                            return Access.OK;
                        }
                        break;
                    case COMMON:
                        if ((ich & VirtualCpuInterface.HCR_TC) != 0) {
                            return Access.TRAP_EL2;
                        }
                        if ((hcr & (HCR_IMO | HCR_FMO)) != 0) {
                            return Access.OK;
                        }
                        break;
                    default: // SGI: generation is never virtualized, the hypervisor emulates it
                        if ((ich & VirtualCpuInterface.HCR_TC) != 0 || (hcr & (HCR_IMO | HCR_FMO)) != 0) {
                            return Access.TRAP_EL2;
                        }
                        break;
                }
            }
            if (cpu.el < 3) {
                boolean trap = switch (kind) {
                    case GROUP0 -> (scr & SCR_FIQ) != 0;
                    case GROUP1 -> (scr & SCR_IRQ) != 0;
                    default -> (scr & (SCR_IRQ | SCR_FIQ)) == (SCR_IRQ | SCR_FIQ);
                };
                if (trap) {
                    return Access.TRAP_EL3;
                }
            }
            return Access.OK;
        };
    }

    private static Access sreEl1Rule(Cpu cpu, boolean read) {
        CpuInterface c = cpu.sysregs.gic;
        if (c == null || cpu.el == 0) {
            return Access.UNDEFINED;
        }
        if (cpu.el == 1 && cpu.sysregs.el2Enabled() && (c.sreEl2 & CpuInterface.SRE_ENABLE) == 0) {
            return Access.TRAP_EL2;
        }
        if (cpu.el < 3 && (c.sreEl3 & CpuInterface.SRE_ENABLE) == 0) {
            return Access.TRAP_EL3;
        }
        return Access.OK;
    }

    /** ICH_*_EL2: UNDEFINED below EL2 and while ICC_SRE_EL2.SRE (ICC_SRE_EL3.SRE at EL3) is 0. */
    private static Access ichRule(Cpu cpu, boolean read) {
        CpuInterface c = cpu.sysregs.gic;
        return c == null || cpu.el < 2 || !c.sreEnabledAt(cpu.el) ? Access.UNDEFINED : Access.OK;
    }

    // ---------------------------------------------------------------------------------------
    // Table entries
    // ---------------------------------------------------------------------------------------

    private static void el1(SystemRegisters t, String name, int crn, int crm, int op2, long reset, Kind kind,
                            ToLongFunction<CpuInterface> read, ObjLongConsumer<CpuInterface> write) {
        add(t, name, 0, crn, crm, op2, reset, el1Rule(kind), read, write);
    }

    /**
     * One entry at op0 = 3. A CPU without a GIC never gets past the rule; reading the entry
     * directly (a reset-value listing) gives the reset value.
     */
    private static void add(SystemRegisters t, String name, int op1, int crn, int crm, int op2, long reset,
                            AccessRule rule, ToLongFunction<CpuInterface> read, ObjLongConsumer<CpuInterface> write) {
        SystemRegister.Reader r = read == null ? null : cpu -> {
            CpuInterface c = cpu.sysregs.gic;
            return c == null ? reset : read.applyAsLong(c);
        };
        SystemRegister.Writer w = write == null ? null : (cpu, v) -> {
            CpuInterface c = cpu.sysregs.gic;
            if (c != null) {
                write.accept(c, v);
            }
        };
        t.add(new SystemRegister(name, 3, op1, crn, crm, op2, reset, rule, r, w));
    }
}
