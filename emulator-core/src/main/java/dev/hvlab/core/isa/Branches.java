package dev.hvlab.core.isa;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.Op;

/**
 * Unconditional branch (immediate), compare and branch, test and branch, conditional branch
 * (immediate) and unconditional branch (register), except ERET/DRPS ({@link ExceptionReturn}).
 * Offsets and bit masks are computed at decode time; a branch to a misaligned register target
 * faults on the next fetch (PC alignment fault), as the architecture reports it.
 */
final class Branches {
    private Branches() {
    }

    static void bind(Bindings b) {
        b.bind("B", i -> new B(i.sf("imm26") << 2));
        b.bind("BL", i -> new Bl(i.sf("imm26") << 2));
        b.bind("CBZ", i -> i.f("sf") == 1 ? new CbzX(Reg.zr(i.f("rt")), i.sf("imm19") << 2)
                : new CbzW(Reg.zr(i.f("rt")), i.sf("imm19") << 2));
        b.bind("CBNZ", i -> i.f("sf") == 1 ? new CbnzX(Reg.zr(i.f("rt")), i.sf("imm19") << 2)
                : new CbnzW(Reg.zr(i.f("rt")), i.sf("imm19") << 2));
        b.bind("TBZ", i -> new Tbz(Reg.zr(i.f("rt")), bit(i.f("b5"), i.f("b40")), i.sf("imm14") << 2));
        b.bind("TBNZ", i -> new Tbnz(Reg.zr(i.f("rt")), bit(i.f("b5"), i.f("b40")), i.sf("imm14") << 2));
        b.bind("B_cond", i -> bCond(i.f("cond"), i.sf("imm19") << 2));
        b.bind("BR", i -> new Br(Reg.zr(i.f("rn"))));
        b.bind("BLR", i -> new Blr(Reg.zr(i.f("rn"))));
        b.bind("RET", i -> new Br(Reg.zr(i.f("rn")))); // RET only hints a return to branch prediction
    }

    private static long bit(int b5, int b40) {
        return 1L << (b5 << 5 | b40);
    }

    /** B.cond: one class per condition, so the test is a constant expression in each. */
    static Op bCond(int cond, long offset) {
        return switch (cond) {
            case 0x0 -> new BCond(offset) { @Override boolean holds(Cpu c) { return c.z; } };
            case 0x1 -> new BCond(offset) { @Override boolean holds(Cpu c) { return !c.z; } };
            case 0x2 -> new BCond(offset) { @Override boolean holds(Cpu c) { return c.c; } };
            case 0x3 -> new BCond(offset) { @Override boolean holds(Cpu c) { return !c.c; } };
            case 0x4 -> new BCond(offset) { @Override boolean holds(Cpu c) { return c.n; } };
            case 0x5 -> new BCond(offset) { @Override boolean holds(Cpu c) { return !c.n; } };
            case 0x6 -> new BCond(offset) { @Override boolean holds(Cpu c) { return c.v; } };
            case 0x7 -> new BCond(offset) { @Override boolean holds(Cpu c) { return !c.v; } };
            case 0x8 -> new BCond(offset) { @Override boolean holds(Cpu c) { return c.c && !c.z; } };
            case 0x9 -> new BCond(offset) { @Override boolean holds(Cpu c) { return !(c.c && !c.z); } };
            case 0xA -> new BCond(offset) { @Override boolean holds(Cpu c) { return c.n == c.v; } };
            case 0xB -> new BCond(offset) { @Override boolean holds(Cpu c) { return c.n != c.v; } };
            case 0xC -> new BCond(offset) { @Override boolean holds(Cpu c) { return c.n == c.v && !c.z; } };
            case 0xD -> new BCond(offset) { @Override boolean holds(Cpu c) { return !(c.n == c.v && !c.z); } };
            default -> new B(offset); // AL and NV: ConditionHolds() is true for both
        };
    }

    static final class B extends Op {
        private final long offset;

        B(long offset) {
            this.offset = offset;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            return pc + offset;
        }
    }

    static final class Bl extends Op {
        private final long offset;

        Bl(long offset) {
            this.offset = offset;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[30] = pc + 4;
            return pc + offset;
        }
    }

    abstract static class BCond extends Op {
        private final long offset;

        BCond(long offset) {
            this.offset = offset;
        }

        abstract boolean holds(Cpu c);

        @Override
        public final long exec(Cpu cpu, long pc) {
            return holds(cpu) ? pc + offset : pc + 4;
        }
    }

    static final class CbzX extends Op {
        private final int rt;
        private final long offset;

        CbzX(int rt, long offset) {
            this.rt = rt;
            this.offset = offset;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            return cpu.x[rt] == 0 ? pc + offset : pc + 4;
        }
    }

    static final class CbzW extends Op {
        private final int rt;
        private final long offset;

        CbzW(int rt, long offset) {
            this.rt = rt;
            this.offset = offset;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            return (int) cpu.x[rt] == 0 ? pc + offset : pc + 4;
        }
    }

    static final class CbnzX extends Op {
        private final int rt;
        private final long offset;

        CbnzX(int rt, long offset) {
            this.rt = rt;
            this.offset = offset;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            return cpu.x[rt] != 0 ? pc + offset : pc + 4;
        }
    }

    static final class CbnzW extends Op {
        private final int rt;
        private final long offset;

        CbnzW(int rt, long offset) {
            this.rt = rt;
            this.offset = offset;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            return (int) cpu.x[rt] != 0 ? pc + offset : pc + 4;
        }
    }

    static final class Tbz extends Op {
        private final int rt;
        private final long mask;
        private final long offset;

        Tbz(int rt, long mask, long offset) {
            this.rt = rt;
            this.mask = mask;
            this.offset = offset;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            return (cpu.x[rt] & mask) == 0 ? pc + offset : pc + 4;
        }
    }

    static final class Tbnz extends Op {
        private final int rt;
        private final long mask;
        private final long offset;

        Tbnz(int rt, long mask, long offset) {
            this.rt = rt;
            this.mask = mask;
            this.offset = offset;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            return (cpu.x[rt] & mask) != 0 ? pc + offset : pc + 4;
        }
    }

    /** BR and RET. */
    static final class Br extends Op {
        private final int rn;

        Br(int rn) {
            this.rn = rn;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            return cpu.x[rn];
        }
    }

    static final class Blr extends Op {
        private final int rn;

        Blr(int rn) {
            this.rn = rn;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long target = cpu.x[rn]; // read before the link is written: BLR X30 branches to the old X30
            cpu.x[30] = pc + 4;
            return target;
        }
    }
}
