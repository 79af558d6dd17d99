package dev.hvlab.core.isa;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.Op;
import dev.hvlab.core.decode.Insn;

/**
 * ARM ARM C4.1.88 "Load/store exclusive" (ARMv8.0 forms): LDXR/LDAXR, STXR/STLXR, LDXP/LDAXP,
 * STXP/STLXP, LDAR and STLR. Acquire/release ordering needs no work in an emulator that performs
 * each CPU's accesses in program order, so the acquire/release variants share the plain ops.
 *
 * <p>The local exclusive monitor ({@code AArch64.SetExclusiveMonitors},
 * {@code AArch64.ExclusiveMonitorsPass}) lives in {@link Cpu#exclusiveOpen},
 * {@link Cpu#exclusiveAddress} and {@link Cpu#exclusiveSize}. hvlab's IMPLEMENTATION DEFINED
 * choice: the monitor marks exactly the bytes the load-exclusive read (virtual address and size),
 * and a store-exclusive passes only for the same address and size. A store-exclusive to another
 * address in the same reservation granule, or of another size, is CONSTRAINED UNPREDICTABLE in the
 * architecture; it fails here (as in qemu, which compares the address). A store-exclusive always
 * clears the monitor, whether it passes or not. Only the local monitor is modelled: whoever
 * schedules several CPUs must clear a CPU's monitor when another CPU may have written memory in
 * between (clearing is always allowed; a spurious failure just makes software retry).
 *
 * <p>All of them require natural alignment (a pair: the size of both registers together), else
 * an alignment fault, checked before the monitor and before any translation, as
 * {@code AArch64.CheckAlignment} does.
 *
 * <p>CONSTRAINED UNPREDICTABLE choices, as qemu-aarch64 7.2 behaves: LDXP with Rt == Rt2 leaves the
 * second (higher-address) value in the register; STXR/STXP with Rs equal to Rt, Rt2 or Rn store
 * the register values from before the status is written, at the address from before. The
 * "should be one" Rs/Rt2 fields of the forms that do not use them are ignored.
 */
final class LoadStoreExclusive {
    private static final long W_MASK = 0xFFFFFFFFL;

    private LoadStoreExclusive() {
    }

    static void bind(Bindings b) {
        b.bind("LDXR", LoadStoreExclusive::loadExclusive);
        b.bind("LDAXR", LoadStoreExclusive::loadExclusive);
        b.bind("STXR", LoadStoreExclusive::storeExclusive);
        b.bind("STLXR", LoadStoreExclusive::storeExclusive);
        b.bind("LDXP", LoadStoreExclusive::loadExclusivePair);
        b.bind("LDAXP", LoadStoreExclusive::loadExclusivePair);
        b.bind("STXP", LoadStoreExclusive::storeExclusivePair);
        b.bind("STLXP", LoadStoreExclusive::storeExclusivePair);
        b.bind("LDAR", i -> new LoadAcquire(Reg.zrDest(i.f("rt")), Reg.sp(i.f("rn")), 1 << i.f("size")));
        b.bind("STLR", i -> new StoreRelease(Reg.zr(i.f("rt")), Reg.sp(i.f("rn")), 1 << i.f("size")));
    }

    /** LDXR/LDAXR: the high half goes to the sink, the whole value to Rt. */
    private static Op loadExclusive(Insn i) {
        return new LoadExclusive(Reg.zrDest(i.f("rt")), Cpu.ZR_SINK, Reg.sp(i.f("rn")), 1 << i.f("size"), -1L);
    }

    /** STXR/STLXR: the high half comes from XZR, the whole value from Rt. */
    private static Op storeExclusive(Insn i) {
        return new StoreExclusive(Reg.zrDest(i.f("rs")), Reg.zr(i.f("rt")), Cpu.ZR, Reg.sp(i.f("rn")),
                1 << i.f("size"), -1L);
    }

    private static Op loadExclusivePair(Insn i) {
        int t = Reg.zrDest(i.f("rt"));
        int t2 = Reg.zrDest(i.f("rt2"));
        int n = Reg.sp(i.f("rn"));
        return i.f("sz") == 1 ? new LoadExclusivePair64(t, t2, n) : new LoadExclusive(t, t2, n, 8, W_MASK);
    }

    private static Op storeExclusivePair(Insn i) {
        int s = Reg.zrDest(i.f("rs"));
        int t = Reg.zr(i.f("rt"));
        int t2 = Reg.zr(i.f("rt2"));
        int n = Reg.sp(i.f("rn"));
        return i.f("sz") == 1 ? new StoreExclusivePair64(s, t, t2, n) : new StoreExclusive(s, t, t2, n, 8, W_MASK);
    }

    /** {@code AArch64.CheckAlignment} for accesses that must be naturally aligned. */
    static void checkAlignment(Cpu cpu, long address, int bytes, boolean write, long pc) {
        if ((address & (bytes - 1)) != 0) {
            throw DataAbort.alignmentFault(cpu, address, write, pc);
        }
    }

    /** {@code AArch64.SetExclusiveMonitors}. */
    static void setExclusiveMonitors(Cpu cpu, long address, int bytes) {
        cpu.exclusiveAddress = address;
        cpu.exclusiveSize = bytes;
        cpu.exclusiveOpen = true;
    }

    /** {@code AArch64.ExclusiveMonitorsPass}: checks the local monitor and clears it. */
    static boolean exclusiveMonitorsPass(Cpu cpu, long address, int bytes) {
        boolean pass = cpu.exclusiveOpen && cpu.exclusiveAddress == address && cpu.exclusiveSize == bytes;
        cpu.exclusiveOpen = false;
        return pass;
    }

    /**
     * LDXR/LDAXR of any size, and LDXP/LDAXP of two W registers as one 8-byte access: Rt gets the
     * value masked by {@code low}, Rt2 the high word (for LDXR Rt2 is the sink). Rt2 is written
     * last.
     */
    static final class LoadExclusive extends Op {
        final int t;
        final int t2;
        final int n;
        final int bytes;
        final long low;

        LoadExclusive(int t, int t2, int n, int bytes, long low) {
            this.t = t;
            this.t2 = t2;
            this.n = n;
            this.bytes = bytes;
            this.low = low;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            long a = x[n];
            checkAlignment(cpu, a, bytes, false, pc);
            long v = cpu.read(a, bytes);
            setExclusiveMonitors(cpu, a, bytes);
            x[t] = v & low;
            x[t2] = v >>> 32;
            return pc + 4;
        }
    }

    /**
     * STXR/STLXR of any size, and STXP/STLXP of two W registers as one 8-byte access: the value is
     * Rt masked by {@code low}, with Rt2 in the high word (for STXR Rt2 is XZR).
     */
    static final class StoreExclusive extends Op {
        final int s;
        final int t;
        final int t2;
        final int n;
        final int bytes;
        final long low;

        StoreExclusive(int s, int t, int t2, int n, int bytes, long low) {
            this.s = s;
            this.t = t;
            this.t2 = t2;
            this.n = n;
            this.bytes = bytes;
            this.low = low;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            long a = x[n];
            long v = (x[t] & low) | (x[t2] << 32);
            checkAlignment(cpu, a, bytes, true, pc);
            if (exclusiveMonitorsPass(cpu, a, bytes)) {
                cpu.write(a, v, bytes);
                x[s] = 0;
            } else {
                x[s] = 1;
            }
            return pc + 4;
        }
    }

    static final class LoadExclusivePair64 extends Op {
        final int t;
        final int t2;
        final int n;

        LoadExclusivePair64(int t, int t2, int n) {
            this.t = t;
            this.t2 = t2;
            this.n = n;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            long a = x[n];
            checkAlignment(cpu, a, 16, false, pc);
            long v1 = cpu.read64(a);
            long v2 = cpu.read64(a + 8);
            setExclusiveMonitors(cpu, a, 16);
            x[t] = v1;
            x[t2] = v2;
            return pc + 4;
        }
    }

    static final class StoreExclusivePair64 extends Op {
        final int s;
        final int t;
        final int t2;
        final int n;

        StoreExclusivePair64(int s, int t, int t2, int n) {
            this.s = s;
            this.t = t;
            this.t2 = t2;
            this.n = n;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            long a = x[n];
            long v1 = x[t];
            long v2 = x[t2];
            checkAlignment(cpu, a, 16, true, pc);
            if (exclusiveMonitorsPass(cpu, a, 16)) {
                cpu.write64(a, v1);
                cpu.write64(a + 8, v2);
                x[s] = 0;
            } else {
                x[s] = 1;
            }
            return pc + 4;
        }
    }

    /** LDAR: a plain load that must be naturally aligned. */
    static final class LoadAcquire extends Op {
        final int t;
        final int n;
        final int bytes;

        LoadAcquire(int t, int n, int bytes) {
            this.t = t;
            this.n = n;
            this.bytes = bytes;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            long a = x[n];
            checkAlignment(cpu, a, bytes, false, pc);
            x[t] = cpu.read(a, bytes);
            return pc + 4;
        }
    }

    /** STLR: a plain store that must be naturally aligned. */
    static final class StoreRelease extends Op {
        final int t;
        final int n;
        final int bytes;

        StoreRelease(int t, int n, int bytes) {
            this.t = t;
            this.n = n;
            this.bytes = bytes;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            long a = x[n];
            checkAlignment(cpu, a, bytes, true, pc);
            cpu.write(a, x[t], bytes);
            return pc + 4;
        }
    }
}
