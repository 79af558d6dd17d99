package dev.hvlab.core.isa;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.Op;

/**
 * ARM ARM C4.1.88 "Load register (literal)": LDR (literal) to W or X, LDRSW (literal) and PRFM
 * (literal). The address is PC + imm19 * 4; it stays PC-relative in the op because decoded ops are
 * shared by every virtual address that maps their physical page.
 */
final class LoadRegisterLiteral {
    private LoadRegisterLiteral() {
    }

    static void bind(Bindings b) {
        b.bind("LDR_lit", i -> {
            int t = Reg.zrDest(i.f("rt"));
            long offset = i.sf("imm19") << 2;
            return switch (i.f("opc")) {
                case 0 -> new Literal32(t, offset, 0xFFFFFFFFL);
                case 1 -> new Literal64(t, offset);
                case 2 -> new Literal32(t, offset, -1L); // LDRSW: read32's int is already sign-extended
                default -> Prefetch.INSTANCE;
            };
        });
    }

    static final class Literal32 extends Op {
        final int t;
        final long offset;
        final long mask;

        Literal32(int t, long offset, long mask) {
            this.t = t;
            this.offset = offset;
            this.mask = mask;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[t] = cpu.read32(pc + offset) & mask;
            return pc + 4;
        }
    }

    static final class Literal64 extends Op {
        final int t;
        final long offset;

        Literal64(int t, long offset) {
            this.t = t;
            this.offset = offset;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[t] = cpu.read64(pc + offset);
            return pc + 4;
        }
    }
}
