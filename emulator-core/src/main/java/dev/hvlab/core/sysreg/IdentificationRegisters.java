package dev.hvlab.core.sysreg;

import static dev.hvlab.core.sysreg.SystemRegisters.EL1;
import static dev.hvlab.core.sysreg.SystemRegisters.EL2;
import static dev.hvlab.core.sysreg.SystemRegisterFile.HCR_TID1;
import static dev.hvlab.core.sysreg.SystemRegisterFile.HCR_TID2;
import static dev.hvlab.core.sysreg.SystemRegisterFile.HCR_TID3;

import dev.hvlab.core.cpu.Cpu;

/**
 * Identification registers (ARM ARM D13.2 "General system control registers", the ID group):
 * UNDEFINED at EL0 (Linux emulates them for user space; that is the user-mode shim's business),
 * read-only at EL1 and above, with the HCR_EL2.TID1/TID2/TID3 traps, and VPIDR_EL2/VMPIDR_EL2,
 * which EL1 reads in place of MIDR_EL1/MPIDR_EL1 while EL2 is enabled. HCR_EL2.TID0 traps only
 * AArch32 registers (FPSID, JIDR): nothing here.
 */
final class IdentificationRegisters {
    /**
     * Names of the ID space op0=3, op1=0, CRn=0, CRm=1..7 in ARMv8.0 (ID_AA64MMFR2_EL1, ARMv8.2, was
     * already in the table; it reads as zero). Null: reserved, reads as zero ("Reserved encodings in
     * the AArch64 System register ID space") and is named S3_0_C0_C{crm}_{op2}.
     */
    private static final String[][] ID_SPACE = {
        null,
        {"ID_PFR0_EL1", "ID_PFR1_EL1", "ID_DFR0_EL1", "ID_AFR0_EL1",
         "ID_MMFR0_EL1", "ID_MMFR1_EL1", "ID_MMFR2_EL1", "ID_MMFR3_EL1"},
        {"ID_ISAR0_EL1", "ID_ISAR1_EL1", "ID_ISAR2_EL1", "ID_ISAR3_EL1", "ID_ISAR4_EL1", "ID_ISAR5_EL1", null, null},
        {"MVFR0_EL1", "MVFR1_EL1", "MVFR2_EL1", null, null, null, null, null},
        {"ID_AA64PFR0_EL1", "ID_AA64PFR1_EL1", null, null, null, null, null, null},
        {"ID_AA64DFR0_EL1", "ID_AA64DFR1_EL1", null, null, "ID_AA64AFR0_EL1", "ID_AA64AFR1_EL1", null, null},
        {"ID_AA64ISAR0_EL1", "ID_AA64ISAR1_EL1", null, null, null, null, null, null},
        {"ID_AA64MMFR0_EL1", "ID_AA64MMFR1_EL1", "ID_AA64MMFR2_EL1", null, null, null, null, null},
    };

    private IdentificationRegisters() {
    }

    static void addTo(SystemRegisters t) {
        CoreIdentity a72 = CoreIdentity.CORTEX_A72;
        t.add(new SystemRegister("MIDR_EL1", 3, 0, 0, 0, 0, a72.midr(), EL1, IdentificationRegisters::midr, null));
        t.add(new SystemRegister("MPIDR_EL1", 3, 0, 0, 0, 5, 1L << 31, EL1, IdentificationRegisters::mpidr, null));
        AccessRule tid1 = EL1.then(TrapRules.hcr(HCR_TID1));
        t.add(new SystemRegister("REVIDR_EL1", 3, 0, 0, 0, 6, a72.revidr(), tid1, cpu -> cpu.sysregs.identity.revidr(), null));
        t.add(new SystemRegister("AIDR_EL1", 3, 1, 0, 0, 7, a72.aidr(), tid1, cpu -> cpu.sysregs.identity.aidr(), null));

        AccessRule tid2 = EL1.then(TrapRules.hcr(HCR_TID2));
        t.add(new SystemRegister("CLIDR_EL1", 3, 1, 0, 0, 1, a72.clidr(), tid2, cpu -> cpu.sysregs.identity.clidr(), null));
        t.add(new SystemRegister("CCSIDR_EL1", 3, 1, 0, 0, 0, a72.ccsidr(0), tid2,
                cpu -> cpu.sysregs.identity.ccsidr(cpu.sysregs.csselrEl1), null));
        // CSSELR_EL1: Level[3:1], InD[0]; the rest RES0.
        t.add(new SystemRegister("CSSELR_EL1", 3, 2, 0, 0, 0, 0, tid2,
                cpu -> cpu.sysregs.csselrEl1, (cpu, v) -> cpu.sysregs.csselrEl1 = v & 0xF));

        AccessRule tid3 = EL1.then(TrapRules.hcr(HCR_TID3));
        for (int crm = 1; crm <= 7; crm++) {
            for (int op2 = 0; op2 <= 7; op2++) {
                String name = ID_SPACE[crm][op2];
                int m = crm;
                int o = op2;
                t.add(new SystemRegister(name != null ? name : String.format("S3_0_C0_C%d_%d", crm, op2),
                        3, 0, 0, crm, op2, a72.idRegister(crm, op2), tid3, cpu -> cpu.sysregs.identity.idRegister(m, o), null));
            }
        }

        t.add(new SystemRegister("VPIDR_EL2", 3, 4, 0, 0, 0, a72.midr(), EL2,
                cpu -> cpu.sysregs.vpidrEl2, (cpu, v) -> cpu.sysregs.vpidrEl2 = v & 0xFFFFFFFFL));
        // VMPIDR_EL2: Aff3[39:32], U[30], MT[24], Aff2..Aff0[23:0] writable; bit 31 RES1.
        t.add(new SystemRegister("VMPIDR_EL2", 3, 4, 0, 0, 5, 1L << 31, EL2,
                cpu -> cpu.sysregs.vmpidrEl2, (cpu, v) -> cpu.sysregs.vmpidrEl2 = v & 0xFF41FFFFFFL | 1L << 31));
    }

    /**
     * MIDR_EL1: "When EL2 is implemented and enabled, reads at EL1 return VPIDR_EL2" (ARM ARM,
     * MIDR_EL1 accessibility); EL2 and EL3 read the real value.
     */
    private static long midr(Cpu cpu) {
        return cpu.el == 1 && cpu.sysregs.el2Enabled() ? cpu.sysregs.vpidrEl2 : cpu.sysregs.identity.midr();
    }

    /** MPIDR_EL1: VMPIDR_EL2 at EL1 while EL2 is enabled, as MIDR_EL1. */
    private static long mpidr(Cpu cpu) {
        return cpu.el == 1 && cpu.sysregs.el2Enabled() ? cpu.sysregs.vmpidrEl2 : cpu.sysregs.mpidr;
    }
}
