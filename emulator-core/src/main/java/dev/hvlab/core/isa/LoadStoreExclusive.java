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

    private static Op loadExclusive(Insn i) {
        return new LoadExclusive(Reg.zrDest(i.f("rt")), Reg.sp(i.f("rn")), 1 << i.f("size"));
    }

    private static Op storeExclusive(Insn i) {
        return new StoreExclusive(Reg.zrDest(i.f("rs")), Reg.zr(i.f("rt")), Reg.sp(i.f("rn")), 1 << i.f("size"));
    }

    private static Op loadExclusivePair(Insn i) {
        int t = Reg.zrDest(i.f("rt"));
        int t2 = Reg.zrDest(i.f("rt2"));
        int n = Reg.sp(i.f("rn"));
        return i.f("sz") == 1 ? new LoadExclusivePair64(t, t2, n) : new LoadExclusivePair32(t, t2, n);
    }

    private static Op storeExclusivePair(Insn i) {
        int s = Reg.zrDest(i.f("rs"));
        int t = Reg.zr(i.f("rt"));
        int t2 = Reg.zr(i.f("rt2"));
        int n = Reg.sp(i.f("rn"));
        return i.f("sz") == 1 ? new StoreExclusivePair64(s, t, t2, n) : new StoreExclusivePair32(s, t, t2, n);
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

    static final class LoadExclusive extends Op {
        final int t;
        final int n;
        final int bytes;

        LoadExclusive(int t, int n, int bytes) {
            this.t = t;
            this.n = n;
            this.bytes = bytes;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            long a = x[n];
            checkAlignment(cpu, a, bytes, false, pc);
            long v = cpu.read(a, bytes);
            setExclusiveMonitors(cpu, a, bytes);
            x[t] = v;
            return pc + 4;
        }
    }

    static final class StoreExclusive extends Op {
        final int s;
        final int t;
        final int n;
        final int bytes;

        StoreExclusive(int s, int t, int n, int bytes) {
            this.s = s;
            this.t = t;
            this.n = n;
            this.bytes = bytes;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            long a = x[n];
            long v = x[t];
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

    /** LDXP/LDAXP with W registers: one 8-byte access, Rt from the lower address. */
    static final class LoadExclusivePair32 extends Op {
        final int t;
        final int t2;
        final int n;

        LoadExclusivePair32(int t, int t2, int n) {
            this.t = t;
            this.t2 = t2;
            this.n = n;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            long a = x[n];
            checkAlignment(cpu, a, 8, false, pc);
            long v = cpu.read64(a);
            setExclusiveMonitors(cpu, a, 8);
            x[t] = v & 0xFFFFFFFFL;
            x[t2] = v >>> 32;
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

    static final class StoreExclusivePair32 extends Op {
        final int s;
        final int t;
        final int t2;
        final int n;

        StoreExclusivePair32(int s, int t, int t2, int n) {
            this.s = s;
            this.t = t;
            this.t2 = t2;
            this.n = n;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            long[] x = cpu.x;
            long a = x[n];
            long v = (x[t] & 0xFFFFFFFFL) | (x[t2] << 32);
            checkAlignment(cpu, a, 8, true, pc);
            if (exclusiveMonitorsPass(cpu, a, 8)) {
                cpu.write64(a, v);
                x[s] = 0;
            } else {
                x[s] = 1;
            }
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
