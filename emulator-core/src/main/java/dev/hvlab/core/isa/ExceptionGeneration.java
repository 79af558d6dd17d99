package dev.hvlab.core.isa;

import static dev.hvlab.core.sysreg.SystemRegisterFile.HCR_TSC;
import static dev.hvlab.core.sysreg.SystemRegisterFile.SCR_HCE;
import static dev.hvlab.core.sysreg.SystemRegisterFile.SCR_NS;
import static dev.hvlab.core.sysreg.SystemRegisterFile.SCR_SMD;

import dev.hvlab.core.cpu.ArchitecturalException;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.cpu.Op;
import dev.hvlab.core.cpu.Undefined;
import dev.hvlab.core.sysreg.SystemRegisterFile;

/**
 * Exception generation: SVC, HVC, SMC, BRK, HLT, DCPS1-3. The syndrome's ISS is imm16 for all of
 * them (ARM ARM "ISS encoding for an exception from SVC/HVC/SMC/BRK instruction execution").
 * Preferred return addresses (ARM ARM, "Preferred exception return address"): the next
 * instruction for SVC, HVC and an SMC taken to EL3; the instruction itself for BRK and for an SMC
 * trapped to EL2 by HCR_EL2.TSC.
 */
final class ExceptionGeneration {
    private ExceptionGeneration() {
    }

    static void bind(Bindings b) {
        b.bind("SVC", i -> new Svc(i.f("imm16")));
        b.bind("HVC", i -> new Hvc(i.f("imm16")));
        b.bind("SMC", i -> new Smc(i.f("imm16")));
        b.bind("BRK", i -> new Brk(i.f("imm16")));
        b.bind("HLT", i -> new Hlt(i.f("imm16")));
        // DCPS1-3 are UNDEFINED outside Debug state, which hvlab does not model.
        b.bind("DCPS1", i -> new Undefined(i.bits()));
        b.bind("DCPS2", i -> new Undefined(i.bits()));
        b.bind("DCPS3", i -> new Undefined(i.bits()));
    }

    /** {@code AArch64.CallSupervisor}: taken to EL1 from EL0 (or EL2 under HCR_EL2.TGE), else to the current EL. */
    static final class Svc extends Op {
        private final int imm16;

        Svc(int imm16) {
            this.imm16 = imm16;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            throw cpu.raise(ExceptionClass.SVC64, imm16, pc + 4);
        }
    }

    /**
     * HVC: UNDEFINED at EL0, in Secure EL1, and when hypervisor calls are disabled
     * (SCR_EL3.HCE = 0; HCR_EL2.HCD only counts without EL3); otherwise
     * {@code AArch64.CallHypervisor}, taken to EL2 (to EL3 when executed there).
     */
    static final class Hvc extends Op {
        private final int imm16;

        Hvc(int imm16) {
            this.imm16 = imm16;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            SystemRegisterFile s = cpu.sysregs;
            if (cpu.el == 0 || (cpu.el == 1 && (s.scrEl3 & SCR_NS) == 0) || (s.scrEl3 & SCR_HCE) == 0) {
                throw cpu.undefined(pc);
            }
            ArchitecturalException e = cpu.raise(ExceptionClass.HVC64, imm16, pc + 4);
            e.targetEl = Math.max(2, cpu.el);
            throw e;
        }
    }

    /**
     * SMC: UNDEFINED at EL0; trapped to EL2 from Non-secure EL1 when HCR_EL2.TSC = 1
     * ({@code AArch64.CheckForSMCUndefOrTrap}, preferred return = the SMC); UNDEFINED when
     * SCR_EL3.SMD = 1; otherwise {@code AArch64.CallSecureMonitor}, taken to EL3 with the next
     * instruction as the preferred return.
     */
    static final class Smc extends Op {
        private final int imm16;

        Smc(int imm16) {
            this.imm16 = imm16;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            SystemRegisterFile s = cpu.sysregs;
            if (cpu.el == 0) {
                throw cpu.undefined(pc);
            }
            if (cpu.el == 1 && s.el2Enabled() && (s.hcrEl2 & HCR_TSC) != 0) {
                ArchitecturalException e = cpu.raise(ExceptionClass.SMC64, imm16, pc);
                e.targetEl = 2;
                throw e;
            }
            if ((s.scrEl3 & SCR_SMD) != 0) {
                throw cpu.undefined(pc);
            }
            ArchitecturalException e = cpu.raise(ExceptionClass.SMC64, imm16, pc + 4);
            e.targetEl = 3;
            throw e;
        }
    }

    /** {@code AArch64.SoftwareBreakpoint}: the preferred return is the BRK itself. */
    static final class Brk extends Op {
        private final int imm16;

        Brk(int imm16) {
            this.imm16 = imm16;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            throw cpu.raise(ExceptionClass.BRK64, imm16, pc);
        }
    }

    /**
     * HLT: halting debug is not modelled, so HLT is UNDEFINED unless semihosting claims it
     * ({@code HLT #0xF000}). Which of the two is decided by the CPU's exception handler, which
     * receives the pseudo-class {@link ExceptionClass#HLT} with ISS = imm16 and the HLT's own
     * address; a semihosting handler services the call and continues at the next instruction, any
     * other handler must take it as UNDEFINED (EC 0).
     */
    static final class Hlt extends Op {
        private final int imm16;

        Hlt(int imm16) {
            this.imm16 = imm16;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            throw cpu.raise(ExceptionClass.HLT, imm16, pc);
        }
    }
}
