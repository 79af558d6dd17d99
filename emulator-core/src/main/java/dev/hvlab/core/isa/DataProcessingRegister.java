package dev.hvlab.core.isa;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.Op;
import dev.hvlab.core.decode.Insn;

/**
 * Semantics of the ARM ARM encoding group "Data Processing -- Register" (C4.1.89): logical and
 * add/subtract with shifted or extended register, add/subtract with carry, conditional compare
 * and select, and the 1-, 2- and 3-source groups.
 *
 * <p>The factories do the pseudocode's decode part (register 31 mapping, ShiftReg/ExtendReg
 * parameters in {@link Operand2}, NOT and carry-in of the subtracting forms, datasize masks), so
 * each op is a few lines of arithmetic. Ops with an operand shifted by nothing get their own
 * classes, since that is what compilers emit most.
 */
final class DataProcessingRegister {
    private DataProcessingRegister() {
    }

    static void bind(Bindings b) {
        b.bind("AND_r", i -> logical(i, 0, false));
        b.bind("BIC_r", i -> logical(i, 0, true));
        b.bind("ORR_r", i -> logical(i, 1, false));
        b.bind("ORN_r", i -> logical(i, 1, true));
        b.bind("EOR_r", i -> logical(i, 2, false));
        b.bind("EON_r", i -> logical(i, 2, true));
        b.bind("ANDS_r", i -> logical(i, 3, false));
        b.bind("BICS_r", i -> logical(i, 3, true));

        b.bind("ADD_r", i -> addSubShifted(i, false, false));
        b.bind("ADDS_r", i -> addSubShifted(i, false, true));
        b.bind("SUB_r", i -> addSubShifted(i, true, false));
        b.bind("SUBS_r", i -> addSubShifted(i, true, true));

        b.bind("ADD_x", i -> addSubExtended(i, false, false));
        b.bind("ADDS_x", i -> addSubExtended(i, false, true));
        b.bind("SUB_x", i -> addSubExtended(i, true, false));
        b.bind("SUBS_x", i -> addSubExtended(i, true, true));

        b.bind("ADC", i -> addSubCarry(i, false, false));
        b.bind("ADCS", i -> addSubCarry(i, false, true));
        b.bind("SBC", i -> addSubCarry(i, true, false));
        b.bind("SBCS", i -> addSubCarry(i, true, true));

        b.bind("CCMN_r", i -> condCompare(i, false, false));
        b.bind("CCMP_r", i -> condCompare(i, true, false));
        b.bind("CCMN_i", i -> condCompare(i, false, true));
        b.bind("CCMP_i", i -> condCompare(i, true, true));

        b.bind("CSEL", i -> condSelect(i, false, false));
        b.bind("CSINC", i -> condSelect(i, false, true));
        b.bind("CSINV", i -> condSelect(i, true, false));
        b.bind("CSNEG", i -> condSelect(i, true, true));

        b.bind("MADD", i -> new MAdd(i, false));
        b.bind("MSUB", i -> new MAdd(i, true));
        b.bind("SMADDL", i -> new SMAddL(i, false));
        b.bind("SMSUBL", i -> new SMAddL(i, true));
        b.bind("UMADDL", i -> new UMAddL(i, false));
        b.bind("UMSUBL", i -> new UMAddL(i, true));
        b.bind("SMULH", SMulH::new);
        b.bind("UMULH", UMulH::new);

        b.bind("UDIV", i -> i.f("sf") == 1 ? new UDiv64(i) : new UDiv32(i));
        b.bind("SDIV", i -> i.f("sf") == 1 ? new SDiv64(i) : new SDiv32(i));
        b.bind("LSLV", Lslv::new);
        b.bind("LSRV", Lsrv::new);
        b.bind("ASRV", Asrv::new);
        b.bind("RORV", i -> i.f("sf") == 1 ? new Rorv64(i) : new Rorv32(i));
        b.bind("CRC32", i -> crc32(i, Crc.CRC32));
        b.bind("CRC32C", i -> crc32(i, Crc.CRC32C));

        b.bind("RBIT", i -> i.f("sf") == 1 ? new Rbit64(i) : new Rbit32(i));
        b.bind("REV16", Rev16::new);
        b.bind("REV32", i -> i.f("sf") == 1 ? new Rev32(i) : new RevW(i));
        b.bind("REV", i -> i.f("sf") == 1 ? new RevX(i) : null);
        b.bind("CLZ", i -> i.f("sf") == 1 ? new Clz64(i) : new Clz32(i));
        b.bind("CLS", i -> i.f("sf") == 1 ? new Cls64(i) : new Cls32(i));
    }

    /** An op with a destination and one or two sources where register 31 is XZR. */
    private abstract static class Rrr extends Op {
        final int d;
        final int n;
        final int m;
        final long mask;

        Rrr(Insn i) {
            d = Reg.zrDest(i.f("rd"));
            n = Reg.zr(i.f("rn"));
            m = i.pattern().hasField("rm") ? Reg.zr(i.f("rm")) : Cpu.ZR;
            mask = i.pattern().hasField("sf") ? Alu.dataMask(i.f("sf")) : -1L;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Operations on a shifted or extended second operand (Operand2)
    // ---------------------------------------------------------------------------------------

    /**
     * The common fields of the logical and add/subtract register forms: registers already mapped,
     * datasize as {@code mask}/{@code ts}, the NOT and carry-in that BIC/ORN/EON and SUB fold into
     * the operation, and the precomputed ShiftReg/ExtendReg sequence.
     */
    private abstract static class Operand2Op extends Op {
        final int d;
        final int n;
        final int m;
        final long mask;
        final int ts;
        final long inv;
        final long carryIn;
        private final int pre;
        private final int sra;
        private final int srl;
        private final int sl;
        private final int rol;
        private final long rotMask;

        Operand2Op(int d, int n, Operand2 op2, int sf, boolean invert) {
            this.d = d;
            this.n = n;
            this.m = op2.m();
            this.mask = Alu.dataMask(sf);
            this.ts = Alu.ts(sf);
            this.inv = invert ? -1L : 0L;
            this.carryIn = invert ? 1L : 0L;
            this.pre = op2.pre();
            this.sra = op2.sra();
            this.srl = op2.srl();
            this.sl = op2.sl();
            this.rol = op2.rol();
            this.rotMask = op2.rotMask();
        }

        /** The second operand, NOT applied for the inverting/subtracting forms (bits above datasize are junk). */
        final long operand2(Cpu cpu) {
            return Operand2.apply(cpu.x[m], pre, sra, srl, sl, rol, rotMask) ^ inv;
        }
    }

    // Logical (shifted register) -------------------------------------------------------------

    private static Op logical(Insn i, int opc, boolean invert) {
        int sf = i.f("sf");
        int amount = i.f("imm6");
        if (sf == 0 && amount >= 32) {
            return null;
        }
        int d = Reg.zrDest(i.f("rd"));
        int n = Reg.zr(i.f("rn"));
        Operand2 op2 = Operand2.shiftReg(Reg.zr(i.f("rm")), i.f("shift"), amount, sf == 1 ? 64 : 32);
        if (op2.plain()) {
            return switch (opc) {
                case 0 -> new And(d, n, op2, sf, invert);
                case 1 -> n == Cpu.ZR && !invert ? new MovReg(d, op2.m(), Alu.dataMask(sf)) : new Orr(d, n, op2, sf, invert);
                case 2 -> new Eor(d, n, op2, sf, invert);
                default -> new Ands(d, n, op2, sf, invert);
            };
        }
        return switch (opc) {
            case 0 -> new AndShifted(d, n, op2, sf, invert);
            case 1 -> new OrrShifted(d, n, op2, sf, invert);
            case 2 -> new EorShifted(d, n, op2, sf, invert);
            default -> new AndsShifted(d, n, op2, sf, invert);
        };
    }

    /** MOV (register): ORR with XZR and no shift, the commonest register move. */
    static final class MovReg extends Op {
        private final int d;
        private final int m;
        private final long mask;

        MovReg(int d, int m, long mask) {
            this.d = d;
            this.m = m;
            this.mask = mask;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = cpu.x[m] & mask;
            return pc + 4;
        }
    }

    static final class And extends Operand2Op {
        And(int d, int n, Operand2 op2, int sf, boolean invert) {
            super(d, n, op2, sf, invert);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = cpu.x[n] & (cpu.x[m] ^ inv) & mask;
            return pc + 4;
        }
    }

    static final class Orr extends Operand2Op {
        Orr(int d, int n, Operand2 op2, int sf, boolean invert) {
            super(d, n, op2, sf, invert);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = (cpu.x[n] | (cpu.x[m] ^ inv)) & mask;
            return pc + 4;
        }
    }

    static final class Eor extends Operand2Op {
        Eor(int d, int n, Operand2 op2, int sf, boolean invert) {
            super(d, n, op2, sf, invert);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = (cpu.x[n] ^ cpu.x[m] ^ inv) & mask;
            return pc + 4;
        }
    }

    static final class Ands extends Operand2Op {
        Ands(int d, int n, Operand2 op2, int sf, boolean invert) {
            super(d, n, op2, sf, invert);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = Alu.logicalFlags(cpu, cpu.x[n] & (cpu.x[m] ^ inv) & mask, ts);
            return pc + 4;
        }
    }

    static final class AndShifted extends Operand2Op {
        AndShifted(int d, int n, Operand2 op2, int sf, boolean invert) {
            super(d, n, op2, sf, invert);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = cpu.x[n] & operand2(cpu) & mask;
            return pc + 4;
        }
    }

    static final class OrrShifted extends Operand2Op {
        OrrShifted(int d, int n, Operand2 op2, int sf, boolean invert) {
            super(d, n, op2, sf, invert);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = (cpu.x[n] | operand2(cpu)) & mask;
            return pc + 4;
        }
    }

    static final class EorShifted extends Operand2Op {
        EorShifted(int d, int n, Operand2 op2, int sf, boolean invert) {
            super(d, n, op2, sf, invert);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = (cpu.x[n] ^ operand2(cpu)) & mask;
            return pc + 4;
        }
    }

    static final class AndsShifted extends Operand2Op {
        AndsShifted(int d, int n, Operand2 op2, int sf, boolean invert) {
            super(d, n, op2, sf, invert);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = Alu.logicalFlags(cpu, cpu.x[n] & operand2(cpu) & mask, ts);
            return pc + 4;
        }
    }

    // Add/subtract (shifted register, extended register) -------------------------------------

    private static Op addSubShifted(Insn i, boolean sub, boolean setFlags) {
        int sf = i.f("sf");
        int shift = i.f("shift");
        int amount = i.f("imm6");
        if (shift == 3 || (sf == 0 && amount >= 32)) {
            return null;
        }
        Operand2 op2 = Operand2.shiftReg(Reg.zr(i.f("rm")), shift, amount, sf == 1 ? 64 : 32);
        return addSub(Reg.zrDest(i.f("rd")), Reg.zr(i.f("rn")), op2, sf, sub, setFlags);
    }

    private static Op addSubExtended(Insn i, boolean sub, boolean setFlags) {
        int shift = i.f("imm3");
        if (shift > 4) {
            return null;
        }
        Operand2 op2 = Operand2.extendReg(Reg.zr(i.f("rm")), i.f("option"), shift);
        // The extended form is the one that reaches SP: Rn always, Rd unless flags are set.
        int d = setFlags ? Reg.zrDest(i.f("rd")) : Reg.sp(i.f("rd"));
        return addSub(d, Reg.sp(i.f("rn")), op2, i.f("sf"), sub, setFlags);
    }

    private static Op addSub(int d, int n, Operand2 op2, int sf, boolean sub, boolean setFlags) {
        if (op2.plain()) {
            return setFlags ? new Adds(d, n, op2, sf, sub) : new Add(d, n, op2, sf, sub);
        }
        return setFlags ? new AddsShifted(d, n, op2, sf, sub) : new AddShifted(d, n, op2, sf, sub);
    }

    /** ADD/SUB with an unshifted register: SUB is {@code x + NOT(y) + 1}, as in AddWithCarry. */
    static final class Add extends Operand2Op {
        Add(int d, int n, Operand2 op2, int sf, boolean sub) {
            super(d, n, op2, sf, sub);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = (cpu.x[n] + (cpu.x[m] ^ inv) + carryIn) & mask;
            return pc + 4;
        }
    }

    /** ADDS/SUBS/CMP/CMN with an unshifted register. */
    static final class Adds extends Operand2Op {
        Adds(int d, int n, Operand2 op2, int sf, boolean sub) {
            super(d, n, op2, sf, sub);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = Alu.addWithCarry(cpu, cpu.x[n], cpu.x[m] ^ inv, carryIn, ts);
            return pc + 4;
        }
    }

    static final class AddShifted extends Operand2Op {
        AddShifted(int d, int n, Operand2 op2, int sf, boolean sub) {
            super(d, n, op2, sf, sub);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = (cpu.x[n] + operand2(cpu) + carryIn) & mask;
            return pc + 4;
        }
    }

    static final class AddsShifted extends Operand2Op {
        AddsShifted(int d, int n, Operand2 op2, int sf, boolean sub) {
            super(d, n, op2, sf, sub);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = Alu.addWithCarry(cpu, cpu.x[n], operand2(cpu), carryIn, ts);
            return pc + 4;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Add/subtract (with carry)
    // ---------------------------------------------------------------------------------------

    private static Op addSubCarry(Insn i, boolean sub, boolean setFlags) {
        return setFlags ? new Adcs(i, sub) : new Adc(i, sub);
    }

    /** ADC/SBC: {@code AddWithCarry(X[n], sub ? NOT(X[m]) : X[m], PSTATE.C)}. */
    static final class Adc extends Rrr {
        private final long inv;

        Adc(Insn i, boolean sub) {
            super(i);
            inv = sub ? -1L : 0L;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = (cpu.x[n] + (cpu.x[m] ^ inv) + (cpu.c ? 1 : 0)) & mask;
            return pc + 4;
        }
    }

    static final class Adcs extends Rrr {
        private final long inv;
        private final int ts;

        Adcs(Insn i, boolean sub) {
            super(i);
            inv = sub ? -1L : 0L;
            ts = Alu.ts(i.f("sf"));
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = Alu.addWithCarry(cpu, cpu.x[n], cpu.x[m] ^ inv, cpu.c ? 1 : 0, ts);
            return pc + 4;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Conditional compare (register, immediate)
    // ---------------------------------------------------------------------------------------

    private static Op condCompare(Insn i, boolean sub, boolean immediate) {
        int n = Reg.zr(i.f("rn"));
        int cond = i.f("cond");
        int nzcv = i.f("nzcv");
        int ts = Alu.ts(i.f("sf"));
        if (immediate) {
            long imm = i.f("imm5");
            return new CondCompareImm(n, sub ? ~imm : imm, sub ? 1 : 0, ts, cond, nzcv);
        }
        return new CondCompareReg(n, Reg.zr(i.f("rm")), sub ? -1L : 0L, sub ? 1 : 0, ts, cond, nzcv);
    }

    /** CCMN/CCMP (register): flags of AddWithCarry when ConditionHolds(cond), else the nzcv field. */
    static final class CondCompareReg extends Op {
        private final int n;
        private final int m;
        private final long inv;
        private final long carryIn;
        private final int ts;
        private final int cond;
        private final int nzcv;

        CondCompareReg(int n, int m, long inv, long carryIn, int ts, int cond, int nzcv) {
            this.n = n;
            this.m = m;
            this.inv = inv;
            this.carryIn = carryIn;
            this.ts = ts;
            this.cond = cond;
            this.nzcv = nzcv;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            if (cpu.conditionHolds(cond)) {
                Alu.addWithCarry(cpu, cpu.x[n], cpu.x[m] ^ inv, carryIn, ts);
            } else {
                cpu.setNzcv(nzcv);
            }
            return pc + 4;
        }
    }

    static final class CondCompareImm extends Op {
        private final int n;
        private final long imm;
        private final long carryIn;
        private final int ts;
        private final int cond;
        private final int nzcv;

        CondCompareImm(int n, long imm, long carryIn, int ts, int cond, int nzcv) {
            this.n = n;
            this.imm = imm;
            this.carryIn = carryIn;
            this.ts = ts;
            this.cond = cond;
            this.nzcv = nzcv;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            if (cpu.conditionHolds(cond)) {
                Alu.addWithCarry(cpu, cpu.x[n], imm, carryIn, ts);
            } else {
                cpu.setNzcv(nzcv);
            }
            return pc + 4;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Conditional select
    // ---------------------------------------------------------------------------------------

    private static Op condSelect(Insn i, boolean invert, boolean increment) {
        return new CondSelect(i, invert ? -1L : 0L, increment ? 1L : 0L);
    }

    /**
     * CSEL/CSINC/CSINV/CSNEG (and CSET, CINC, CNEG...): the "else" operand is
     * {@code (X[m] XOR inv) + inc}, which covers NOT (inv), +1 (inc) and negation (both).
     */
    static final class CondSelect extends Rrr {
        private final int cond;
        private final long inv;
        private final long inc;

        CondSelect(Insn i, long inv, long inc) {
            super(i);
            this.cond = i.f("cond");
            this.inv = inv;
            this.inc = inc;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long r = cpu.conditionHolds(cond) ? cpu.x[n] : (cpu.x[m] ^ inv) + inc;
            cpu.x[d] = r & mask;
            return pc + 4;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Data-processing (3 source)
    // ---------------------------------------------------------------------------------------

    /**
     * MADD/MSUB (MUL, MNEG): the low datasize bits of the product are the same signed or not.
     * The subtracting forms negate the product as {@code (p XOR -1) - (-1)}, without a branch.
     */
    static final class MAdd extends Rrr {
        private final int a;
        private final long neg;

        MAdd(Insn i, boolean sub) {
            super(i);
            this.a = Reg.zr(i.f("ra"));
            this.neg = sub ? -1L : 0L;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long product = cpu.x[n] * cpu.x[m];
            cpu.x[d] = (cpu.x[a] + ((product ^ neg) - neg)) & mask;
            return pc + 4;
        }
    }

    /** SMADDL/SMSUBL (SMULL, SMNEGL). */
    static final class SMAddL extends Rrr {
        private final int a;
        private final long neg;

        SMAddL(Insn i, boolean sub) {
            super(i);
            this.a = Reg.zr(i.f("ra"));
            this.neg = sub ? -1L : 0L;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long product = (long) (int) cpu.x[n] * (long) (int) cpu.x[m];
            cpu.x[d] = cpu.x[a] + ((product ^ neg) - neg);
            return pc + 4;
        }
    }

    /** UMADDL/UMSUBL (UMULL, UMNEGL). */
    static final class UMAddL extends Rrr {
        private final int a;
        private final long neg;

        UMAddL(Insn i, boolean sub) {
            super(i);
            this.a = Reg.zr(i.f("ra"));
            this.neg = sub ? -1L : 0L;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long product = (cpu.x[n] & Alu.MASK32) * (cpu.x[m] & Alu.MASK32);
            cpu.x[d] = cpu.x[a] + ((product ^ neg) - neg);
            return pc + 4;
        }
    }

    /** SMULH: bits 127:64 of the signed 128-bit product. */
    static final class SMulH extends Rrr {
        SMulH(Insn i) {
            super(i);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = Math.multiplyHigh(cpu.x[n], cpu.x[m]);
            return pc + 4;
        }
    }

    /** UMULH: bits 127:64 of the unsigned 128-bit product. */
    static final class UMulH extends Rrr {
        UMulH(Insn i) {
            super(i);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long x = cpu.x[n];
            long y = cpu.x[m];
            // The signed high product, corrected for operands whose bit 63 was read as -2^63.
            cpu.x[d] = Math.multiplyHigh(x, y) + ((x >> 63) & y) + ((y >> 63) & x);
            return pc + 4;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Data-processing (2 source)
    // ---------------------------------------------------------------------------------------

    /** UDIV: a zero divisor gives 0 (no trap in AArch64). */
    static final class UDiv64 extends Rrr {
        UDiv64(Insn i) {
            super(i);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long divisor = cpu.x[m];
            cpu.x[d] = divisor == 0 ? 0 : Long.divideUnsigned(cpu.x[n], divisor);
            return pc + 4;
        }
    }

    static final class UDiv32 extends Rrr {
        UDiv32(Insn i) {
            super(i);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long divisor = cpu.x[m] & Alu.MASK32;
            cpu.x[d] = divisor == 0 ? 0 : (cpu.x[n] & Alu.MASK32) / divisor;
            return pc + 4;
        }
    }

    /** SDIV: rounds toward zero; zero divisor gives 0; MIN / -1 wraps to MIN, as Java's does. */
    static final class SDiv64 extends Rrr {
        SDiv64(Insn i) {
            super(i);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long divisor = cpu.x[m];
            cpu.x[d] = divisor == 0 ? 0 : cpu.x[n] / divisor;
            return pc + 4;
        }
    }

    static final class SDiv32 extends Rrr {
        SDiv32(Insn i) {
            super(i);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            int divisor = (int) cpu.x[m];
            cpu.x[d] = divisor == 0 ? 0 : ((int) cpu.x[n] / divisor) & Alu.MASK32;
            return pc + 4;
        }
    }

    /** LSLV: {@code ShiftReg(n, LSL, UInt(X[m]) MOD datasize)}. */
    static final class Lslv extends Rrr {
        private final int amountMask;

        Lslv(Insn i) {
            super(i);
            amountMask = i.f("sf") == 1 ? 63 : 31;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = (cpu.x[n] << (cpu.x[m] & amountMask)) & mask;
            return pc + 4;
        }
    }

    static final class Lsrv extends Rrr {
        private final int amountMask;

        Lsrv(Insn i) {
            super(i);
            amountMask = i.f("sf") == 1 ? 63 : 31;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = (cpu.x[n] & mask) >>> (cpu.x[m] & amountMask);
            return pc + 4;
        }
    }

    /** ASRV: the datasize bits moved to the top so that {@code >>} copies bit datasize-1. */
    static final class Asrv extends Rrr {
        private final int amountMask;
        private final int ts;

        Asrv(Insn i) {
            super(i);
            amountMask = i.f("sf") == 1 ? 63 : 31;
            ts = Alu.ts(i.f("sf"));
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = ((cpu.x[n] << ts) >> ((cpu.x[m] & amountMask) + ts)) & mask;
            return pc + 4;
        }
    }

    static final class Rorv64 extends Rrr {
        Rorv64(Insn i) {
            super(i);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = Long.rotateRight(cpu.x[n], (int) cpu.x[m]);
            return pc + 4;
        }
    }

    static final class Rorv32 extends Rrr {
        Rorv32(Insn i) {
            super(i);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = Integer.rotateRight((int) cpu.x[n], (int) cpu.x[m]) & Alu.MASK32;
            return pc + 4;
        }
    }

    private static Op crc32(Insn i, int[] table) {
        int sz = i.f("sz");
        if ((i.f("sf") == 1) != (sz == 3)) {
            return null;
        }
        return new Crc(i, table, 1 << sz);
    }

    /**
     * CRC32B/H/W/X and CRC32CB/H/W/X. The pseudocode's {@code BitReverse(Poly32Mod2(BitReverse(acc)
     * :Zeros(size) EOR BitReverse(val):Zeros(32), poly))} is the bit-reflected CRC update without
     * pre- or post-inversion, computed here a byte at a time from a table of the reflected polynomial.
     */
    static final class Crc extends Rrr {
        /** Reflected 0x04C11DB7 and 0x1EDC6F41. */
        static final int[] CRC32 = table(0xEDB88320);
        static final int[] CRC32C = table(0x82F63B78);

        private final int[] table;
        private final int bytes;

        Crc(Insn i, int[] table, int bytes) {
            super(i);
            this.table = table;
            this.bytes = bytes;
        }

        private static int[] table(int reflectedPoly) {
            int[] t = new int[256];
            for (int b = 0; b < 256; b++) {
                int c = b;
                for (int k = 0; k < 8; k++) {
                    c = (c >>> 1) ^ (reflectedPoly & -(c & 1));
                }
                t[b] = c;
            }
            return t;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            int acc = (int) cpu.x[n];
            long val = cpu.x[m];
            for (int k = 0; k < bytes; k++) {
                acc = table[(acc ^ (int) val) & 0xFF] ^ (acc >>> 8);
                val >>>= 8;
            }
            cpu.x[d] = acc & Alu.MASK32;
            return pc + 4;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Data-processing (1 source)
    // ---------------------------------------------------------------------------------------

    static final class Rbit64 extends Rrr {
        Rbit64(Insn i) {
            super(i);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = Long.reverse(cpu.x[n]);
            return pc + 4;
        }
    }

    static final class Rbit32 extends Rrr {
        Rbit32(Insn i) {
            super(i);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = Integer.reverse((int) cpu.x[n]) & Alu.MASK32;
            return pc + 4;
        }
    }

    /** REV16: swaps the bytes of every halfword. */
    static final class Rev16 extends Rrr {
        private static final long EVEN_BYTES = 0x00FF_00FF_00FF_00FFL;

        Rev16(Insn i) {
            super(i);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long v = cpu.x[n];
            cpu.x[d] = (((v & EVEN_BYTES) << 8) | ((v >>> 8) & EVEN_BYTES)) & mask;
            return pc + 4;
        }
    }

    /** REV32 (sf=1): reverses the bytes of each word. */
    static final class Rev32 extends Rrr {
        Rev32(Insn i) {
            super(i);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = Long.rotateRight(Long.reverseBytes(cpu.x[n]), 32);
            return pc + 4;
        }
    }

    /** REV with sf=0 (opc=10): the 32-bit byte reversal. */
    static final class RevW extends Rrr {
        RevW(Insn i) {
            super(i);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = Integer.reverseBytes((int) cpu.x[n]) & Alu.MASK32;
            return pc + 4;
        }
    }

    /** REV with sf=1 (opc=11): the 64-bit byte reversal. */
    static final class RevX extends Rrr {
        RevX(Insn i) {
            super(i);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = Long.reverseBytes(cpu.x[n]);
            return pc + 4;
        }
    }

    static final class Clz64 extends Rrr {
        Clz64(Insn i) {
            super(i);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = Long.numberOfLeadingZeros(cpu.x[n]);
            return pc + 4;
        }
    }

    static final class Clz32 extends Rrr {
        Clz32(Insn i) {
            super(i);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            cpu.x[d] = Integer.numberOfLeadingZeros((int) cpu.x[n]);
            return pc + 4;
        }
    }

    /** CLS: {@code CountLeadingSignBits(x) = CountLeadingZeroBits(x<N-1:1> EOR x<N-2:0>)}. */
    static final class Cls64 extends Rrr {
        Cls64(Insn i) {
            super(i);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long v = cpu.x[n];
            cpu.x[d] = Long.numberOfLeadingZeros(v ^ (v >> 63)) - 1;
            return pc + 4;
        }
    }

    static final class Cls32 extends Rrr {
        Cls32(Insn i) {
            super(i);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            int v = (int) cpu.x[n];
            cpu.x[d] = Integer.numberOfLeadingZeros(v ^ (v >> 31)) - 1;
            return pc + 4;
        }
    }
}
