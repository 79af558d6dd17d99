package dev.hvlab.core.sysreg;

import static dev.hvlab.core.sysreg.Access.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.isa.A64;
import dev.hvlab.core.mem.PhysicalMemory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The EL0 access rules of the table, from the ARM ARM register descriptions ("Accessibility"
 * pseudocode) and the SCTLR_EL1/CNTKCTL_EL1 field descriptions. sctlr/cntkctl are the control
 * bits set for the case (hex); rw: R = MRS, W = MSR.
 */
class AccessRulesTest {
    private static final SystemRegisters TABLE = SystemRegisters.standard();

    @ParameterizedTest(name = "{0} {4} at EL{1} sctlr={2} cntkctl={3}: {5}")
    @CsvSource({
        // register,   EL, SCTLR_EL1, CNTKCTL_EL1, rw, expected
        "NZCV,          0, 0,        0, R, OK",
        "NZCV,          0, 0,        0, W, OK",
        "DAIF,          0, 0,        0, R, TRAP_EL1",
        "DAIF,          0, 200,      0, W, OK",        // UMA
        "DAIF,          1, 0,        0, W, OK",
        "FPCR,          0, 0,        0, W, OK",
        "FPSR,          0, 0,        0, R, OK",
        "TPIDR_EL0,     0, 0,        0, W, OK",
        "TPIDRRO_EL0,   0, 0,        0, R, OK",
        "TPIDRRO_EL0,   0, 0,        0, W, UNDEFINED",
        "TPIDRRO_EL0,   1, 0,        0, W, OK",
        "CTR_EL0,       0, 0,        0, R, TRAP_EL1",
        "CTR_EL0,       0, 8000,     0, R, OK",        // UCT
        "CTR_EL0,       1, 0,        0, R, OK",
        "DCZID_EL0,     0, 0,        0, R, OK",
        "CNTFRQ_EL0,    0, 0,        0, R, TRAP_EL1",
        "CNTFRQ_EL0,    0, 0,        1, R, OK",        // EL0PCTEN
        "CNTFRQ_EL0,    0, 0,        2, R, OK",        // EL0VCTEN
        "CNTFRQ_EL0,    1, 0,        0, W, UNDEFINED", // writable at EL3 only
        "CNTFRQ_EL0,    3, 0,        0, W, OK",
        "CNTPCT_EL0,    0, 0,        2, R, TRAP_EL1",
        "CNTPCT_EL0,    0, 0,        1, R, OK",
        "CNTVCT_EL0,    0, 0,        1, R, TRAP_EL1",
        "CNTVCT_EL0,    0, 0,        2, R, OK",
        "SCTLR_EL1,     0, 0,        0, R, UNDEFINED",
        "SCTLR_EL1,     1, 0,        0, W, OK",
        "MIDR_EL1,      0, 0,        0, R, UNDEFINED",
        "MPIDR_EL1,     1, 0,        0, R, OK",
        "ID_AA64ISAR0_EL1, 0, 0,     0, R, UNDEFINED",
        "ID_AA64PFR0_EL1,  1, 0,     0, R, OK",
        "SPSel,         0, 0,        0, R, UNDEFINED",
        "CurrentEL,     1, 0,        0, R, OK",
        "ELR_EL1,       0, 0,        0, R, UNDEFINED",
        "ELR_EL2,       1, 0,        0, R, UNDEFINED",
        "ELR_EL2,       2, 0,        0, R, OK",
        "SPSR_EL3,      2, 0,        0, W, UNDEFINED",
        "HCR_EL2,       1, 0,        0, R, UNDEFINED",
        "SCR_EL3,       2, 0,        0, R, UNDEFINED",
        "SCR_EL3,       3, 0,        0, W, OK",
    })
    void el0Rules(String name, int el, String sctlr, String cntkctl, char rw, Access expected) {
        Cpu cpu = new Cpu(0, new PhysicalMemory(), A64.decoder());
        cpu.el = el;
        cpu.spSel = el == 0 ? 0 : 1;
        cpu.sysregs.sctlrEl1 = Long.parseLong(sctlr, 16);
        cpu.sysregs.cntkctlEl1 = Long.parseLong(cntkctl, 16);
        SystemRegister r = TABLE.byName(name);
        assertNotNull(r, name);
        assertEquals(expected, r.rule().check(cpu, rw == 'R'));
    }

    @ParameterizedTest
    @CsvSource({"1, 0, UNDEFINED", "1, 1, OK", "2, 0, UNDEFINED", "2, 1, OK"})
    void spEl0IsUndefinedWhileItIsTheCurrentStackPointer(int el, int spSel, Access expected) {
        Cpu cpu = new Cpu(0, new PhysicalMemory(), A64.decoder());
        cpu.el = el;
        cpu.spSel = spSel;
        assertEquals(expected, TABLE.byName("SP_EL0").rule().check(cpu, true));
    }

    @ParameterizedTest
    @CsvSource({"OK", "UNDEFINED", "TRAP_EL1"})
    void composedRulesStopAtTheFirstRefusal(Access first) {
        AccessRule later = (cpu, read) -> Access.TRAP_EL2;
        AccessRule r = ((AccessRule) (cpu, read) -> first).then(later);
        assertEquals(first == OK ? Access.TRAP_EL2 : first, r.check(null, true));
    }
}
