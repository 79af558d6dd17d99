package dev.hvlab.core.sysreg;

import static dev.hvlab.core.sysreg.SystemRegisters.EL1;
import static dev.hvlab.core.sysreg.SystemRegisterFile.HCR_TIDCP;

import dev.hvlab.core.cpu.Cpu;

/**
 * The IMPLEMENTATION DEFINED registers of the Cortex-A72 and Cortex-A53 that firmware, Linux and
 * Xen touch (errata workarounds, SMP coherency enable, L2 configuration, memory error records):
 * their TRMs' "AArch64 implementation defined registers". Storage only: the bits tune a
 * micro-architecture hvlab does not model. HCR_EL2.TIDCP traps EL1 accesses to EL2. Writes from
 * EL1 (EL2) also need the register's enable bit in ACTLR_EL2 and ACTLR_EL3 (ACTLR_EL3 only in
 * Secure EL1), as the TRMs' "Configurations" paragraphs say; a missing enable traps to the EL
 * whose ACTLR withholds it.
 */
final class ImplementationDefinedRegisters {
    private ImplementationDefinedRegisters() {
    }

    static void addTo(SystemRegisters t) {
        AccessRule tidcp = EL1.then(TrapRules.hcr(HCR_TIDCP));
        t.add(new SystemRegister("CPUACTLR_EL1", 3, 1, 15, 2, 0, 0, tidcp.then(writeEnable(0)),
                cpu -> cpu.sysregs.cpuactlrEl1, (cpu, v) -> cpu.sysregs.cpuactlrEl1 = v));
        t.add(new SystemRegister("CPUECTLR_EL1", 3, 1, 15, 2, 1, 0, tidcp.then(writeEnable(1)),
                cpu -> cpu.sysregs.cpuectlrEl1, (cpu, v) -> cpu.sysregs.cpuectlrEl1 = v));
        t.add(new SystemRegister("CPUMERRSR_EL1", 3, 1, 15, 2, 2, 0, tidcp,
                cpu -> cpu.sysregs.cpumerrsrEl1, (cpu, v) -> cpu.sysregs.cpumerrsrEl1 = v));
        t.add(new SystemRegister("L2MERRSR_EL1", 3, 1, 15, 2, 3, 0, tidcp,
                cpu -> cpu.sysregs.l2merrsrEl1, (cpu, v) -> cpu.sysregs.l2merrsrEl1 = v));
        // L2CTLR_EL1[25:24]: number of cores in the cluster - 1 (read-only).
        t.add(new SystemRegister("L2CTLR_EL1", 3, 1, 11, 0, 2, 0, tidcp.then(writeEnable(4)),
                ImplementationDefinedRegisters::l2ctlr,
                (cpu, v) -> cpu.sysregs.l2ctlrEl1 = v & 0xFFFFFFFFL & ~(3L << 24)));
        t.add(new SystemRegister("L2ECTLR_EL1", 3, 1, 11, 0, 3, 0, tidcp.then(writeEnable(5)),
                cpu -> cpu.sysregs.l2ectlrEl1, (cpu, v) -> cpu.sysregs.l2ectlrEl1 = v & 0xFFFFFFFFL));
        t.add(new SystemRegister("L2ACTLR_EL1", 3, 1, 15, 0, 0, 0, tidcp.then(writeEnable(6)),
                cpu -> cpu.sysregs.l2actlrEl1, (cpu, v) -> cpu.sysregs.l2actlrEl1 = v & 0xFFFFFFFFL));
    }

    private static long l2ctlr(Cpu cpu) {
        return cpu.sysregs.l2ctlrEl1 | (long) ((cpu.sysregs.clusterCores - 1) & 3) << 24;
    }

    /** Writes below EL3 need ACTLR_EL3 bit {@code bit}; Non-secure EL1 writes also ACTLR_EL2's. */
    private static AccessRule writeEnable(int bit) {
        return (cpu, read) -> {
            if (read || cpu.el == 3) {
                return Access.OK;
            }
            if (cpu.el == 1 && cpu.sysregs.el2Enabled() && (cpu.sysregs.actlr[2] >>> bit & 1) == 0) {
                return Access.TRAP_EL2;
            }
            return (cpu.sysregs.actlr[3] >>> bit & 1) == 0 ? Access.TRAP_EL3 : Access.OK;
        };
    }
}
