package dev.hvlab.core.asm;

import dev.hvlab.core.decode.DecodeTable;
import dev.hvlab.core.decode.Encoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small A64 assembler with a builder API, for tests and guest stubs. Every word is built by the
 * {@link Encoder} from the encoding table, so the assembler can never disagree with the decoder.
 *
 * <p>Registers are encoded numbers 0-31; what 31 means (XZR or SP) is the instruction's choice,
 * as in the ARM ARM ({@link #XZR} and {@link #SP} are both 31). Unless a method's name says
 * otherwise, operations are 64-bit (sf=1). Branch targets are {@link Label}s, bound before or
 * after use; {@link #words()} refuses labels that were referenced but never bound.
 */
public final class Assembler {
    public static final int XZR = 31;
    public static final int SP = 31;
    public static final int LR = 30;

    /** Condition codes (ARM ARM C1.2.4). */
    public static final int EQ = 0, NE = 1, CS = 2, HS = 2, CC = 3, LO = 3, MI = 4, PL = 5, VS = 6, VC = 7,
            HI = 8, LS = 9, GE = 10, LT = 11, GT = 12, LE = 13, AL = 14, NV = 15;

    /** System register encodings for {@link #msr}/{@link #mrs}, see {@link #sysreg}. */
    public static final int NZCV = sysreg(3, 3, 4, 2, 0);
    public static final int FPCR = sysreg(3, 3, 4, 4, 0);
    public static final int FPSR = sysreg(3, 3, 4, 4, 1);
    public static final int TPIDR_EL0 = sysreg(3, 3, 13, 0, 2);
    public static final int CNTVCT_EL0 = sysreg(3, 3, 14, 0, 2);

    /** A branch target. */
    public static final class Label {
        private int index = -1;

        public boolean isBound() {
            return index >= 0;
        }
    }

    /** How a pending reference patches its word once the label is bound. */
    private enum Kind { IMM26, IMM19, IMM14, ADR }

    private record Fixup(int at, Label label, Kind kind) {
    }

    private final Encoder enc;
    private final long base;
    private int[] words = new int[64];
    private int size;
    private final List<Fixup> fixups = new ArrayList<>();

    /** An assembler whose first word will live at virtual address {@code base}. */
    public Assembler(long base) {
        this.enc = new Encoder(DecodeTable.a64());
        this.base = base;
    }

    /** {@code op0:op1:CRn:CRm:op2} packed as in the MRS/MSR encodings' bits 20:5 (o0 = op0 - 2). */
    public static int sysreg(int op0, int op1, int crn, int crm, int op2) {
        return op0 << 14 | op1 << 11 | crn << 7 | crm << 3 | op2;
    }

    // -------------------------------------------------------------------------------------
    // Layout
    // -------------------------------------------------------------------------------------

    public long base() {
        return base;
    }

    /** The address of the next word. */
    public long here() {
        return base + 4L * size;
    }

    /** Words emitted so far. */
    public int size() {
        return size;
    }

    public Label newLabel() {
        return new Label();
    }

    /** Binds {@code l} to the next word's address and patches the references made so far. */
    public Assembler bind(Label l) {
        if (l.isBound()) {
            throw new IllegalStateException("label bound twice");
        }
        l.index = size;
        for (Fixup f : fixups) {
            if (f.label == l) {
                words[f.at] = patch(words[f.at], f.kind, size - f.at);
            }
        }
        fixups.removeIf(f -> f.label == l);
        return this;
    }

    /** The address a bound label stands for. */
    public long address(Label l) {
        if (!l.isBound()) {
            throw new IllegalStateException("label not bound");
        }
        return base + 4L * l.index;
    }

    /** Emits a raw word (data, or an instruction the typed methods do not cover). */
    public Assembler word(int w) {
        if (size == words.length) {
            words = Arrays.copyOf(words, size * 2);
        }
        words[size++] = w;
        return this;
    }

    /** Emits a pattern of the encoding table with fields by name, see {@link Encoder#encode}. */
    public Assembler emit(String pattern, Object... fields) {
        return word(enc.encode(pattern, fields));
    }

    /** The code, one word per instruction. */
    public int[] words() {
        if (!fixups.isEmpty()) {
            throw new IllegalStateException(fixups.size() + " references to unbound labels");
        }
        return Arrays.copyOf(words, size);
    }

    /** The code as little-endian bytes, ready to copy to {@link #base()}. */
    public byte[] bytes() {
        int[] w = words();
        ByteBuffer b = ByteBuffer.allocate(4 * w.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : w) {
            b.putInt(x);
        }
        return b.array();
    }

    // -------------------------------------------------------------------------------------
    // Moves and arithmetic
    // -------------------------------------------------------------------------------------

    public Assembler movz(int rd, int imm16, int shift) {
        return emit("MOVZ", "sf", 1, "hw", hw(shift), "imm16", imm16, "rd", rd);
    }

    public Assembler movk(int rd, int imm16, int shift) {
        return emit("MOVK", "sf", 1, "hw", hw(shift), "imm16", imm16, "rd", rd);
    }

    public Assembler movn(int rd, int imm16, int shift) {
        return emit("MOVN", "sf", 1, "hw", hw(shift), "imm16", imm16, "rd", rd);
    }

    /**
     * Loads a 64-bit constant with the shortest MOVZ+MOVK or MOVN+MOVK sequence (one to four
     * words): MOVN when more halfwords are 0xFFFF than 0x0000.
     */
    public Assembler mov(int rd, long imm) {
        int zeros = 0;
        int ones = 0;
        for (int i = 0; i < 4; i++) {
            int h = (int) (imm >>> (16 * i)) & 0xFFFF;
            zeros += h == 0 ? 1 : 0;
            ones += h == 0xFFFF ? 1 : 0;
        }
        boolean inverted = ones > zeros;
        int skip = inverted ? 0xFFFF : 0;
        boolean first = true;
        for (int i = 0; i < 4; i++) {
            int h = (int) (imm >>> (16 * i)) & 0xFFFF;
            if (h == skip) {
                continue;
            }
            if (first) {
                if (inverted) {
                    movn(rd, ~h & 0xFFFF, 16 * i);
                } else {
                    movz(rd, h, 16 * i);
                }
                first = false;
            } else {
                movk(rd, h, 16 * i);
            }
        }
        if (first) { // every halfword was the skipped value: 0 or -1
            return inverted ? movn(rd, 0, 0) : movz(rd, 0, 0);
        }
        return this;
    }

    /** {@code MOV rd, rm} (ORR rd, XZR, rm); neither may be SP, see {@link #movSp}. */
    public Assembler movReg(int rd, int rm) {
        return emit("ORR_r", "sf", 1, "rm", rm, "rn", XZR, "rd", rd);
    }

    /** {@code MOV rd|SP, rn|SP} (ADD rd, rn, #0): the move that can read or write SP. */
    public Assembler movSp(int rd, int rn) {
        return add(rd, rn, 0);
    }

    /** ADD (immediate), rd and rn may be SP; {@code imm} may be negative (becomes SUB). */
    public Assembler add(int rd, int rn, long imm) {
        return addSubImm(imm < 0 ? "SUB_i" : "ADD_i", rd, rn, Math.abs(imm));
    }

    public Assembler sub(int rd, int rn, long imm) {
        return addSubImm(imm < 0 ? "ADD_i" : "SUB_i", rd, rn, Math.abs(imm));
    }

    public Assembler adds(int rd, int rn, long imm) {
        return addSubImm(imm < 0 ? "SUBS_i" : "ADDS_i", rd, rn, Math.abs(imm));
    }

    public Assembler subs(int rd, int rn, long imm) {
        return addSubImm(imm < 0 ? "ADDS_i" : "SUBS_i", rd, rn, Math.abs(imm));
    }

    /** {@code CMP rn, #imm} (SUBS XZR, rn, #imm). */
    public Assembler cmp(int rn, long imm) {
        return subs(XZR, rn, imm);
    }

    private Assembler addSubImm(String pattern, int rd, int rn, long imm) {
        if (imm < 4096) {
            return emit(pattern, "sf", 1, "sh", 0, "imm12", (int) imm, "rn", rn, "rd", rd);
        }
        if ((imm & 0xFFF) == 0 && imm < (1L << 24)) {
            return emit(pattern, "sf", 1, "sh", 1, "imm12", (int) (imm >>> 12), "rn", rn, "rd", rd);
        }
        throw new IllegalArgumentException("immediate " + imm + " is not a 12-bit value, optionally shifted by 12");
    }

    /** ADD (shifted register) with no shift; 31 is XZR. */
    public Assembler addReg(int rd, int rn, int rm) {
        return emit("ADD_r", "sf", 1, "rm", rm, "rn", rn, "rd", rd);
    }

    public Assembler subReg(int rd, int rn, int rm) {
        return emit("SUB_r", "sf", 1, "rm", rm, "rn", rn, "rd", rd);
    }

    public Assembler addsReg(int rd, int rn, int rm) {
        return emit("ADDS_r", "sf", 1, "rm", rm, "rn", rn, "rd", rd);
    }

    public Assembler subsReg(int rd, int rn, int rm) {
        return emit("SUBS_r", "sf", 1, "rm", rm, "rn", rn, "rd", rd);
    }

    // -------------------------------------------------------------------------------------
    // Loads and stores (base register 31 is SP)
    // -------------------------------------------------------------------------------------

    /** LDR Xt, [Xn|SP, #off]: the scaled unsigned-offset form, else LDUR for small or unaligned offsets. */
    public Assembler ldr(int rt, int rn, long off) {
        return loadStore(3, 1, rt, rn, off);
    }

    public Assembler str(int rt, int rn, long off) {
        return loadStore(3, 0, rt, rn, off);
    }

    /** LDR Wt (32-bit, zero-extended). */
    public Assembler ldrw(int rt, int rn, long off) {
        return loadStore(2, 1, rt, rn, off);
    }

    public Assembler strw(int rt, int rn, long off) {
        return loadStore(2, 0, rt, rn, off);
    }

    public Assembler ldrh(int rt, int rn, long off) {
        return loadStore(1, 1, rt, rn, off);
    }

    public Assembler strh(int rt, int rn, long off) {
        return loadStore(1, 0, rt, rn, off);
    }

    public Assembler ldrb(int rt, int rn, long off) {
        return loadStore(0, 1, rt, rn, off);
    }

    public Assembler strb(int rt, int rn, long off) {
        return loadStore(0, 0, rt, rn, off);
    }

    private Assembler loadStore(int size, int opc, int rt, int rn, long off) {
        long scale = 1L << size;
        if (off >= 0 && off % scale == 0 && off / scale < 4096) {
            return emit("LDST_uoff", "size", size, "opc", opc, "imm12", (int) (off / scale), "rn", rn, "rt", rt);
        }
        if (off >= -256 && off < 256) {
            return emit("LDST_unsc", "size", size, "opc", opc, "imm9", (int) off, "rn", rn, "rt", rt);
        }
        throw new IllegalArgumentException("offset " + off + " out of range for a " + scale + "-byte access");
    }

    /** LDR Xt, label (literal). */
    public Assembler ldrLiteral(int rt, Label target) {
        return branchTo("LDR_lit", Kind.IMM19, target, "opc", 1, "rt", rt);
    }

    /** LDP Xt1, Xt2, [Xn|SP, #off] (signed offset, a multiple of 8 in -512..504). */
    public Assembler ldp(int rt, int rt2, int rn, long off) {
        return pair("LDP_off", rt, rt2, rn, off);
    }

    public Assembler stp(int rt, int rt2, int rn, long off) {
        return pair("STP_off", rt, rt2, rn, off);
    }

    /** STP Xt1, Xt2, [Xn|SP, #off]! (pre-index: the push idiom). */
    public Assembler stpPre(int rt, int rt2, int rn, long off) {
        return pair("STP_pre", rt, rt2, rn, off);
    }

    /** LDP Xt1, Xt2, [Xn|SP], #off (post-index: the pop idiom). */
    public Assembler ldpPost(int rt, int rt2, int rn, long off) {
        return pair("LDP_post", rt, rt2, rn, off);
    }

    private Assembler pair(String pattern, int rt, int rt2, int rn, long off) {
        if (off % 8 != 0 || off < -512 || off > 504) {
            throw new IllegalArgumentException("pair offset " + off + " is not a multiple of 8 in -512..504");
        }
        return emit(pattern, "opc", 2, "imm7", (int) (off / 8), "rt2", rt2, "rn", rn, "rt", rt);
    }

    // -------------------------------------------------------------------------------------
    // Branches
    // -------------------------------------------------------------------------------------

    public Assembler b(Label target) {
        return branchTo("B", Kind.IMM26, target);
    }

    public Assembler bl(Label target) {
        return branchTo("BL", Kind.IMM26, target);
    }

    /** B.cond, with a condition code such as {@link #EQ}. */
    public Assembler bCond(int cond, Label target) {
        return branchTo("B_cond", Kind.IMM19, target, "cond", cond);
    }

    public Assembler cbz(int rt, Label target) {
        return branchTo("CBZ", Kind.IMM19, target, "sf", 1, "rt", rt);
    }

    public Assembler cbnz(int rt, Label target) {
        return branchTo("CBNZ", Kind.IMM19, target, "sf", 1, "rt", rt);
    }

    /** TBZ Rt, #bit, label (bit 0-63). */
    public Assembler tbz(int rt, int bit, Label target) {
        return branchTo("TBZ", Kind.IMM14, target, "b5", bit >>> 5, "b40", bit & 31, "rt", rt);
    }

    public Assembler tbnz(int rt, int bit, Label target) {
        return branchTo("TBNZ", Kind.IMM14, target, "b5", bit >>> 5, "b40", bit & 31, "rt", rt);
    }

    /** ADR Xd, label. */
    public Assembler adr(int rd, Label target) {
        return branchTo("ADR", Kind.ADR, target, "rd", rd);
    }

    public Assembler br(int rn) {
        return emit("BR", "rn", rn);
    }

    public Assembler blr(int rn) {
        return emit("BLR", "rn", rn);
    }

    public Assembler ret() {
        return ret(LR);
    }

    public Assembler ret(int rn) {
        return emit("RET", "rn", rn);
    }

    private Assembler branchTo(String pattern, Kind kind, Label target, Object... fields) {
        int w = enc.encode(pattern, fields);
        if (target.isBound()) {
            return word(patch(w, kind, target.index - size));
        }
        fixups.add(new Fixup(size, target, kind));
        return word(w);
    }

    /** Inserts a word offset into the immediate a {@code kind} of instruction holds. */
    private static int patch(int w, Kind kind, int wordOffset) {
        switch (kind) {
            case IMM26 -> {
                check(wordOffset, 26);
                return (w & ~0x03FFFFFF) | (wordOffset & 0x03FFFFFF);
            }
            case IMM19 -> {
                check(wordOffset, 19);
                return (w & ~(0x7FFFF << 5)) | ((wordOffset & 0x7FFFF) << 5);
            }
            case IMM14 -> {
                check(wordOffset, 14);
                return (w & ~(0x3FFF << 5)) | ((wordOffset & 0x3FFF) << 5);
            }
            default -> { // ADR: a byte offset, immhi:immlo
                int bytes = wordOffset * 4;
                check(bytes, 21);
                return (w & ~(0x3 << 29 | 0x7FFFF << 5)) | (bytes & 3) << 29 | ((bytes >> 2) & 0x7FFFF) << 5;
            }
        }
    }

    private static void check(int value, int bits) {
        if (value < -(1 << (bits - 1)) || value >= (1 << (bits - 1))) {
            throw new IllegalArgumentException("branch offset " + value + " does not fit in " + bits + " bits");
        }
    }

    // -------------------------------------------------------------------------------------
    // Exceptions and system
    // -------------------------------------------------------------------------------------

    public Assembler svc(int imm16) {
        return emit("SVC", "imm16", imm16);
    }

    public Assembler hvc(int imm16) {
        return emit("HVC", "imm16", imm16);
    }

    public Assembler smc(int imm16) {
        return emit("SMC", "imm16", imm16);
    }

    public Assembler brk(int imm16) {
        return emit("BRK", "imm16", imm16);
    }

    /** MSR (register) to the system register {@code sysreg} (see {@link #sysreg}). */
    public Assembler msr(int sysreg, int rt) {
        return emit("MSR_r", sysregFields(sysreg, "rt", rt));
    }

    /** MRS from the system register {@code sysreg} (see {@link #sysreg}). */
    public Assembler mrs(int rt, int sysreg) {
        return emit("MRS", sysregFields(sysreg, "rt", rt));
    }

    private static Object[] sysregFields(int sysreg, String rtName, int rt) {
        int op0 = sysreg >>> 14;
        if (op0 < 2 || op0 > 3) {
            throw new IllegalArgumentException("op0 must be 2 or 3 for MRS/MSR, not " + op0);
        }
        return new Object[] {"o0", op0 - 2, "op1", (sysreg >>> 11) & 7, "crn", (sysreg >>> 7) & 15,
            "crm", (sysreg >>> 3) & 15, "op2", sysreg & 7, rtName, rt};
    }

    public Assembler nop() {
        return emit("HINT", "crm", 0, "op2", 0);
    }

    /** ISB SY. */
    public Assembler isb() {
        return emit("ISB", "crm", 15);
    }

    /** DSB SY. */
    public Assembler dsb() {
        return emit("DSB", "crm", 15);
    }

    /** DMB ISH. */
    public Assembler dmb() {
        return emit("DMB", "crm", 11);
    }

    private static int hw(int shift) {
        if (shift % 16 != 0 || shift < 0 || shift > 48) {
            throw new IllegalArgumentException("MOVZ/MOVK/MOVN shift must be 0, 16, 32 or 48, not " + shift);
        }
        return shift / 16;
    }
}
