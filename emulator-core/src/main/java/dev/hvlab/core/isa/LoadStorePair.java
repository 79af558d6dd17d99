package dev.hvlab.core.isa;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.Op;
import dev.hvlab.core.decode.Insn;

/**
 * ARM ARM C4.1.88 "Load/store register pair" and "Load/store no-allocate pair (offset)": STP, LDP,
 * LDPSW (post-index, pre-index, signed offset) and STNP/LDNP (offset; the non-temporal hint has
 * nothing to act on here). Pseudocode: the shared decode of "LDP" / "STP" / "LDPSW".
 *
 * <p>opc=00 transfers two W registers, 10 two X registers, 01 is LDPSW (loads only, not LDNP);
 * opc=11 and opc=01 for stores or LDNP are unallocated. The 7-bit immediate is scaled by the
 * register size at decode time.
 *
 * <p>A 32-bit pair is one 64-bit access (little-endian: Rt is the low half). Registers are written
 * only after every access succeeded, so a fault on the second word leaves them unchanged.
 *
 * <p>CONSTRAINED UNPREDICTABLE choices, as qemu-aarch64 7.2 behaves (checked by experiment and by
 * the oracle test): LDP/LDNP/LDPSW with Rt == Rt2 leave the first (lower-address) value in the
 * register; a load with writeback whose Rt or Rt2 is the base leaves the written-back address in
 * it; a store with writeback whose Rt or Rt2 is the base stores the value from before writeback.
 */
final class LoadStorePair {
    private static final long W_MASK = 0xFFFFFFFFL;

    private LoadStorePair() {
    }

    static void bind(Bindings b) {
        b.bind("STNP", i -> pair(i, false, false, false));
        b.bind("LDNP", i -> pair(i, true, false, false));
        b.bind("STP_off", i -> pair(i, false, true, false));
        b.bind("LDP_off", i -> pair(i, true, true, false));
        b.bind("STP_pre", i -> pair(i, false, true, true));
        b.bind("LDP_pre", i -> pair(i, true, true, true));
        b.bind("STP_post", LoadStorePair::post);
        b.bind("LDP_post", LoadStorePair::post);
    }

    private static Op post(Insn i) {
        boolean load = i.name().startsWith("LD");
        return make(i, load, true, 0, offset(i), true);
    }

    /** Signed-offset and pre-index forms: the offset is added before the access. */
    private static Op pair(Insn i, boolean load, boolean signedAllowed, boolean writeback) {
        return make(i, load, signedAllowed, offset(i), 0, writeback);
    }

    private static long offset(Insn i) {
        return i.sf("imm7") << (2 + (i.f("opc") >>> 1));
    }

    /**
     * @param signedAllowed whether opc=01 means LDPSW (false for the no-allocate pair)
     * @param pre           added to the base to form the address
     * @param post          added to the address to form the written-back base
     * @param writeback     pre- or post-index: the base is updated
     */
    private static Op make(Insn i, boolean load, boolean signedAllowed, long pre, long post, boolean writeback) {
        int opc = i.f("opc");
        if (opc == 3 || (opc == 1 && (!load || !signedAllowed))) {
            return null;
        }
        boolean wide = opc == 2;
        int n = Reg.sp(i.f("rn"));
        if (!load) {
            int t = Reg.zr(i.f("rt"));
            int t2 = Reg.zr(i.f("rt2"));
            if (writeback) {
                return wide ? new StorePair64Wb(t, t2, n, pre, post) : new StorePair32Wb(t, t2, n, pre, post);
            }
            return wide ? new StorePair64(t, t2, n, pre) : new StorePair32(t, t2, n, pre);
        }
        int t = Reg.zrDest(i.f("rt"));
        int t2 = Reg.zrDest(i.f("rt2"));
        long mask = opc == 1 ? -1L : W_MASK;
        if (writeback) {
            return wide ? new LoadPair64Wb(t, t2, n, pre, post) : new LoadPair32Wb(t, t2, n, pre, post, mask);
        }
        return wide ? new LoadPair64(t, t2, n, pre) : new LoadPair32(t, t2, n, pre, mask);
    }

    abstract static class PairOp extends Op {
        final int t;
        final int t2;
        final int n;
        final long pre;
        final long post;
        /** For 32-bit loads: W_MASK (LDP) or all ones (LDPSW). */
        final long mask;

        PairOp(int t, int t2, int n, long pre, long post, long mask) {
            this.t = t;
            this.t2 = t2;
            this.n = n;
            this.pre = pre;
            this.post = post;
            this.mask = mask;
        }
    }

    static final class LoadPair32 extends PairOp {
        LoadPair32(int t, int t2, int n, long imm, long mask) {
            super(t, t2, n, imm, 0, mask);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            long v = cpu.read64(x[n] + pre);
            x[t2] = (v >> 32) & mask;
            x[t] = (v << 32 >> 32) & mask;
            return pc + 4;
        }
    }

    static final class LoadPair64 extends PairOp {
        LoadPair64(int t, int t2, int n, long imm) {
            super(t, t2, n, imm, 0, 0);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            long a = x[n] + pre;
            long v1 = cpu.read64(a);
            long v2 = cpu.read64(a + 8);
            x[t2] = v2;
            x[t] = v1;
            return pc + 4;
        }
    }

    static final class StorePair32 extends PairOp {
        StorePair32(int t, int t2, int n, long imm) {
            super(t, t2, n, imm, 0, 0);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            cpu.write64(x[n] + pre, (x[t] & W_MASK) | (x[t2] << 32));
            return pc + 4;
        }
    }

    static final class StorePair64 extends PairOp {
        StorePair64(int t, int t2, int n, long imm) {
            super(t, t2, n, imm, 0, 0);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            long a = x[n] + pre;
            long v2 = x[t2];
            cpu.write64(a, x[t]);
            cpu.write64(a + 8, v2);
            return pc + 4;
        }
    }

    static final class LoadPair32Wb extends PairOp {
        LoadPair32Wb(int t, int t2, int n, long pre, long post, long mask) {
            super(t, t2, n, pre, post, mask);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            long a = x[n] + pre;
            long v = cpu.read64(a);
            x[t2] = (v >> 32) & mask;
            x[t] = (v << 32 >> 32) & mask;
            x[n] = a + post;
            return pc + 4;
        }
    }

    static final class LoadPair64Wb extends PairOp {
        LoadPair64Wb(int t, int t2, int n, long pre, long post) {
            super(t, t2, n, pre, post, 0);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            long a = x[n] + pre;
            long v1 = cpu.read64(a);
            long v2 = cpu.read64(a + 8);
            x[t2] = v2;
            x[t] = v1;
            x[n] = a + post;
            return pc + 4;
        }
    }

    static final class StorePair32Wb extends PairOp {
        StorePair32Wb(int t, int t2, int n, long pre, long post) {
            super(t, t2, n, pre, post, 0);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            long a = x[n] + pre;
            cpu.write64(a, (x[t] & W_MASK) | (x[t2] << 32));
            x[n] = a + post;
            return pc + 4;
        }
    }

    static final class StorePair64Wb extends PairOp {
        StorePair64Wb(int t, int t2, int n, long pre, long post) {
            super(t, t2, n, pre, post, 0);
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            long a = x[n] + pre;
            long v1 = x[t];
            long v2 = x[t2];
            cpu.write64(a, v1);
            cpu.write64(a + 8, v2);
            x[n] = a + post;
            return pc + 4;
        }
    }
}
