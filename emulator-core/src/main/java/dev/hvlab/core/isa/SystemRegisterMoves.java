package dev.hvlab.core.isa;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.Op;
import dev.hvlab.core.decode.Insn;
import dev.hvlab.core.sysreg.SystemInstruction;
import dev.hvlab.core.sysreg.SystemRegister;
import dev.hvlab.core.sysreg.SystemRegisters;
import dev.hvlab.core.sysreg.Traps;

/**
 * MRS, MSR (register), SYS and SYSL: the ARM ARM's "System register move" and "System instructions"
 * groups. The register or instruction is looked up in the {@link SystemRegisters} table at decode
 * time (no entry: UNDEFINED); its access rule runs at execution time, because it depends on the EL
 * and on control registers that change while the decoded op stays cached.
 */
final class SystemRegisterMoves {
    private SystemRegisterMoves() {
    }

    static void bind(Bindings b) {
        SystemRegisters table = SystemRegisters.standard();
        b.bind("MRS", i -> {
            SystemRegister r = table.register(key(i, 2 | i.f("o0")));
            return r == null || !r.readable() ? null : new Mrs(r, Reg.zrDest(i.f("rt")), iss(i, 2 | i.f("o0"), true));
        });
        b.bind("MSR_r", i -> {
            SystemRegister r = table.register(key(i, 2 | i.f("o0")));
            return r == null || !r.writable() ? null : new Msr(r, Reg.zr(i.f("rt")), iss(i, 2 | i.f("o0"), false));
        });
        b.bind("SYS", i -> {
            SystemInstruction s = table.instruction(key(i, 1));
            return s == null ? null : new Sys(s, Reg.zr(i.f("rt")), iss(i, 1, false));
        });
        // ARMv8.0 defines no SYSL instruction; the table will say when one exists.
        b.bind("SYSL", i -> null);
    }

    private static int key(Insn i, int op0) {
        return SystemRegister.key(op0, i.f("op1"), i.f("crn"), i.f("crm"), i.f("op2"));
    }

    private static int iss(Insn i, int op0, boolean read) {
        return Traps.sysregIss(op0, i.f("op1"), i.f("crn"), i.f("crm"), i.f("op2"), i.f("rt"), read);
    }

    static final class Mrs extends Op {
        private final SystemRegister reg;
        private final int rt;
        private final int iss;

        Mrs(SystemRegister reg, int rt, int iss) {
            this.reg = reg;
            this.rt = rt;
            this.iss = iss;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            Traps.check(cpu, reg.rule(), true, iss, pc);
            cpu.x[rt] = reg.read(cpu);
            return pc + 4;
        }
    }

    static final class Msr extends Op {
        private final SystemRegister reg;
        private final int rt;
        private final int iss;

        Msr(SystemRegister reg, int rt, int iss) {
            this.reg = reg;
            this.rt = rt;
            this.iss = iss;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            Traps.check(cpu, reg.rule(), false, iss, pc);
            reg.write(cpu, cpu.x[rt]);
            return pc + 4;
        }
    }

    static final class Sys extends Op {
        private final SystemInstruction ins;
        private final int rt;
        private final int iss;

        Sys(SystemInstruction ins, int rt, int iss) {
            this.ins = ins;
            this.rt = rt;
            this.iss = iss;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            Traps.check(cpu, ins.rule(), false, iss, pc);
            ins.execute(cpu, cpu.x[rt]);
            return pc + 4;
        }
    }
}
