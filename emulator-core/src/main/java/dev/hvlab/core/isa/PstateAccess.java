package dev.hvlab.core.isa;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.Op;
import dev.hvlab.core.sysreg.Access;
import dev.hvlab.core.sysreg.Pstate;
import dev.hvlab.core.sysreg.SystemRegisterFile;
import dev.hvlab.core.sysreg.Traps;

/**
 * MSR (immediate): the ARM ARM's "PSTATE" group. ARMv8.0 allocates SPSel (op1:op2 = 000:101),
 * DAIFSet (011:110) and DAIFClr (011:111); every other PSTATE field (UAO, PAN, SSBS, DIT, TCO) is a
 * later extension and its encoding is UNDEFINED here.
 */
final class PstateAccess {
    private PstateAccess() {
    }

    static void bind(Bindings b) {
        b.bind("MSR_i", i -> {
            int op1 = i.f("op1");
            int op2 = i.f("op2");
            int crm = i.f("crm");
            int iss = Traps.sysregIss(0, op1, 4, crm, op2, 31, false);
            return switch (op1 << 3 | op2) {
                case 0b000_101 -> new SpSel(crm & 1);
                case 0b011_110 -> new DaifSet(crm << 6, iss);
                case 0b011_111 -> new DaifClr(crm << 6, iss);
                default -> null;
            };
        });
    }

    /** At EL0, DAIF access traps to EL1 unless SCTLR_EL1.UMA is set. */
    private static void checkDaif(Cpu cpu, int iss, long pc) {
        if (cpu.el == 0 && (cpu.sysregs.sctlrEl1 & SystemRegisterFile.SCTLR_UMA) == 0) {
            throw Traps.refuseSysreg(cpu, Access.TRAP_EL1, iss, pc);
        }
    }

    /** MSR SPSel, #imm: UNDEFINED at EL0 (op1 = 000 is EL1-only). */
    static final class SpSel extends Op {
        private final int spSel;

        SpSel(int spSel) {
            this.spSel = spSel;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            if (cpu.el == 0) {
                throw cpu.undefined(pc);
            }
            Pstate.select(cpu, cpu.el, spSel);
            return pc + 4;
        }
    }

    static final class DaifSet extends Op {
        private final int bits;
        private final int iss;

        DaifSet(int bits, int iss) {
            this.bits = bits;
            this.iss = iss;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            checkDaif(cpu, iss, pc);
            cpu.daif |= bits;
            return pc + 4;
        }
    }

    static final class DaifClr extends Op {
        private final int bits;
        private final int iss;

        DaifClr(int bits, int iss) {
            this.bits = bits;
            this.iss = iss;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            checkDaif(cpu, iss, pc);
            cpu.daif &= ~bits;
            return pc + 4;
        }
    }
}
