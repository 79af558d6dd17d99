package dev.hvlab.core.isa;

import static dev.hvlab.core.sysreg.SystemRegisterFile.HCR_TWE;
import static dev.hvlab.core.sysreg.SystemRegisterFile.HCR_TWI;
import static dev.hvlab.core.sysreg.SystemRegisterFile.SCR_TWE;
import static dev.hvlab.core.sysreg.SystemRegisterFile.SCR_TWI;
import static dev.hvlab.core.sysreg.SystemRegisterFile.SCTLR_NTWE;
import static dev.hvlab.core.sysreg.SystemRegisterFile.SCTLR_NTWI;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.cpu.Op;
import dev.hvlab.core.sysreg.Access;
import dev.hvlab.core.sysreg.SystemRegisterFile;
import dev.hvlab.core.sysreg.Traps;

/**
 * The hint space (HINT #CRm:op2). ARMv8.0 allocates NOP, YIELD, WFE, WFI, SEV and SEVL; every other
 * hint executes as a NOP, which is what makes the later ones (ESB, PSB, CSDB, BTI, the PAC hints
 * PACIASP/AUTIASP/PACIA1716/..., XPACLRI) safe to run on an ARMv8.0 PE.
 */
final class Hints {
    private Hints() {
    }

    static void bind(Bindings b) {
        b.bind("HINT", i -> hint(i.f("crm") << 3 | i.f("op2")));
    }

    static Op hint(int imm7) {
        return switch (imm7) {
            case 1 -> YIELD;
            case 2 -> WFE;
            case 3 -> WFI;
            case 4 -> SEV;
            case 5 -> SEVL;
            default -> NOP;
        };
    }

    static final Op NOP = new Nop();
    static final Op YIELD = new Yield();
    static final Op WFE = new Wfe();
    static final Op WFI = new Wfi();
    static final Op SEV = new Sev();
    static final Op SEVL = new Sevl();

    /** ISS of a trapped WFI/WFE from AArch64: CV = 1, COND = 0b1110, TI = 1 for WFE. */
    static final int WFI_ISS = 1 << 24 | 0xE << 20;
    static final int WFE_ISS = WFI_ISS | 1;

    /**
     * {@code AArch64.CheckForWFxTrap} at EL0 (SCTLR_EL1.nTWI/nTWE, to EL1), EL0/EL1 with EL2
     * enabled (HCR_EL2.TWI/TWE, to EL2) and below EL3 (SCR_EL3.TWI/TWE, to EL3), in that order.
     */
    static Access wfxTrap(Cpu cpu, boolean wfe) {
        SystemRegisterFile s = cpu.sysregs;
        if (cpu.el == 0 && (s.sctlrEl1 & (wfe ? SCTLR_NTWE : SCTLR_NTWI)) == 0) {
            return Access.TRAP_EL1;
        }
        if (cpu.el <= 1 && s.el2Enabled() && (s.hcrEl2 & (wfe ? HCR_TWE : HCR_TWI)) != 0) {
            return Access.TRAP_EL2;
        }
        if (cpu.el <= 2 && (s.scrEl3 & (wfe ? SCR_TWE : SCR_TWI)) != 0) {
            return Access.TRAP_EL3;
        }
        return Access.OK;
    }

    static void checkWfxTrap(Cpu cpu, boolean wfe, long pc) {
        Access a = wfxTrap(cpu, wfe);
        if (a != Access.OK) {
            throw Traps.refuse(cpu, a, ExceptionClass.WFX, wfe ? WFE_ISS : WFI_ISS, pc);
        }
    }

    static final class Nop extends Op {
        @Override
        public long exec(Cpu cpu, long pc) {
            return pc + 4;
        }
    }

    static final class Yield extends Op {
        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.waitHandler.yieldHint(cpu);
            return pc + 4;
        }
    }

    /** WFE: consumes a pending event; otherwise the trap checks apply, then the PE may wait. */
    static final class Wfe extends Op {
        @Override
        public long exec(Cpu cpu, long pc) {
            if (cpu.eventRegister) {
                cpu.eventRegister = false;
                return pc + 4;
            }
            checkWfxTrap(cpu, true, pc);
            cpu.waitHandler.waitForEvent(cpu);
            return pc + 4;
        }
    }

    /**
     * WFI: traps are checked when the PE would enter a low-power state, i.e. when no interrupt is
     * pending; until the interrupt controller exists, none ever is.
     */
    static final class Wfi extends Op {
        @Override
        public long exec(Cpu cpu, long pc) {
            checkWfxTrap(cpu, false, pc);
            cpu.waitHandler.waitForInterrupt(cpu);
            return pc + 4;
        }
    }

    static final class Sev extends Op {
        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.waitHandler.sendEvent(cpu);
            return pc + 4;
        }
    }

    /** SEVL: {@code SendEventLocal()}, sets this PE's Event Register only. */
    static final class Sevl extends Op {
        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.eventRegister = true;
            return pc + 4;
        }
    }
}
