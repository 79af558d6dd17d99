package dev.hvlab.core.sysreg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.isa.A64;
import dev.hvlab.core.mem.PhysicalMemory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The trap controls, as a table: register or system instruction, EL, MRS (R) or MSR/SYS (W), the
 * control register values of the case, and the outcome the ARM ARM's accessibility pseudocode of
 * that register gives (its "MRS/MSR ..." clauses, in order: EL check, EL1 traps, EL2 traps, EL3
 * traps). Every case starts from the reset values, except that EL2 is enabled: SCR_EL3 = 0x431
 * (NS, RES1, RW); "scr=430" makes the case Secure, where no EL2 control applies. Settings are hex.
 */
class TrapControlTableTest {
    private static final SystemRegisters TABLE = SystemRegisters.standard();

    @ParameterizedTest(name = "{0} {2} at EL{1} [{3}]: {4}")
    @CsvSource({
        // register,      EL, rw, settings,                  expected
        // HCR_EL2.TID0 concerns AArch32 only; TID1: REVIDR, AIDR; TID2: CTR, CCSIDR, CLIDR, CSSELR; TID3: ID group 3
        "MIDR_EL1,         1, R, hcr=8000,                   OK",
        "REVIDR_EL1,       1, R, hcr=10000,                  TRAP_EL2",
        "REVIDR_EL1,       1, R, hcr=10000 scr=430,          OK",
        "AIDR_EL1,         1, R, hcr=10000,                  TRAP_EL2",
        "AIDR_EL1,         2, R, hcr=10000,                  OK",
        "CTR_EL0,          0, R, sctlr=8000 hcr=20000,       TRAP_EL2",
        "CTR_EL0,          0, R, hcr=20000,                  TRAP_EL1",
        "CTR_EL0,          0, R, hcr=8000000,                TRAP_EL2",
        "CCSIDR_EL1,       1, R, hcr=20000,                  TRAP_EL2",
        "CLIDR_EL1,        1, R, hcr=20000,                  TRAP_EL2",
        "CSSELR_EL1,       1, W, hcr=20000,                  TRAP_EL2",
        "CSSELR_EL1,       1, W, hcr=40000,                  OK",
        "ID_AA64PFR0_EL1,  1, R, hcr=40000,                  TRAP_EL2",
        "ID_PFR0_EL1,      1, R, hcr=40000,                  TRAP_EL2",
        "S3_0_C0_C3_7,     1, R, hcr=40000,                  TRAP_EL2",
        "MVFR0_EL1,        1, R, hcr=20000,                  OK",
        "ID_AA64MMFR0_EL1, 0, R, hcr=40000,                  UNDEFINED",
        "ID_ISAR5_EL1,     3, R, hcr=40000,                  OK",
        // HCR_EL2.TACR, TIDCP; the ACTLR_EL2/EL3 write enables of the IMPLEMENTATION DEFINED registers
        "ACTLR_EL1,        1, W, hcr=200000,                 TRAP_EL2",
        "ACTLR_EL1,        1, R, ,                           OK",
        "CPUACTLR_EL1,     1, R, hcr=100000,                 TRAP_EL2",
        "L2CTLR_EL1,       1, R, hcr=100000 scr=430,         OK",
        "L2CTLR_EL1,       0, R, hcr=100000,                 UNDEFINED",
        "CPUECTLR_EL1,     1, W, ,                           TRAP_EL2",
        "CPUECTLR_EL1,     1, W, actlr2=2,                   TRAP_EL3",
        "CPUECTLR_EL1,     1, W, actlr2=2 actlr3=2,          OK",
        "CPUECTLR_EL1,     2, W, actlr3=2,                   OK",
        "CPUECTLR_EL1,     1, R, ,                           OK",
        // HCR_EL2.TVM (writes) and TRVM (reads)
        "SCTLR_EL1,        1, W, hcr=4000000,                TRAP_EL2",
        "SCTLR_EL1,        1, R, hcr=4000000,                OK",
        "SCTLR_EL1,        1, R, hcr=40000000,               TRAP_EL2",
        "TTBR0_EL1,        1, W, hcr=4000000,                TRAP_EL2",
        "TTBR1_EL1,        1, W, hcr=4000000 scr=430,        OK",
        "TCR_EL1,          1, W, hcr=4000000,                TRAP_EL2",
        "MAIR_EL1,         1, R, hcr=40000000,               TRAP_EL2",
        "CONTEXTIDR_EL1,   1, W, hcr=4000000,                TRAP_EL2",
        "AMAIR_EL1,        1, W, hcr=4000000,                TRAP_EL2",
        "AFSR0_EL1,        1, R, hcr=40000000,               TRAP_EL2",
        "AFSR1_EL1,        1, W, hcr=4000000,                TRAP_EL2",
        "ESR_EL1,          1, W, hcr=4000000,                TRAP_EL2",
        "FAR_EL1,          1, W, hcr=4000000,                TRAP_EL2",
        "VBAR_EL1,         1, W, hcr=4000000,                OK",
        "SCTLR_EL1,        2, W, hcr=4000000,                OK",
        // HCR_EL2.TSW, TPC, TPU, TDZ on cache maintenance
        "DC CISW,          1, W, hcr=400000,                 TRAP_EL2",
        "DC ISW,           1, W, hcr=400000,                 TRAP_EL2",
        "DC CSW,           1, W, hcr=800000,                 OK",
        "DC CIVAC,         1, W, hcr=800000,                 TRAP_EL2",
        "DC CVAC,          0, W, sctlr=4000000 hcr=800000,   TRAP_EL2",
        "DC CVAC,          0, W, hcr=800000,                 TRAP_EL1",
        "DC IVAC,          1, W, hcr=800000,                 TRAP_EL2",
        "DC IVAC,          0, W, ,                           UNDEFINED",
        "DC CVAU,          1, W, hcr=1000000,                TRAP_EL2",
        "IC IVAU,          0, W, sctlr=4000000 hcr=1000000,  TRAP_EL2",
        "IC IALLU,         1, W, hcr=1000000,                TRAP_EL2",
        "IC IALLUIS,       1, W, hcr=800000,                 OK",
        "DC ZVA,           1, W, hcr=10000000,               TRAP_EL2",
        // CPTR_EL2.TCPAC and CPTR_EL3.TCPAC
        "CPACR_EL1,        1, W, cptr2=800033FF,             TRAP_EL2",
        "CPACR_EL1,        1, W, cptr3=80000000,             TRAP_EL3",
        "CPACR_EL1,        1, W, cptr2=800033FF cptr3=80000000, TRAP_EL2",
        "CPACR_EL1,        1, W, cptr2=800033FF scr=430,     OK",
        "CPACR_EL1,        2, R, cptr2=800033FF,             OK",
        "CPACR_EL1,        2, R, cptr3=80000000,             TRAP_EL3",
        "CPTR_EL2,         2, W, cptr3=80000000,             TRAP_EL3",
        "CPTR_EL2,         3, W, cptr3=80000000,             OK",
        "CPTR_EL3,         2, R, ,                           UNDEFINED",
        // CPACR_EL1.FPEN, CPTR_EL2.TFP, CPTR_EL3.TFP: EC 0x07 traps
        "FPCR,             0, R, cpacr=0,                    FP_TRAP_EL1",
        "FPCR,             0, R, cpacr=100000,               FP_TRAP_EL1",
        "FPCR,             1, R, cpacr=100000,               OK",
        "FPSR,             0, W, cpacr=300000,               OK",
        "FPSR,             0, W, cpacr=0 hcr=8000000,        UNDEFINED",
        "FPCR,             1, W, cptr2=37FF,                 FP_TRAP_EL2",
        "FPCR,             2, R, cptr2=37FF,                 FP_TRAP_EL2",
        "FPCR,             1, R, cptr2=37FF scr=430,         OK",
        "FPCR,             3, R, cptr3=400,                  FP_TRAP_EL3",
        "FPCR,             0, R, cpacr=0 cptr3=400,          FP_TRAP_EL1",
        "FPSR,             1, R, cpacr=200000,               FP_TRAP_EL1",
        "FPEXC32_EL2,      2, R, cptr2=37FF,                 FP_TRAP_EL2",
        "FPEXC32_EL2,      1, R, ,                           UNDEFINED",
        "FPEXC32_EL2,      3, W, cptr3=400,                  FP_TRAP_EL3",
        // PMUSERENR_EL0 at EL0, MDCR_EL2.TPM/TPMCR, MDCR_EL3.TPM
        "PMCR_EL0,         0, R, ,                           TRAP_EL1",
        "PMCR_EL0,         0, R, pmuserenr=1,                OK",
        "PMCR_EL0,         0, R, hcr=8000000,                TRAP_EL2",
        "PMCR_EL0,         1, W, mdcr2=26,                   TRAP_EL2",
        "PMCR_EL0,         1, W, mdcr2=46,                   TRAP_EL2",
        "PMCR_EL0,         1, R, mdcr3=40,                   TRAP_EL3",
        "PMCNTENSET_EL0,   1, W, mdcr2=26,                   OK",
        "PMCCNTR_EL0,      0, R, pmuserenr=4,                OK",
        "PMCCNTR_EL0,      0, W, pmuserenr=4,                TRAP_EL1",
        "PMEVCNTR3_EL0,    0, R, pmuserenr=8,                OK",
        "PMEVCNTR3_EL0,    0, W, pmuserenr=8,                TRAP_EL1",
        "PMXEVCNTR_EL0,    0, R, pmuserenr=8,                OK",
        "PMEVTYPER3_EL0,   0, R, pmuserenr=8,                TRAP_EL1",
        "PMSELR_EL0,       0, W, pmuserenr=8,                OK",
        "PMSWINC_EL0,      0, W, pmuserenr=2,                OK",
        "PMSWINC_EL0,      0, W, pmuserenr=8,                TRAP_EL1",
        "PMUSERENR_EL0,    0, R, ,                           OK",
        "PMUSERENR_EL0,    0, W, pmuserenr=1,                UNDEFINED",
        "PMUSERENR_EL0,    1, W, mdcr2=46,                   TRAP_EL2",
        "PMINTENSET_EL1,   0, R, pmuserenr=1,                UNDEFINED",
        "PMINTENSET_EL1,   2, W, mdcr3=40,                   TRAP_EL3",
        "PMCCFILTR_EL0,    2, W, mdcr2=46,                   OK",
        "PMCEID0_EL0,      0, R, pmuserenr=1 mdcr2=46,       TRAP_EL2",
        "PMXEVCNTR_EL0,    1, R, mdcr2=46 scr=430,           OK",
        // MDCR_EL2.TDA/TDE/TDOSA/TDRA, MDCR_EL3.TDA/TDOSA, MDSCR_EL1.TDCC
        "MDSCR_EL1,        1, W, mdcr2=206,                  TRAP_EL2",
        "MDSCR_EL1,        1, W, mdcr2=106,                  TRAP_EL2",
        "MDSCR_EL1,        0, R, ,                           UNDEFINED",
        "OSLAR_EL1,        1, W, mdcr2=206,                  OK",
        "OSLAR_EL1,        1, W, mdcr2=406,                  TRAP_EL2",
        "OSLAR_EL1,        1, W, mdcr2=106,                  TRAP_EL2",
        "OSLSR_EL1,        1, R, mdcr3=400,                  TRAP_EL3",
        "OSDLR_EL1,        1, W, mdcr3=200,                  OK",
        "DBGPRCR_EL1,      1, W, mdcr2=406,                  TRAP_EL2",
        "MDRAR_EL1,        1, R, mdcr2=806,                  TRAP_EL2",
        "MDRAR_EL1,        1, R, mdcr2=206,                  OK",
        "MDRAR_EL1,        1, R, mdcr3=200,                  TRAP_EL3",
        "DBGBVR3_EL1,      2, W, mdcr3=200,                  TRAP_EL3",
        "DBGBCR0_EL1,      2, W, mdcr2=206,                  OK",
        "DBGWCR3_EL1,      1, R, mdcr2=206 scr=430,          OK",
        "DBGCLAIMSET_EL1,  1, W, mdcr2=206,                  TRAP_EL2",
        "MDCCSR_EL0,       0, R, ,                           OK",
        "MDCCSR_EL0,       0, R, mdscr=1000,                 TRAP_EL1",
        "MDCCSR_EL0,       0, R, mdscr=1000 hcr=8000000,     TRAP_EL2",
        "DBGDTR_EL0,       0, W, mdcr2=206,                  TRAP_EL2",
        "DBGVCR32_EL2,     2, W, mdcr3=200,                  TRAP_EL3",
        // CNTKCTL_EL1.EL0*EN, CNTHCTL_EL2.EL1PCTEN/EL1PCEN, SCR_EL3.ST
        "CNTPCT_EL0,       1, R, cnthctl=2,                  TRAP_EL2",
        "CNTPCT_EL0,       1, R, cnthctl=1,                  OK",
        "CNTPCT_EL0,       0, R, cntkctl=1 cnthctl=2,        TRAP_EL2",
        "CNTPCT_EL0,       0, R, cntkctl=0 cnthctl=2,        TRAP_EL1",
        "CNTPCT_EL0,       2, R, cnthctl=0,                  OK",
        "CNTVCT_EL0,       1, R, cnthctl=0,                  OK",
        "CNTP_CTL_EL0,     1, W, cnthctl=1,                  TRAP_EL2",
        "CNTP_CTL_EL0,     1, W, cnthctl=0 scr=430,          OK",
        "CNTP_CVAL_EL0,    1, R, cnthctl=3,                  OK",
        "CNTP_TVAL_EL0,    0, R, cntkctl=200,                OK",
        "CNTP_TVAL_EL0,    0, R, cntkctl=100,                TRAP_EL1",
        "CNTV_CTL_EL0,     0, R, cntkctl=100,                OK",
        "CNTV_CTL_EL0,     1, R, cnthctl=0,                  OK",
        "CNTV_CVAL_EL0,    0, W, cntkctl=200,                TRAP_EL1",
        "CNTHP_CTL_EL2,    1, R, ,                           UNDEFINED",
        "CNTHCTL_EL2,      2, W, ,                           OK",
        "CNTPS_CTL_EL1,    1, R, ,                           UNDEFINED",
        "CNTPS_CTL_EL1,    1, R, scr=430,                    TRAP_EL3",
        "CNTPS_CTL_EL1,    1, R, scr=C30,                    OK",
        "CNTPS_CVAL_EL1,   2, R, ,                           UNDEFINED",
        "CNTPS_TVAL_EL1,   3, W, ,                           OK",
        // EL checks of the EL2/EL3 registers
        "VPIDR_EL2,        1, R, ,                           UNDEFINED",
        "MDCR_EL3,         2, R, ,                           UNDEFINED",
        "HSTR_EL2,         3, W, ,                           OK",
        "RVBAR_EL3,        3, R, ,                           OK",
        "ISR_EL1,          0, R, ,                           UNDEFINED",
        "TPIDR_EL2,        2, W, ,                           OK",
    })
    void trapControls(String name, int el, char rw, String settings, Access expected) {
        Cpu cpu = configured(el, settings);
        AccessRule rule = ruleOf(name);
        assertEquals(expected, rule.check(cpu, rw == 'R'));
    }

    static AccessRule ruleOf(String name) {
        SystemRegister r = TABLE.byName(name);
        if (r != null) {
            return r.rule();
        }
        SystemInstruction i = TABLE.instructionByName(name);
        assertNotNull(i, name);
        return i.rule();
    }

    /** A CPU at {@code el} with the reset values, EL2 enabled, and {@code settings} applied. */
    static Cpu configured(int el, String settings) {
        Cpu cpu = new Cpu(0, new PhysicalMemory(), A64.decoder());
        cpu.el = el;
        cpu.spSel = el == 0 ? 0 : 1;
        SystemRegisterFile s = cpu.sysregs;
        s.scrEl3 = 0x431;
        if (settings != null) {
            for (String setting : settings.trim().split("\\s+")) {
                String[] kv = setting.split("=");
                long v = Long.parseUnsignedLong(kv[1], 16);
                switch (kv[0]) {
                    case "sctlr" -> s.sctlrEl1 = v;
                    case "hcr" -> s.hcrEl2 = v;
                    case "scr" -> s.scrEl3 = v;
                    case "cpacr" -> s.cpacrEl1 = v;
                    case "cptr2" -> s.cptrEl2 = v;
                    case "cptr3" -> s.cptrEl3 = v;
                    case "mdcr2" -> s.mdcrEl2 = v;
                    case "mdcr3" -> s.mdcrEl3 = v;
                    case "cnthctl" -> s.cnthctlEl2 = v;
                    case "cntkctl" -> s.cntkctlEl1 = v;
                    case "pmuserenr" -> s.pmu.userenr = v;
                    case "mdscr" -> s.debug.mdscrEl1 = v;
                    case "actlr2" -> s.actlr[2] = v;
                    case "actlr3" -> s.actlr[3] = v;
                    default -> throw new IllegalArgumentException(setting);
                }
            }
        }
        FpAccess.recompute(cpu);
        return cpu;
    }
}
