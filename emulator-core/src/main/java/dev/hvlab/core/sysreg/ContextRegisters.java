package dev.hvlab.core.sysreg;

import static dev.hvlab.core.sysreg.SystemRegisters.EL1;
import static dev.hvlab.core.sysreg.SystemRegisters.EL1_TVM;
import static dev.hvlab.core.sysreg.SystemRegisters.EL2;
import static dev.hvlab.core.sysreg.SystemRegisters.EL3;

/**
 * The remaining EL1-EL3 state: context and thread ID registers, the auxiliary fault status and
 * memory attribute registers (RES0 on both cores: RAZ/WI), the AArch32 state registers an AArch64
 * hypervisor saves and restores (DACR32_EL2, IFSR32_EL2, FPEXC32_EL2: storage only, hvlab runs no
 * AArch32), ISR_EL1 and the EL3 reset registers.
 */
final class ContextRegisters {
    private static final SystemRegister.Reader RAZ = cpu -> 0L;
    private static final SystemRegister.Writer WI = (cpu, v) -> { };

    private ContextRegisters() {
    }

    static void addTo(SystemRegisters t) {
        t.add(new SystemRegister("CONTEXTIDR_EL1", 3, 0, 13, 0, 1, 0, EL1_TVM,
                cpu -> cpu.sysregs.contextidrEl1, (cpu, v) -> cpu.sysregs.contextidrEl1 = v & 0xFFFFFFFFL));
        t.add(new SystemRegister("TPIDR_EL2", 3, 4, 13, 0, 2, 0, EL2,
                cpu -> cpu.sysregs.tpidrEl2, (cpu, v) -> cpu.sysregs.tpidrEl2 = v));
        t.add(new SystemRegister("TPIDR_EL3", 3, 6, 13, 0, 2, 0, EL3,
                cpu -> cpu.sysregs.tpidrEl3, (cpu, v) -> cpu.sysregs.tpidrEl3 = v));

        int[] op1OfEl = {0, 0, 4, 6};
        AccessRule[] ruleOfEl = {null, EL1_TVM, EL2, EL3};
        for (int el = 1; el <= 3; el++) {
            t.add(new SystemRegister("AFSR0_EL" + el, 3, op1OfEl[el], 5, 1, 0, 0, ruleOfEl[el], RAZ, WI));
            t.add(new SystemRegister("AFSR1_EL" + el, 3, op1OfEl[el], 5, 1, 1, 0, ruleOfEl[el], RAZ, WI));
            t.add(new SystemRegister("AMAIR_EL" + el, 3, op1OfEl[el], 10, 3, 0, 0, ruleOfEl[el], RAZ, WI));
        }

        t.add(new SystemRegister("DACR32_EL2", 3, 4, 3, 0, 0, 0, EL2,
                cpu -> cpu.sysregs.dacr32El2, (cpu, v) -> cpu.sysregs.dacr32El2 = v & 0xFFFFFFFFL));
        t.add(new SystemRegister("IFSR32_EL2", 3, 4, 5, 0, 1, 0, EL2,
                cpu -> cpu.sysregs.ifsr32El2, (cpu, v) -> cpu.sysregs.ifsr32El2 = v & 0xFFFFFFFFL));
        // FPEXC32_EL2 is FP state: CPTR_EL2.TFP (from EL2) and CPTR_EL3.TFP trap it with EC 0x07.
        // EN[30] and the RES1 bits [10:8] of ARMv8's FPEXC; the rest are RES0.
        t.add(new SystemRegister("FPEXC32_EL2", 3, 4, 5, 3, 0, 0x700L, EL2.then(TrapRules.FP),
                cpu -> cpu.sysregs.fpexc32El2, (cpu, v) -> cpu.sysregs.fpexc32El2 = v & 1L << 30 | 0x700L));

        t.add(new SystemRegister("ISR_EL1", 3, 0, 12, 1, 0, 0, EL1, cpu -> cpu.sysregs.interruptStatus.read(cpu), null));
        t.add(new SystemRegister("RVBAR_EL3", 3, 6, 12, 0, 1, 0, EL3, cpu -> cpu.sysregs.rvbarEl3, null));
        // RMR_EL3: AA64[0], RR[1]. A write of RR = 1 requests a warm reset, which is not modelled.
        t.add(new SystemRegister("RMR_EL3", 3, 6, 12, 0, 2, 1, EL3,
                cpu -> cpu.sysregs.rmrEl3, (cpu, v) -> cpu.sysregs.rmrEl3 = v & 3));
    }
}
