package dev.hvlab.core.isa;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.Op;
import dev.hvlab.core.decode.Insn;

/**
 * Semantics of the ARM ARM encoding group "Data Processing -- Immediate" (C4.1.86): PC-relative
 * addressing, add/subtract, logical, move wide, bitfield and extract.
 *
 * <p>Everything the pseudocode's "decode" part computes (register mapping, the shifted or
 * decoded immediate, the datasize masks) is done by the factories; the ops only compute. A 32-bit
 * form writes its result zero-extended ({@code X[d] = ZeroExtend(result)}), which the masks and
 * the top-aligned flag helpers of {@link Alu} give for free.
 */
final class DataProcessingImmediate {
    private DataProcessingImmediate() {
    }

    static void bind(Bindings b) {
        b.bind("ADR", i -> new Adr(i, false));
        b.bind("ADRP", i -> new Adr(i, true));

        b.bind("ADD_i", i -> addSub(i, false, false));
        b.bind("ADDS_i", i -> addSub(i, false, true));
        b.bind("SUB_i", i -> addSub(i, true, false));
        b.bind("SUBS_i", i -> addSub(i, true, true));

        b.bind("AND_i", i -> logical(i, 0));
        b.bind("ORR_i", i -> logical(i, 1));
        b.bind("EOR_i", i -> logical(i, 2));
        b.bind("ANDS_i", i -> logical(i, 3));

        b.bind("MOVN", i -> moveWide(i, 0));
        b.bind("MOVZ", i -> moveWide(i, 2));
        b.bind("MOVK", i -> moveWide(i, 3));

        b.bind("SBFM", i -> bitfield(i, 0));
        b.bind("BFM", i -> bitfield(i, 1));
        b.bind("UBFM", i -> bitfield(i, 2));

        b.bind("EXTR", DataProcessingImmediate::extract);
    }

    // ---------------------------------------------------------------------------------------
    // PC-rel. addressing (ADR, ADRP)
    // ---------------------------------------------------------------------------------------

    static final class Adr extends Op {
        private final int d;
        private final long pcMask;
        private final long offset;

        Adr(Insn i, boolean page) {
            d = Reg.zrDest(i.f("rd"));
            long imm = (i.sf("immhi") << 2) | i.f("immlo");
            pcMask = page ? ~0xFFFL : -1L;
            offset = page ? imm << 12 : imm;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = (pc & pcMask) + offset;
            return pc + 4;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Add/subtract (immediate)
    // ---------------------------------------------------------------------------------------

    private static Op addSub(Insn i, boolean sub, boolean setFlags) {
        int sf = i.f("sf");
        long imm = (long) i.f("imm12") << (i.f("sh") * 12);
        int n = Reg.sp(i.f("rn"));
        if (setFlags) {
            // AddWithCarry(operand1, NOT(imm), '1') for SUBS: fold NOT and the carry in now.
            return new AddsImm(Reg.zrDest(i.f("rd")), n, sub ? ~imm : imm, sub ? 1 : 0, Alu.ts(sf));
        }
        return new AddImm(Reg.sp(i.f("rd")), n, sub ? -imm : imm, Alu.dataMask(sf));
    }

    /** ADD/SUB (immediate): SP-capable, flags untouched, so SUB is an add of the negated immediate. */
    static final class AddImm extends Op {
        private final int d;
        private final int n;
        private final long imm;
        private final long mask;

        AddImm(int d, int n, long imm, long mask) {
            this.d = d;
            this.n = n;
            this.imm = imm;
            this.mask = mask;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = (cpu.x[n] + imm) & mask;
            return pc + 4;
        }
    }

    /** ADDS/SUBS (immediate), CMP/CMN: AddWithCarry with NOT(imm) and carry 1 for SUBS. */
    static final class AddsImm extends Op {
        private final int d;
        private final int n;
        private final long y;
        private final long carryIn;
        private final int ts;

        AddsImm(int d, int n, long y, long carryIn, int ts) {
            this.d = d;
            this.n = n;
            this.y = y;
            this.carryIn = carryIn;
            this.ts = ts;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = Alu.addWithCarry(cpu, cpu.x[n], y, carryIn, ts);
            return pc + 4;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Logical (immediate)
    // ---------------------------------------------------------------------------------------

    private static Op logical(Insn i, int opc) {
        int sf = i.f("sf");
        int immN = i.f("N");
        if (sf == 0 && immN == 1) {
            return null;
        }
        long[] masks = Alu.decodeBitMasks(immN, i.f("imms"), i.f("immr"), true, sf == 1 ? 64 : 32);
        if (masks == null) {
            return null;
        }
        long imm = masks[0];
        int n = Reg.zr(i.f("rn"));
        int rd = i.f("rd");
        long mask = Alu.dataMask(sf);
        return switch (opc) {
            case 0 -> new AndImm(Reg.sp(rd), n, imm);
            case 1 -> new OrrImm(Reg.sp(rd), n, imm, mask);
            case 2 -> new EorImm(Reg.sp(rd), n, imm, mask);
            default -> new AndsImm(Reg.zrDest(rd), n, imm, Alu.ts(sf));
        };
    }

    /** AND (immediate): the immediate has datasize bits, so the AND alone zero-extends. */
    static final class AndImm extends Op {
        private final int d;
        private final int n;
        private final long imm;

        AndImm(int d, int n, long imm) {
            this.d = d;
            this.n = n;
            this.imm = imm;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = cpu.x[n] & imm;
            return pc + 4;
        }
    }

    /** ORR (immediate), MOV (bitmask immediate). */
    static final class OrrImm extends Op {
        private final int d;
        private final int n;
        private final long imm;
        private final long mask;

        OrrImm(int d, int n, long imm, long mask) {
            this.d = d;
            this.n = n;
            this.imm = imm;
            this.mask = mask;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = (cpu.x[n] | imm) & mask;
            return pc + 4;
        }
    }

    static final class EorImm extends Op {
        private final int d;
        private final int n;
        private final long imm;
        private final long mask;

        EorImm(int d, int n, long imm, long mask) {
            this.d = d;
            this.n = n;
            this.imm = imm;
            this.mask = mask;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = (cpu.x[n] ^ imm) & mask;
            return pc + 4;
        }
    }

    /** ANDS (immediate), TST. */
    static final class AndsImm extends Op {
        private final int d;
        private final int n;
        private final long imm;
        private final int ts;

        AndsImm(int d, int n, long imm, int ts) {
            this.d = d;
            this.n = n;
            this.imm = imm;
            this.ts = ts;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = Alu.logicalFlags(cpu, cpu.x[n] & imm, ts);
            return pc + 4;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Move wide (immediate)
    // ---------------------------------------------------------------------------------------

    private static Op moveWide(Insn i, int opc) {
        int sf = i.f("sf");
        int hw = i.f("hw");
        if (sf == 0 && hw >= 2) {
            return null;
        }
        int pos = hw * 16;
        long imm = (long) i.f("imm16") << pos;
        int d = Reg.zrDest(i.f("rd"));
        long mask = Alu.dataMask(sf);
        return switch (opc) {
            case 0 -> new MovConst(d, ~imm & mask);
            case 2 -> new MovConst(d, imm);
            default -> new Movk(d, imm, ~(0xFFFFL << pos) & mask);
        };
    }

    /** MOVZ and MOVN: the result is a constant known at decode time. */
    static final class MovConst extends Op {
        private final int d;
        private final long value;

        MovConst(int d, long value) {
            this.d = d;
            this.value = value;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = value;
            return pc + 4;
        }
    }

    /** MOVK: keeps the other halfwords (and, for the 32-bit form, clears bits 63:32). */
    static final class Movk extends Op {
        private final int d;
        private final long imm;
        private final long keep;

        Movk(int d, long imm, long keep) {
            this.d = d;
            this.imm = imm;
            this.keep = keep;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = (cpu.x[d] & keep) | imm;
            return pc + 4;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Bitfield (SBFM, BFM, UBFM and their aliases LSL/LSR/ASR/SBFX/UBFX/BFI/BFXIL/SXT*/UXT*)
    // ---------------------------------------------------------------------------------------

    private static Op bitfield(Insn i, int opc) {
        int sf = i.f("sf");
        int immN = i.f("N");
        int immr = i.f("immr");
        int imms = i.f("imms");
        if (immN != sf || (sf == 0 && ((immr | imms) & 0x20) != 0)) {
            return null;
        }
        int datasize = sf == 1 ? 64 : 32;
        long[] masks = Alu.decodeBitMasks(immN, imms, immr, false, datasize);
        if (masks == null) {
            return null;
        }
        long wmask = masks[0];
        long tmask = masks[1];
        int d = Reg.zrDest(i.f("rd"));
        int n = Reg.zr(i.f("rn"));
        if (opc == 1) {
            // BFM reads its destination: with rd=31 that is XZR, but the result goes to the sink anyway.
            return sf == 1 ? new Bfm64(d, n, immr, wmask, tmask) : new Bfm32(d, n, immr, wmask, tmask);
        }
        if (opc == 2) {
            return sf == 1 ? new Ubfm64(d, n, immr, wmask & tmask) : new Ubfm32(d, n, immr, wmask & tmask);
        }
        return sf == 1 ? new Sbfm64(d, n, immr, imms, wmask, tmask) : new Sbfm32(d, n, immr, imms, wmask, tmask);
    }

    /** UBFM: {@code ROR(src, R) AND wmask AND tmask}. */
    static final class Ubfm64 extends Op {
        private final int d;
        private final int n;
        private final int r;
        private final long mask;

        Ubfm64(int d, int n, int r, long mask) {
            this.d = d;
            this.n = n;
            this.r = r;
            this.mask = mask;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = Long.rotateRight(cpu.x[n], r) & mask;
            return pc + 4;
        }
    }

    static final class Ubfm32 extends Op {
        private final int d;
        private final int n;
        private final int r;
        private final int mask;

        Ubfm32(int d, int n, int r, long mask) {
            this.d = d;
            this.n = n;
            this.r = r;
            this.mask = (int) mask;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = (Integer.rotateRight((int) cpu.x[n], r) & mask) & Alu.MASK32;
            return pc + 4;
        }
    }

    /** SBFM: bits outside tmask are copies of {@code src<S>}. */
    static final class Sbfm64 extends Op {
        private final int d;
        private final int n;
        private final int r;
        private final int signShift;
        private final long wmask;
        private final long tmask;

        Sbfm64(int d, int n, int r, int s, long wmask, long tmask) {
            this.d = d;
            this.n = n;
            this.r = r;
            this.signShift = 63 - s;
            this.wmask = wmask;
            this.tmask = tmask;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long src = cpu.x[n];
            long bot = Long.rotateRight(src, r) & wmask;
            long top = (src << signShift) >> 63; // Replicate(src<S>)
            cpu.x[d] = (top & ~tmask) | (bot & tmask);
            return pc + 4;
        }
    }

    static final class Sbfm32 extends Op {
        private final int d;
        private final int n;
        private final int r;
        private final int signShift;
        private final int wmask;
        private final int tmask;

        Sbfm32(int d, int n, int r, int s, long wmask, long tmask) {
            this.d = d;
            this.n = n;
            this.r = r;
            this.signShift = 31 - s;
            this.wmask = (int) wmask;
            this.tmask = (int) tmask;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            int src = (int) cpu.x[n];
            int bot = Integer.rotateRight(src, r) & wmask;
            int top = (src << signShift) >> 31;
            cpu.x[d] = ((top & ~tmask) | (bot & tmask)) & Alu.MASK32;
            return pc + 4;
        }
    }

    /** BFM: inserts the rotated field into the destination's existing bits. */
    static final class Bfm64 extends Op {
        private final int d;
        private final int n;
        private final int r;
        private final long wmask;
        private final long tmask;

        Bfm64(int d, int n, int r, long wmask, long tmask) {
            this.d = d;
            this.n = n;
            this.r = r;
            this.wmask = wmask;
            this.tmask = tmask;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long dst = cpu.x[d];
            long bot = (dst & ~wmask) | (Long.rotateRight(cpu.x[n], r) & wmask);
            cpu.x[d] = (dst & ~tmask) | (bot & tmask);
            return pc + 4;
        }
    }

    static final class Bfm32 extends Op {
        private final int d;
        private final int n;
        private final int r;
        private final int wmask;
        private final int tmask;

        Bfm32(int d, int n, int r, long wmask, long tmask) {
            this.d = d;
            this.n = n;
            this.r = r;
            this.wmask = (int) wmask;
            this.tmask = (int) tmask;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            int dst = (int) cpu.x[d];
            int bot = (dst & ~wmask) | (Integer.rotateRight((int) cpu.x[n], r) & wmask);
            cpu.x[d] = ((dst & ~tmask) | (bot & tmask)) & Alu.MASK32;
            return pc + 4;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Extract (EXTR, ROR immediate)
    // ---------------------------------------------------------------------------------------

    private static Op extract(Insn i) {
        int sf = i.f("sf");
        int lsb = i.f("imms");
        if (i.f("N") != sf || (sf == 0 && lsb >= 32)) {
            return null;
        }
        int d = Reg.zrDest(i.f("rd"));
        int n = Reg.zr(i.f("rn"));
        int m = Reg.zr(i.f("rm"));
        return sf == 1 ? new Extr64(d, n, m, lsb) : new Extr32(d, n, m, lsb);
    }

    /** {@code (Rn:Rm)<lsb+datasize-1:lsb>}. */
    static final class Extr64 extends Op {
        private final int d;
        private final int n;
        private final int m;
        private final int lsb;

        Extr64(int d, int n, int m, int lsb) {
            this.d = d;
            this.n = n;
            this.m = m;
            this.lsb = lsb;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            // Two shifts for the Rn part, so that lsb = 0 brings in nothing (Java shifts mod 64).
            cpu.x[d] = (cpu.x[m] >>> lsb) | ((cpu.x[n] << 1) << (63 - lsb));
            return pc + 4;
        }
    }

    static final class Extr32 extends Op {
        private final int d;
        private final int n;
        private final int m;
        private final int lsb;

        Extr32(int d, int n, int m, int lsb) {
            this.d = d;
            this.n = n;
            this.m = m;
            this.lsb = lsb;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long concat = (cpu.x[n] << 32) | (cpu.x[m] & Alu.MASK32);
            cpu.x[d] = (concat >>> lsb) & Alu.MASK32;
            return pc + 4;
        }
    }
}
