package dev.hvlab.core.isa;

import static dev.hvlab.core.sysreg.SystemRegisterFile.HCR_TGE;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.cpu.Op;
import dev.hvlab.core.cpu.Undefined;
import dev.hvlab.core.sysreg.Pstate;
import dev.hvlab.core.sysreg.SystemRegisterFile;

/** ERET and DRPS (in the ARM ARM's "Unconditional branch (register)" group). */
final class ExceptionReturn {
    private ExceptionReturn() {
    }

    static void bind(Bindings b) {
        b.bind("ERET", i -> ERET);
        // DRPS is UNDEFINED outside Debug state, at every EL.
        b.bind("DRPS", i -> new Undefined(i.bits()));
    }

    static final Op ERET = new Eret();

    /**
     * {@code AArch64.ExceptionReturn(ELR_ELx, SPSR_ELx)}: UNDEFINED at EL0. Restores PSTATE from
     * SPSR_ELx of the current EL and branches to ELR_ELx; clears the local exclusive monitor and
     * sets the Event Register. An illegal return ({@code IllegalExceptionReturn}) keeps EL and SPSel,
     * restores the flags and masks, sets PSTATE.IL and branches to ELR, so the instruction there
     * takes an Illegal Execution state exception (EC 0x0E): hvlab raises it at once, with ELR_ELx as
     * its preferred return, which is where the architecture takes it.
     */
    static final class Eret extends Op {
        @Override
        public long exec(Cpu cpu, long pc) {
            int el = cpu.el;
            if (el == 0) {
                throw cpu.undefined(pc);
            }
            SystemRegisterFile s = cpu.sysregs;
            long spsr = s.spsr[el];
            long target = s.elr[el];
            cpu.exclusiveOpen = false;
            cpu.eventRegister = true;
            cpu.setNzcv((int) (spsr >>> 28) & 0xF);
            cpu.daif = (int) spsr & Pstate.DAIF_MASK;
            int m = (int) spsr & 0x1F;
            int newEl = (m >>> 2) & 3;
            if (illegal(cpu, m, newEl)) {
                cpu.il = true;
                throw cpu.raise(ExceptionClass.ILLEGAL_STATE, 0, target);
            }
            if (newEl != el) {
                cpu.flushTlb(); // the software TLB is not tagged by translation regime
            }
            Pstate.select(cpu, newEl, m & 1);
            cpu.il = (spsr & Pstate.SPSR_IL) != 0;
            if (cpu.il) {
                throw cpu.raise(ExceptionClass.ILLEGAL_STATE, 0, target);
            }
            return target;
        }

        /**
         * {@code IllegalExceptionReturn} for an ARMv8.0 PE with EL2 and EL3 and no AArch32 support
         * in hvlab (a return to AArch32 is treated as illegal).
         */
        private static boolean illegal(Cpu cpu, int m, int newEl) {
            SystemRegisterFile s = cpu.sysregs;
            return (m & Pstate.SPSR_M_NRW) != 0
                    || newEl > cpu.el
                    || (m & 2) != 0
                    || (newEl == 0 && (m & 1) != 0)
                    || (newEl == 2 && !s.el2Enabled())
                    || (newEl == 1 && s.el2Enabled() && (s.hcrEl2 & HCR_TGE) != 0);
        }
    }
}
