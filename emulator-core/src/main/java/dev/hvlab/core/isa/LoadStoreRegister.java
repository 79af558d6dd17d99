package dev.hvlab.core.isa;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.Op;
import dev.hvlab.core.decode.Insn;

/**
 * ARM ARM C4.1.88 "Load/store register" sub-groups: unscaled immediate (STUR/LDUR/PRFUM),
 * immediate post-indexed, unprivileged (STTR/LDTR), immediate pre-indexed, register offset and
 * unsigned immediate. Pseudocode: the shared decode/execute of "LDR (immediate)", "LDR (register)"
 * and their byte, halfword and signed siblings.
 *
 * <p>size:opc selects the access: opc=00 store, 01 load zero-extended, 10 load signed to X
 * (LDRSW at size=10, PRFM at size=11), 11 load signed to W (unallocated at size=1x). Ops are
 * specialised at decode time by access width and addressing form; the extension of a load is a
 * pair of constants (sign shift, result mask) so that one class serves LDRB, LDRSB (W) and
 * LDRSB (X) without a branch.
 *
 * <p>Unprivileged forms (LDTR/STTR...) go through {@link Cpu#readUnprivileged}/{@link
 * Cpu#writeUnprivileged}: at EL1 they are checked against EL0 permissions; at EL0, EL2 and EL3
 * they behave as the plain forms (ARMv8.0, no HCR_EL2.E2H).
 *
 * <p>CONSTRAINED UNPREDICTABLE choices, as qemu-aarch64 7.2 behaves (checked by experiment and by
 * the oracle test): a load with writeback whose Rt is its base register leaves the written-back
 * address in the register (the loaded value is lost); a store with writeback whose Rt is its base
 * register stores the register's value from before the writeback.
 *
 * <p>Base register 31 is SP; {@link A64} wraps such instructions in {@link SpAlignmentCheck}.
 */
final class LoadStoreRegister {
    private static final long W_MASK = 0xFFFFFFFFL;

    private LoadStoreRegister() {
    }

    static void bind(Bindings b) {
        b.bind("LDST_uoff", i -> immediate(i, (long) i.f("imm12") << i.f("size"), true));
        b.bind("LDST_unsc", i -> immediate(i, i.sf("imm9"), true));
        b.bind("LDST_unpriv", LoadStoreRegister::unprivileged);
        b.bind("LDST_pre", i -> writeback(i, i.sf("imm9"), 0));
        b.bind("LDST_post", i -> writeback(i, 0, i.sf("imm9")));
        b.bind("LDST_roff", LoadStoreRegister::registerOffset);
    }

    /** size:opc as one number, 0..15. */
    private static int kind(Insn i) {
        return i.f("size") << 2 | i.f("opc");
    }

    /** size=10 opc=11 and size=11 opc=11 are unallocated; size=11 opc=10 is PRFM. */
    private static boolean unallocated(int kind) {
        return kind == 0b1011 || kind == 0b1111;
    }

    private static boolean isPrefetch(int kind) {
        return kind == 0b1110;
    }

    private static boolean isStore(int kind) {
        return (kind & 3) == 0;
    }

    /** Left-then-arithmetic-right shift that sign-extends a loaded value of this kind (0: none). */
    private static int signShift(int kind) {
        int size = kind >>> 2;
        return (kind & 2) != 0 && size < 2 ? 64 - (8 << size) : 0;
    }

    /** Result mask: a W destination keeps 32 bits; LDR W masks the (sign-carrying) int read32 returns. */
    private static long resultMask(int kind) {
        return (kind & 3) == 3 || kind == 0b1001 ? W_MASK : -1L;
    }

    private static Op immediate(Insn i, long imm, boolean prefetchAllowed) {
        int kind = kind(i);
        if (unallocated(kind)) {
            return null;
        }
        if (isPrefetch(kind)) {
            return prefetchAllowed ? Prefetch.INSTANCE : null;
        }
        int n = Reg.sp(i.f("rn"));
        int rt = i.f("rt");
        int size = kind >>> 2;
        if (isStore(kind)) {
            int t = Reg.zr(rt);
            return switch (size) {
                case 0 -> new StoreImm8(t, n, imm);
                case 1 -> new StoreImm16(t, n, imm);
                case 2 -> new StoreImm32(t, n, imm);
                default -> new StoreImm64(t, n, imm);
            };
        }
        int t = Reg.zrDest(rt);
        int sh = signShift(kind);
        long mask = resultMask(kind);
        return switch (size) {
            case 0 -> new LoadImm8(t, n, imm, sh, mask);
            case 1 -> new LoadImm16(t, n, imm, sh, mask);
            case 2 -> new LoadImm32(t, n, imm, sh, mask);
            default -> new LoadImm64(t, n, imm, sh, mask);
        };
    }

    /** LDTR/STTR and their sized and sign-extending forms: unscaled imm9, no writeback, no prefetch. */
    private static Op unprivileged(Insn i) {
        int kind = kind(i);
        if (unallocated(kind) || isPrefetch(kind)) {
            return null;
        }
        int n = Reg.sp(i.f("rn"));
        int size = 1 << (kind >>> 2);
        long imm = i.sf("imm9");
        if (isStore(kind)) {
            return new StoreUnprivileged(Reg.zr(i.f("rt")), n, imm, size);
        }
        // Cpu.read zero-extends every size, so LDTRSW sign-extends here too (unlike LDRSW's read32).
        int sh = (kind & 2) != 0 && size < 8 ? 64 - 8 * size : 0;
        return new LoadUnprivileged(Reg.zrDest(i.f("rt")), n, imm, size, sh, resultMask(kind));
    }

    static final class LoadUnprivileged extends Imm {
        private final int size;

        LoadUnprivileged(int t, int n, long imm, int size, int sh, long mask) {
            super(t, n, imm, sh, mask);
            this.size = size;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            long v = cpu.readUnprivileged(x[n] + imm, size);
            x[t] = (v << sh >> sh) & mask;
            return pc + 4;
        }
    }

    static final class StoreUnprivileged extends Op {
        private final int t;
        private final int n;
        private final long imm;
        private final int size;

        StoreUnprivileged(int t, int n, long imm, int size) {
            this.t = t;
            this.n = n;
            this.imm = imm;
            this.size = size;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            cpu.writeUnprivileged(x[n] + imm, x[t], size);
            return pc + 4;
        }
    }

    /** Pre-index adds {@code pre} before the access, post-index adds {@code post} after it. */
    private static Op writeback(Insn i, long pre, long post) {
        int kind = kind(i);
        if (unallocated(kind) || isPrefetch(kind)) {
            return null;
        }
        int n = Reg.sp(i.f("rn"));
        int rt = i.f("rt");
        int size = kind >>> 2;
        if (isStore(kind)) {
            int t = Reg.zr(rt);
            return switch (size) {
                case 0 -> new StoreWb8(t, n, pre, post);
                case 1 -> new StoreWb16(t, n, pre, post);
                case 2 -> new StoreWb32(t, n, pre, post);
                default -> new StoreWb64(t, n, pre, post);
            };
        }
        int t = Reg.zrDest(rt);
        int sh = signShift(kind);
        long mask = resultMask(kind);
        return switch (size) {
            case 0 -> new LoadWb8(t, n, pre, post, sh, mask);
            case 1 -> new LoadWb16(t, n, pre, post, sh, mask);
            case 2 -> new LoadWb32(t, n, pre, post, sh, mask);
            default -> new LoadWb64(t, n, pre, post, sh, mask);
        };
    }

    /**
     * Register offset: {@code ExtendReg(m, option, S ? size : 0)}. option&lt;1&gt;=0 is unallocated.
     * UXTW, SXTW and LSL/SXTX become two constants: shift left then arithmetic right by 32 (or 0),
     * then mask to 32 bits (UXTW) or not.
     */
    private static Op registerOffset(Insn i) {
        int kind = kind(i);
        int option = i.f("option");
        if (unallocated(kind) || (option & 2) == 0) {
            return null;
        }
        if (isPrefetch(kind)) {
            return Prefetch.INSTANCE;
        }
        int size = kind >>> 2;
        int n = Reg.sp(i.f("rn"));
        int m = Reg.zr(i.f("rm"));
        int extShift = (option & 1) == 0 ? 32 : 0; // UXTW, SXTW extend a W register
        long extMask = option == 0b010 ? W_MASK : -1L;
        int scale = i.f("S") == 1 ? size : 0;
        int rt = i.f("rt");
        if (isStore(kind)) {
            int t = Reg.zr(rt);
            return switch (size) {
                case 0 -> new StoreReg8(t, n, m, extShift, extMask, scale);
                case 1 -> new StoreReg16(t, n, m, extShift, extMask, scale);
                case 2 -> new StoreReg32(t, n, m, extShift, extMask, scale);
                default -> new StoreReg64(t, n, m, extShift, extMask, scale);
            };
        }
        int t = Reg.zrDest(rt);
        int sh = signShift(kind);
        long mask = resultMask(kind);
        return switch (size) {
            case 0 -> new LoadReg8(t, n, m, extShift, extMask, scale, sh, mask);
            case 1 -> new LoadReg16(t, n, m, extShift, extMask, scale, sh, mask);
            case 2 -> new LoadReg32(t, n, m, extShift, extMask, scale, sh, mask);
            default -> new LoadReg64(t, n, m, extShift, extMask, scale, sh, mask);
        };
    }

    // ---------------------------------------------------------------------------------------
    // Immediate offset, no writeback (LDR/STR unsigned offset, LDUR/STUR, LDTR/STTR)
    // ---------------------------------------------------------------------------------------

    abstract static class Imm extends Op {
        final int t;
        final int n;
        final long imm;
        final int sh;
        final long mask;

        Imm(int t, int n, long imm, int sh, long mask) {
            this.t = t;
            this.n = n;
            this.imm = imm;
            this.sh = sh;
            this.mask = mask;
        }
    }

    static final class LoadImm8 extends Imm {
        LoadImm8(int t, int n, long imm, int sh, long mask) {
            super(t, n, imm, sh, mask);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            long v = cpu.read8(x[n] + imm);
            x[t] = (v << sh >> sh) & mask;
            return pc + 4;
        }
    }

    static final class LoadImm16 extends Imm {
        LoadImm16(int t, int n, long imm, int sh, long mask) {
            super(t, n, imm, sh, mask);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            long v = cpu.read16(x[n] + imm);
            x[t] = (v << sh >> sh) & mask;
            return pc + 4;
        }
    }

    static final class LoadImm32 extends Imm {
        LoadImm32(int t, int n, long imm, int sh, long mask) {
            super(t, n, imm, sh, mask);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            x[t] = cpu.read32(x[n] + imm) & mask;
            return pc + 4;
        }
    }

    static final class LoadImm64 extends Imm {
        LoadImm64(int t, int n, long imm, int sh, long mask) {
            super(t, n, imm, sh, mask);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            x[t] = cpu.read64(x[n] + imm);
            return pc + 4;
        }
    }

    static final class StoreImm8 extends Imm {
        StoreImm8(int t, int n, long imm) {
            super(t, n, imm, 0, 0);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            cpu.write8(x[n] + imm, (int) x[t]);
            return pc + 4;
        }
    }

    static final class StoreImm16 extends Imm {
        StoreImm16(int t, int n, long imm) {
            super(t, n, imm, 0, 0);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            cpu.write16(x[n] + imm, (int) x[t]);
            return pc + 4;
        }
    }

    static final class StoreImm32 extends Imm {
        StoreImm32(int t, int n, long imm) {
            super(t, n, imm, 0, 0);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            cpu.write32(x[n] + imm, (int) x[t]);
            return pc + 4;
        }
    }

    static final class StoreImm64 extends Imm {
        StoreImm64(int t, int n, long imm) {
            super(t, n, imm, 0, 0);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            cpu.write64(x[n] + imm, x[t]);
            return pc + 4;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Pre- and post-indexed: address = Xn + pre, then Xn = address + post. Registers are written
    // only after the access succeeded, the loaded register before the base (see class comment).
    // ---------------------------------------------------------------------------------------

    abstract static class Wb extends Op {
        final int t;
        final int n;
        final long pre;
        final long post;
        final int sh;
        final long mask;

        Wb(int t, int n, long pre, long post, int sh, long mask) {
            this.t = t;
            this.n = n;
            this.pre = pre;
            this.post = post;
            this.sh = sh;
            this.mask = mask;
        }
    }

    static final class LoadWb8 extends Wb {
        LoadWb8(int t, int n, long pre, long post, int sh, long mask) {
            super(t, n, pre, post, sh, mask);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            long a = x[n] + pre;
            long v = cpu.read8(a);
            x[t] = (v << sh >> sh) & mask;
            x[n] = a + post;
            return pc + 4;
        }
    }

    static final class LoadWb16 extends Wb {
        LoadWb16(int t, int n, long pre, long post, int sh, long mask) {
            super(t, n, pre, post, sh, mask);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            long a = x[n] + pre;
            long v = cpu.read16(a);
            x[t] = (v << sh >> sh) & mask;
            x[n] = a + post;
            return pc + 4;
        }
    }

    static final class LoadWb32 extends Wb {
        LoadWb32(int t, int n, long pre, long post, int sh, long mask) {
            super(t, n, pre, post, sh, mask);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            long a = x[n] + pre;
            x[t] = cpu.read32(a) & mask;
            x[n] = a + post;
            return pc + 4;
        }
    }

    static final class LoadWb64 extends Wb {
        LoadWb64(int t, int n, long pre, long post, int sh, long mask) {
            super(t, n, pre, post, sh, mask);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            long a = x[n] + pre;
            x[t] = cpu.read64(a);
            x[n] = a + post;
            return pc + 4;
        }
    }

    static final class StoreWb8 extends Wb {
        StoreWb8(int t, int n, long pre, long post) {
            super(t, n, pre, post, 0, 0);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            long a = x[n] + pre;
            cpu.write8(a, (int) x[t]);
            x[n] = a + post;
            return pc + 4;
        }
    }

    static final class StoreWb16 extends Wb {
        StoreWb16(int t, int n, long pre, long post) {
            super(t, n, pre, post, 0, 0);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            long a = x[n] + pre;
            cpu.write16(a, (int) x[t]);
            x[n] = a + post;
            return pc + 4;
        }
    }

    static final class StoreWb32 extends Wb {
        StoreWb32(int t, int n, long pre, long post) {
            super(t, n, pre, post, 0, 0);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            long a = x[n] + pre;
            cpu.write32(a, (int) x[t]);
            x[n] = a + post;
            return pc + 4;
        }
    }

    static final class StoreWb64 extends Wb {
        StoreWb64(int t, int n, long pre, long post) {
            super(t, n, pre, post, 0, 0);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            long a = x[n] + pre;
            cpu.write64(a, x[t]);
            x[n] = a + post;
            return pc + 4;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Register offset: address = Xn + (ExtendReg(Xm, option) << scale)
    // ---------------------------------------------------------------------------------------

    abstract static class RegOffset extends Op {
        final int t;
        final int n;
        final int m;
        final int extShift;
        final long extMask;
        final int scale;
        final int sh;
        final long mask;

        RegOffset(int t, int n, int m, int extShift, long extMask, int scale, int sh, long mask) {
            this.t = t;
            this.n = n;
            this.m = m;
            this.extShift = extShift;
            this.extMask = extMask;
            this.scale = scale;
            this.sh = sh;
            this.mask = mask;
        }

        final long address(long[] x) {
            return x[n] + (((x[m] << extShift >> extShift) & extMask) << scale);
        }
    }

    static final class LoadReg8 extends RegOffset {
        LoadReg8(int t, int n, int m, int extShift, long extMask, int scale, int sh, long mask) {
            super(t, n, m, extShift, extMask, scale, sh, mask);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            long v = cpu.read8(address(x));
            x[t] = (v << sh >> sh) & mask;
            return pc + 4;
        }
    }

    static final class LoadReg16 extends RegOffset {
        LoadReg16(int t, int n, int m, int extShift, long extMask, int scale, int sh, long mask) {
            super(t, n, m, extShift, extMask, scale, sh, mask);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            long v = cpu.read16(address(x));
            x[t] = (v << sh >> sh) & mask;
            return pc + 4;
        }
    }

    static final class LoadReg32 extends RegOffset {
        LoadReg32(int t, int n, int m, int extShift, long extMask, int scale, int sh, long mask) {
            super(t, n, m, extShift, extMask, scale, sh, mask);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            x[t] = cpu.read32(address(x)) & mask;
            return pc + 4;
        }
    }

    static final class LoadReg64 extends RegOffset {
        LoadReg64(int t, int n, int m, int extShift, long extMask, int scale, int sh, long mask) {
            super(t, n, m, extShift, extMask, scale, sh, mask);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            x[t] = cpu.read64(address(x));
            return pc + 4;
        }
    }

    static final class StoreReg8 extends RegOffset {
        StoreReg8(int t, int n, int m, int extShift, long extMask, int scale) {
            super(t, n, m, extShift, extMask, scale, 0, 0);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            cpu.write8(address(x), (int) x[t]);
            return pc + 4;
        }
    }

    static final class StoreReg16 extends RegOffset {
        StoreReg16(int t, int n, int m, int extShift, long extMask, int scale) {
            super(t, n, m, extShift, extMask, scale, 0, 0);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            cpu.write16(address(x), (int) x[t]);
            return pc + 4;
        }
    }

    static final class StoreReg32 extends RegOffset {
        StoreReg32(int t, int n, int m, int extShift, long extMask, int scale) {
            super(t, n, m, extShift, extMask, scale, 0, 0);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            cpu.write32(address(x), (int) x[t]);
            return pc + 4;
        }
    }

    static final class StoreReg64 extends RegOffset {
        StoreReg64(int t, int n, int m, int extShift, long extMask, int scale) {
            super(t, n, m, extShift, extMask, scale, 0, 0);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            cpu.write64(address(x), x[t]);
            return pc + 4;
        }
    }
}
