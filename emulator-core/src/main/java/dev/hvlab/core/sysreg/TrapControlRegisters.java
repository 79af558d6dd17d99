package dev.hvlab.core.sysreg;

import static dev.hvlab.core.sysreg.SystemRegisters.EL1;
import static dev.hvlab.core.sysreg.SystemRegisters.EL2;
import static dev.hvlab.core.sysreg.SystemRegisters.EL3;
import static dev.hvlab.core.sysreg.SystemRegisterFile.CPACR_FPEN;
import static dev.hvlab.core.sysreg.SystemRegisterFile.CPACR_TTA;
import static dev.hvlab.core.sysreg.SystemRegisterFile.CPTR_EL2_RES1;
import static dev.hvlab.core.sysreg.SystemRegisterFile.CPTR_TCPAC;
import static dev.hvlab.core.sysreg.SystemRegisterFile.CPTR_TFP;
import static dev.hvlab.core.sysreg.SystemRegisterFile.CPTR_TTA;
import static dev.hvlab.core.sysreg.SystemRegisterFile.HCR_TACR;
import static dev.hvlab.core.sysreg.SystemRegisterFile.MDCR_EL2_MASK;
import static dev.hvlab.core.sysreg.SystemRegisterFile.MDCR_EL3_MASK;

/**
 * The registers that hold trap controls, other than HCR_EL2 and SCR_EL3: CPACR_EL1, CPTR_EL2,
 * CPTR_EL3, MDCR_EL2, MDCR_EL3, HSTR_EL2, HACR_EL2 and the auxiliary control registers. The
 * CPACR_EL1.TTA/CPTR_ELx.TTA trace traps are stored only: neither core has a System register
 * interface to trace. HSTR_EL2 traps AArch32 CP15 accesses only, so it has no effect in hvlab.
 */
final class TrapControlRegisters {
    private static final long CPTR_RW = CPTR_TCPAC | CPTR_TTA | CPTR_TFP;
    /**
     * ACTLR_EL2/EL3 of both cores: the EL1 (EL2) write access enables of CPUACTLR[0], CPUECTLR[1],
     * L2CTLR[4], L2ECTLR[5], L2ACTLR[6]; the other bits are RES0.
     */
    static final long ACTLR_RW = 0x73;

    private TrapControlRegisters() {
    }

    static void addTo(SystemRegisters t) {
        t.add(new SystemRegister("CPACR_EL1", 3, 0, 1, 0, 2, CPACR_FPEN,
                EL1.then(TrapRules.CPTR_EL2_TCPAC).then(TrapRules.CPTR_EL3_TCPAC),
                cpu -> cpu.sysregs.cpacrEl1, (cpu, v) -> {
                    cpu.sysregs.cpacrEl1 = v & (CPACR_FPEN | CPACR_TTA);
                    FpAccess.recompute(cpu);
                }));
        t.add(new SystemRegister("CPTR_EL2", 3, 4, 1, 1, 2, CPTR_EL2_RES1, EL2.then(TrapRules.CPTR_EL3_TCPAC),
                cpu -> cpu.sysregs.cptrEl2, (cpu, v) -> {
                    cpu.sysregs.cptrEl2 = v & CPTR_RW | CPTR_EL2_RES1;
                    FpAccess.recompute(cpu);
                }));
        t.add(new SystemRegister("CPTR_EL3", 3, 6, 1, 1, 2, 0, EL3,
                cpu -> cpu.sysregs.cptrEl3, (cpu, v) -> {
                    cpu.sysregs.cptrEl3 = v & CPTR_RW;
                    FpAccess.recompute(cpu);
                }));
        // MDCR_EL2.HPMN resets to PMCR_EL0.N (6 on both cores).
        t.add(new SystemRegister("MDCR_EL2", 3, 4, 1, 1, 1, PerformanceMonitors.COUNTERS, EL2,
                cpu -> cpu.sysregs.mdcrEl2, (cpu, v) -> cpu.sysregs.mdcrEl2 = v & MDCR_EL2_MASK));
        t.add(new SystemRegister("MDCR_EL3", 3, 6, 1, 3, 1, 0, EL3,
                cpu -> cpu.sysregs.mdcrEl3, (cpu, v) -> cpu.sysregs.mdcrEl3 = v & MDCR_EL3_MASK));
        // HSTR_EL2: T0-T15 except T4 and T14, which are RES0.
        t.add(new SystemRegister("HSTR_EL2", 3, 4, 1, 1, 3, 0, EL2,
                cpu -> cpu.sysregs.hstrEl2, (cpu, v) -> cpu.sysregs.hstrEl2 = v & 0xBFEFL));
        t.add(new SystemRegister("HACR_EL2", 3, 4, 1, 1, 7, 0, EL2,
                cpu -> cpu.sysregs.hacrEl2, (cpu, v) -> cpu.sysregs.hacrEl2 = v & 0xFFFFFFFFL));
        // ACTLR_EL1 is RES0 on both cores: RAZ/WI.
        t.add(new SystemRegister("ACTLR_EL1", 3, 0, 1, 0, 1, 0, EL1.then(TrapRules.hcr(HCR_TACR)),
                cpu -> 0L, (cpu, v) -> { }));
        t.add(new SystemRegister("ACTLR_EL2", 3, 4, 1, 0, 1, 0, EL2,
                cpu -> cpu.sysregs.actlr[2], (cpu, v) -> cpu.sysregs.actlr[2] = v & ACTLR_RW));
        t.add(new SystemRegister("ACTLR_EL3", 3, 6, 1, 0, 1, 0, EL3,
                cpu -> cpu.sysregs.actlr[3], (cpu, v) -> cpu.sysregs.actlr[3] = v & ACTLR_RW));
    }
}
