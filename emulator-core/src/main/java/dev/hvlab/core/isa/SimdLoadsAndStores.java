package dev.hvlab.core.isa;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.Op;
import dev.hvlab.core.decode.Insn;
import dev.hvlab.core.sysreg.FpAccess;

/**
 * SIMD&FP loads and stores (ARM ARM C4.1.88, the V=1 forms): LDR/STR of B/H/S/D/Q registers
 * (literal, immediate, register offset), LDP/STP/LDNP/STNP, and the structure loads and stores
 * LD1-LD4/ST1-ST4 (multiple structures, single structure, replicate), with post-index.
 * Loading a B/H/S/D register zeroes the rest of V; a 64-bit structure load zeroes bits 127:64.
 */
final class SimdLoadsAndStores {
    private SimdLoadsAndStores() {
    }

    static void bind(Bindings b) {
        b.bind("LDR_v_lit", SimdLoadsAndStores::literal);
        b.bind("STNP_v", i -> pair(i, false, Mode.OFFSET));
        b.bind("LDNP_v", i -> pair(i, true, Mode.OFFSET));
        b.bind("STP_v_post", i -> pair(i, false, Mode.POST));
        b.bind("LDP_v_post", i -> pair(i, true, Mode.POST));
        b.bind("STP_v_off", i -> pair(i, false, Mode.OFFSET));
        b.bind("LDP_v_off", i -> pair(i, true, Mode.OFFSET));
        b.bind("STP_v_pre", i -> pair(i, false, Mode.PRE));
        b.bind("LDP_v_pre", i -> pair(i, true, Mode.PRE));
        b.bind("LDST_v_unsc", i -> single(i, Mode.OFFSET, i.sf("imm9")));
        b.bind("LDST_v_post", i -> single(i, Mode.POST, i.sf("imm9")));
        b.bind("LDST_v_pre", i -> single(i, Mode.PRE, i.sf("imm9")));
        b.bind("LDST_v_uoff", i -> {
            int scale = scale(i);
            return scale < 0 ? null : single(i, Mode.OFFSET, (long) i.f("imm12") << scale);
        });
        b.bind("LDST_v_roff", SimdLoadsAndStores::registerOffset);
        String[][] multiple = {{"1_m1", "0111"}, {"1_m2", "1010"}, {"1_m3", "0110"}, {"1_m4", "0010"},
            {"2_m", "1000"}, {"3_m", "0100"}, {"4_m", "0000"}};
        for (String[] m : multiple) {
            for (String post : new String[] {"", "_post"}) {
                b.bind("LD" + m[0] + post, i -> multiple(i, true, !post.isEmpty()));
                b.bind("ST" + m[0] + post, i -> multiple(i, false, !post.isEmpty()));
            }
        }
        for (int n = 1; n <= 4; n++) {
            for (String post : new String[] {"", "_post"}) {
                boolean p = !post.isEmpty();
                b.bind("LD" + n + "_s" + post, i -> singleStructure(i, true, p));
                b.bind("ST" + n + "_s" + post, i -> singleStructure(i, false, p));
                b.bind("LD" + n + "R" + post, i -> replicate(i, p));
            }
        }
    }

    enum Mode { OFFSET, PRE, POST }

    /** log2 of the access size of a single-register form, or -1 when unallocated. */
    private static int scale(Insn i) {
        int size = i.f("size");
        int opc = i.f("opc");
        if ((opc & 2) != 0) {
            return size == 0 ? 4 : -1;
        }
        return size;
    }

    static void load(Cpu cpu, int t, long address, int bytes) {
        long lo;
        long hi = 0;
        switch (bytes) {
            case 1 -> lo = cpu.read8(address);
            case 2 -> lo = cpu.read16(address);
            case 4 -> lo = cpu.read32(address) & 0xFFFFFFFFL;
            case 8 -> lo = cpu.read64(address);
            default -> {
                lo = cpu.read64(address);
                hi = cpu.read64(address + 8);
            }
        }
        cpu.vreg[2 * t] = lo;
        cpu.vreg[2 * t + 1] = hi;
    }

    static void store(Cpu cpu, int t, long address, int bytes) {
        long lo = cpu.vreg[2 * t];
        switch (bytes) {
            case 1 -> cpu.write8(address, (int) lo);
            case 2 -> cpu.write16(address, (int) lo);
            case 4 -> cpu.write32(address, (int) lo);
            case 8 -> cpu.write64(address, lo);
            default -> {
                cpu.write64(address, lo);
                cpu.write64(address + 8, cpu.vreg[2 * t + 1]);
            }
        }
    }

    private static Op literal(Insn i) {
        int opc = i.f("opc");
        if (opc == 3) {
            return null;
        }
        int bytes = 4 << opc;
        int t = i.f("rt");
        long offset = i.sf("imm19") << 2;
        return new Op() {
            @Override
            public long exec(Cpu cpu, long pc) {
                FpAccess.checkFpAccess(cpu, pc);
                load(cpu, t, pc + offset, bytes);
                return pc + 4;
            }
        };
    }

    private static Op pair(Insn i, boolean isLoad, Mode mode) {
        int opc = i.f("opc");
        if (opc == 3) {
            return null;
        }
        int bytes = 4 << opc;
        long offset = i.sf("imm7") * bytes;
        int t = i.f("rt");
        int t2 = i.f("rt2");
        int n = Reg.sp(i.f("rn"));
        return new Op() {
            @Override
            public long exec(Cpu cpu, long pc) {
                FpAccess.checkFpAccess(cpu, pc);
                long base = cpu.x[n];
                long address = mode == Mode.POST ? base : base + offset;
                if (isLoad) {
                    // Both loads complete before either register changes, so a fault leaves V intact.
                    long lo1;
                    long hi1 = 0;
                    long lo2;
                    long hi2 = 0;
                    if (bytes == 16) {
                        lo1 = cpu.read64(address);
                        hi1 = cpu.read64(address + 8);
                        lo2 = cpu.read64(address + 16);
                        hi2 = cpu.read64(address + 24);
                    } else {
                        lo1 = cpu.read(address, bytes);
                        lo2 = cpu.read(address + bytes, bytes);
                    }
                    cpu.vreg[2 * t] = lo1;
                    cpu.vreg[2 * t + 1] = hi1;
                    cpu.vreg[2 * t2] = lo2;
                    cpu.vreg[2 * t2 + 1] = hi2;
                } else {
                    store(cpu, t, address, bytes);
                    store(cpu, t2, address + bytes, bytes);
                }
                if (mode != Mode.OFFSET) {
                    cpu.x[n] = base + offset;
                }
                return pc + 4;
            }
        };
    }

    private static Op single(Insn i, Mode mode, long offset) {
        int scale = scale(i);
        if (scale < 0) {
            return null;
        }
        int bytes = 1 << scale;
        boolean isLoad = (i.f("opc") & 1) != 0;
        int t = i.f("rt");
        int n = Reg.sp(i.f("rn"));
        return new Op() {
            @Override
            public long exec(Cpu cpu, long pc) {
                FpAccess.checkFpAccess(cpu, pc);
                long base = cpu.x[n];
                long address = mode == Mode.POST ? base : base + offset;
                if (isLoad) {
                    load(cpu, t, address, bytes);
                } else {
                    store(cpu, t, address, bytes);
                }
                if (mode != Mode.OFFSET) {
                    cpu.x[n] = base + offset;
                }
                return pc + 4;
            }
        };
    }

    private static Op registerOffset(Insn i) {
        int scale = scale(i);
        int option = i.f("option");
        if (scale < 0 || (option & 2) == 0) {
            return null;
        }
        int bytes = 1 << scale;
        int shift = i.f("S") == 1 ? scale : 0;
        boolean isLoad = (i.f("opc") & 1) != 0;
        int t = i.f("rt");
        int n = Reg.sp(i.f("rn"));
        int m = Reg.zr(i.f("rm"));
        return new Op() {
            @Override
            public long exec(Cpu cpu, long pc) {
                FpAccess.checkFpAccess(cpu, pc);
                long r = cpu.x[m];
                long ext = switch (option) {
                    case 2 -> r & 0xFFFFFFFFL;
                    case 6 -> (long) (int) r;
                    default -> r;
                };
                long address = cpu.x[n] + (ext << shift);
                if (isLoad) {
                    load(cpu, t, address, bytes);
                } else {
                    store(cpu, t, address, bytes);
                }
                return pc + 4;
            }
        };
    }

    /** LD1-LD4/ST1-ST4 (multiple structures): AArch64 "LDST_MULT" pseudocode. */
    private static Op multiple(Insn i, boolean isLoad, boolean post) {
        int opcode = (i.bits() >>> 12) & 0xF;
        int rpt;
        int selem;
        switch (opcode) {
            case 0b0000 -> { rpt = 1; selem = 4; }
            case 0b0010 -> { rpt = 4; selem = 1; }
            case 0b0100 -> { rpt = 1; selem = 3; }
            case 0b0110 -> { rpt = 3; selem = 1; }
            case 0b0111 -> { rpt = 1; selem = 1; }
            case 0b1000 -> { rpt = 1; selem = 2; }
            case 0b1010 -> { rpt = 2; selem = 1; }
            default -> { return null; }
        }
        int size = i.f("size");
        boolean q = i.f("q") == 1;
        if (size == 3 && !q && selem != 1) {
            return null;
        }
        int esize = 8 << size;
        int ebytes = esize / 8;
        int elements = (q ? 128 : 64) / esize;
        int t = i.f("rt");
        int n = Reg.sp(i.f("rn"));
        int m = post ? i.f("rm") : -1;
        long total = (long) (q ? 16 : 8) * selem * rpt;
        return new Op() {
            @Override
            public long exec(Cpu cpu, long pc) {
                FpAccess.checkFpAccess(cpu, pc);
                long base = cpu.x[n];
                long address = base;
                if (selem == 1) {
                    // Consecutive whole registers: the common memcpy/memset form, done by halves.
                    for (int r = 0; r < rpt; r++) {
                        int tt = (t + r) & 31;
                        if (isLoad) {
                            load(cpu, tt, address, q ? 16 : 8);
                        } else {
                            store(cpu, tt, address, q ? 16 : 8);
                        }
                        address += q ? 16 : 8;
                    }
                } else {
                    if (isLoad && !q) {
                        for (int s = 0; s < selem; s++) {
                            cpu.vreg[2 * ((t + s) & 31) + 1] = 0;
                        }
                    }
                    for (int e = 0; e < elements; e++) {
                        for (int s = 0; s < selem; s++) {
                            int tt = (t + s) & 31;
                            if (isLoad) {
                                VReg.setLane(cpu, tt, e, esize, cpu.read(address, ebytes));
                            } else {
                                cpu.write(address, VReg.lane(cpu, tt, e, esize), ebytes);
                            }
                            address += ebytes;
                        }
                    }
                }
                if (post) {
                    cpu.x[n] = base + (m == 31 ? total : cpu.x[m]);
                }
                return pc + 4;
            }
        };
    }

    /** LDn/STn (single structure) to one lane: AArch64 "LDST_SINGLE". */
    private static Op singleStructure(Insn i, boolean isLoad, boolean post) {
        int opc = i.f("opc");
        int size = i.f("size");
        int s = i.f("S");
        int q = i.f("q");
        int selem = (((i.bits() >>> 13) & 1) << 1 | ((i.bits() >>> 21) & 1)) + 1;
        int scale = opc;
        int index;
        switch (scale) {
            case 0 -> index = (q << 3) | (s << 2) | size;
            case 1 -> {
                if ((size & 1) != 0) {
                    return null;
                }
                index = (q << 2) | (s << 1) | (size >>> 1);
            }
            case 2 -> {
                if ((size & 2) != 0) {
                    return null;
                }
                if ((size & 1) == 0) {
                    index = (q << 1) | s;
                } else {
                    if (s != 0) {
                        return null;
                    }
                    index = q;
                    scale = 3;
                }
            }
            default -> {
                return null; // opc=11 is LDnR (load only), matched by its own pattern first
            }
        }
        int esize = 8 << scale;
        int ebytes = esize / 8;
        int lane = index;
        int t = i.f("rt");
        int n = Reg.sp(i.f("rn"));
        int m = post ? i.f("rm") : -1;
        long total = (long) selem * ebytes;
        return new Op() {
            @Override
            public long exec(Cpu cpu, long pc) {
                FpAccess.checkFpAccess(cpu, pc);
                long base = cpu.x[n];
                long address = base;
                for (int k = 0; k < selem; k++) {
                    int tt = (t + k) & 31;
                    if (isLoad) {
                        VReg.setLane(cpu, tt, lane, esize, cpu.read(address, ebytes));
                    } else {
                        cpu.write(address, VReg.lane(cpu, tt, lane, esize), ebytes);
                    }
                    address += ebytes;
                }
                if (post) {
                    cpu.x[n] = base + (m == 31 ? total : cpu.x[m]);
                }
                return pc + 4;
            }
        };
    }

    /** LD1R-LD4R: one element per register, replicated to every lane. */
    private static Op replicate(Insn i, boolean post) {
        int size = i.f("size");
        boolean q = i.f("q") == 1;
        int selem = (((i.bits() >>> 13) & 1) << 1 | ((i.bits() >>> 21) & 1)) + 1;
        int esize = 8 << size;
        int ebytes = esize / 8;
        int t = i.f("rt");
        int n = Reg.sp(i.f("rn"));
        int m = post ? i.f("rm") : -1;
        long total = (long) selem * ebytes;
        return new Op() {
            @Override
            public long exec(Cpu cpu, long pc) {
                FpAccess.checkFpAccess(cpu, pc);
                long base = cpu.x[n];
                long address = base;
                for (int k = 0; k < selem; k++) {
                    int tt = (t + k) & 31;
                    long v = AdvancedSimd.replicate(cpu.read(address, ebytes), esize);
                    cpu.vreg[2 * tt] = v;
                    cpu.vreg[2 * tt + 1] = q ? v : 0;
                    address += ebytes;
                }
                if (post) {
                    cpu.x[n] = base + (m == 31 ? total : cpu.x[m]);
                }
                return pc + 4;
            }
        };
    }
}
