package dev.hvlab.core.sysreg;

import static dev.hvlab.core.sysreg.SystemRegisters.EL1;
import static dev.hvlab.core.sysreg.SystemRegisters.EL2;
import static dev.hvlab.core.sysreg.SystemRegisterFile.MDCR_TDA;
import static dev.hvlab.core.sysreg.SystemRegisterFile.MDCR_TDOSA;
import static dev.hvlab.core.sysreg.SystemRegisterFile.MDCR_TDRA;
import static dev.hvlab.core.sysreg.SystemRegisterFile.MDSCR_TDCC;

import dev.hvlab.core.cpu.Cpu;
import java.util.function.Function;

/**
 * The self-hosted debug System registers (ARM ARM D13.3 "Debug registers", op0 = 2); values in
 * {@link DebugState}. Traps: MDCR_EL2.TDA / MDCR_EL3.TDA for the debug registers in general,
 * TDOSA for the OS lock and power-down registers (OSLAR, OSLSR, OSDLR, DBGPRCR), MDCR_EL2.TDRA
 * (and MDCR_EL3.TDA) for MDRAR_EL1; MDSCR_EL1.TDCC for EL0 access to the debug communications
 * channel. No external debugger exists: the DCC data registers are RAZ/WI, MDRAR_EL1 reports no
 * ROM table, and DBGAUTHSTATUS_EL1 reports every authentication interface implemented and disabled.
 */
final class DebugRegisters {
    /** DBGBCR<n>_EL1 (ARMv8.0): BT[23:20], LBN[19:16], SSC[15:14], HMC[13], BAS[8:5], PMC[2:1], E[0]. */
    private static final long BCR_MASK = 0xFFE1E7L;
    /** DBGWCR<n>_EL1: MASK[28:24], WT[20], LBN[19:16], SSC[15:14], HMC[13], BAS[12:5], LSC[4:3], PAC[2:1], E[0]. */
    private static final long WCR_MASK = 0x1F1FFFFFL;
    /** DBGAUTHSTATUS_EL1: SNID, SID, NSNID, NSID each 0b10, "implemented and disabled". */
    private static final long AUTHSTATUS = 0xAAL;

    private DebugRegisters() {
    }

    private static DebugState dbg(Cpu cpu) {
        return cpu.sysregs.debug;
    }

    /**
     * The breakpoint or watchpoint pairs {@code <prefix>VR<n>_EL1} (op2 {@code vrOp2}) and
     * {@code <prefix>CR<n>_EL1} (op2 {@code vrOp2 + 1}) at CRm = n; the value registers' bits [1:0] are RES0.
     */
    private static void valueAndControl(SystemRegisters t, String prefix, int count, int vrOp2,
                                        Function<DebugState, long[]> vr, Function<DebugState, long[]> cr,
                                        long crMask, AccessRule rule) {
        for (int n = 0; n < count; n++) {
            int i = n;
            t.add(new SystemRegister(prefix + "VR" + n + "_EL1", 2, 0, 0, n, vrOp2, 0, rule,
                    cpu -> vr.apply(dbg(cpu))[i], (cpu, v) -> vr.apply(dbg(cpu))[i] = v & ~3L));
            t.add(new SystemRegister(prefix + "CR" + n + "_EL1", 2, 0, 0, n, vrOp2 + 1, 0, rule,
                    cpu -> cr.apply(dbg(cpu))[i], (cpu, v) -> cr.apply(dbg(cpu))[i] = v & crMask));
        }
    }

    static void addTo(SystemRegisters t) {
        AccessRule tda = EL1.then(TrapRules.mdcrEl2(MDCR_TDA)).then(TrapRules.mdcrEl3(MDCR_TDA));
        AccessRule tdosa = EL1.then(TrapRules.mdcrEl2(MDCR_TDOSA)).then(TrapRules.mdcrEl3(MDCR_TDOSA));
        AccessRule dcc = ((AccessRule) (cpu, read) -> cpu.el == 0 && (dbg(cpu).mdscrEl1 & MDSCR_TDCC) != 0
                ? TrapRules.el0Trap(cpu) : Access.OK)
                .then(TrapRules.mdcrEl2(MDCR_TDA)).then(TrapRules.mdcrEl3(MDCR_TDA));

        t.add(new SystemRegister("OSDTRRX_EL1", 2, 0, 0, 0, 2, 0, tda,
                cpu -> dbg(cpu).osdtrrxEl1, (cpu, v) -> dbg(cpu).osdtrrxEl1 = v & 0xFFFFFFFFL));
        t.add(new SystemRegister("MDCCINT_EL1", 2, 0, 0, 2, 0, 0, tda,
                cpu -> dbg(cpu).mdccintEl1, (cpu, v) -> dbg(cpu).mdccintEl1 = v & (1L << 29 | 1L << 30)));
        t.add(new SystemRegister("MDSCR_EL1", 2, 0, 0, 2, 2, 0, tda,
                cpu -> dbg(cpu).mdscrEl1, (cpu, v) -> dbg(cpu).mdscrEl1 = v & DebugState.MDSCR_MASK));
        t.add(new SystemRegister("OSDTRTX_EL1", 2, 0, 0, 3, 2, 0, tda,
                cpu -> dbg(cpu).osdtrtxEl1, (cpu, v) -> dbg(cpu).osdtrtxEl1 = v & 0xFFFFFFFFL));
        t.add(new SystemRegister("OSECCR_EL1", 2, 0, 0, 6, 2, 0, tda,
                cpu -> dbg(cpu).oseccrEl1, (cpu, v) -> dbg(cpu).oseccrEl1 = v & 0xFFFFFFFFL));
        // DBGBVR<n>_EL1 bits [63:49] are RESS (a sign extension of bit 48) for address matching; stored as written.
        valueAndControl(t, "DBGB", DebugState.BREAKPOINTS, 4, d -> d.bvr, d -> d.bcr, BCR_MASK, tda);
        valueAndControl(t, "DBGW", DebugState.WATCHPOINTS, 6, d -> d.wvr, d -> d.wcr, WCR_MASK, tda);

        t.add(new SystemRegister("MDRAR_EL1", 2, 0, 1, 0, 0, 0,
                EL1.then(TrapRules.mdcrEl2(MDCR_TDRA)).then(TrapRules.mdcrEl3(MDCR_TDA)), cpu -> 0L, null));
        t.add(new SystemRegister("OSLAR_EL1", 2, 0, 1, 0, 4, 0, tdosa,
                null, (cpu, v) -> dbg(cpu).osLock = (v & 1) != 0));
        t.add(new SystemRegister("OSLSR_EL1", 2, 0, 1, 1, 4, DebugState.OSLSR_OSLM | DebugState.OSLSR_OSLK, tdosa,
                cpu -> DebugState.OSLSR_OSLM | (dbg(cpu).osLock ? DebugState.OSLSR_OSLK : 0), null));
        t.add(new SystemRegister("OSDLR_EL1", 2, 0, 1, 3, 4, 0, tdosa,
                cpu -> dbg(cpu).osdlrEl1, (cpu, v) -> dbg(cpu).osdlrEl1 = v & 1));
        t.add(new SystemRegister("DBGPRCR_EL1", 2, 0, 1, 4, 4, 0, tdosa,
                cpu -> dbg(cpu).dbgprcrEl1, (cpu, v) -> dbg(cpu).dbgprcrEl1 = v & 1));

        // The claim tags: DBGCLAIMSET reads as the implemented tags (8), DBGCLAIMCLR as the set ones.
        t.add(new SystemRegister("DBGCLAIMSET_EL1", 2, 0, 7, 8, 6, 0xFF, tda,
                cpu -> 0xFFL, (cpu, v) -> dbg(cpu).claimTags |= v & 0xFF));
        t.add(new SystemRegister("DBGCLAIMCLR_EL1", 2, 0, 7, 9, 6, 0, tda,
                cpu -> dbg(cpu).claimTags, (cpu, v) -> dbg(cpu).claimTags &= ~(v & 0xFF)));
        t.add(new SystemRegister("DBGAUTHSTATUS_EL1", 2, 0, 7, 14, 6, AUTHSTATUS, tda, cpu -> AUTHSTATUS, null));

        // The debug communications channel, as EL0 and EL1 see it with no debugger attached.
        t.add(new SystemRegister("MDCCSR_EL0", 2, 3, 0, 1, 0, 0, dcc, cpu -> 0L, null));
        t.add(new SystemRegister("DBGDTR_EL0", 2, 3, 0, 4, 0, 0, dcc, cpu -> 0L, (cpu, v) -> { }));
        // One encoding: MRS reads DBGDTRRX_EL0, MSR writes DBGDTRTX_EL0.
        t.add(new SystemRegister("DBGDTRRX_EL0", 2, 3, 0, 5, 0, 0, dcc, cpu -> 0L, (cpu, v) -> { }));

        t.add(new SystemRegister("DBGVCR32_EL2", 2, 4, 0, 7, 0, 0, EL2.then(TrapRules.mdcrEl3(MDCR_TDA)),
                cpu -> dbg(cpu).dbgvcr32El2, (cpu, v) -> dbg(cpu).dbgvcr32El2 = v & 0xFFFFFFFFL));
    }
}
