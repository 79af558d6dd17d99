package dev.hvlab.core.isa;

import static dev.hvlab.core.isa.FPArithmetic.RA;
import static dev.hvlab.core.isa.FPArithmetic.RM;
import static dev.hvlab.core.isa.FPArithmetic.RN;
import static dev.hvlab.core.isa.FPArithmetic.RP;
import static dev.hvlab.core.isa.FPArithmetic.RZ;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.Op;
import dev.hvlab.core.decode.Insn;
import dev.hvlab.core.sysreg.FpAccess;

/**
 * Semantics of the scalar floating-point instructions (ARM ARM C4.1.96 "Data Processing --
 * Scalar Floating-Point and Advanced SIMD", the FP groups): data processing with 1, 2 and 3
 * sources, compares, conditional compare and select, immediates, and conversions to and from
 * general registers. The arithmetic itself is {@link FPArithmetic}.
 */
final class FloatingPoint {
    private FloatingPoint() {
    }

    /** A lane operation on two operands of width n. */
    @FunctionalInterface
    interface Fp2 {
        long apply(long a, long b, int n, Cpu cpu);
    }

    /** A lane operation on one operand of width n. */
    @FunctionalInterface
    interface Fp1 {
        long apply(long a, int n, Cpu cpu);
    }

    /** ftype to width: 00 single, 01 double, 11 half; 0 when unallocated (half needs FP16). */
    static int width(int ftype, boolean allowHalf) {
        return switch (ftype) {
            case 0 -> 32;
            case 1 -> 64;
            case 3 -> allowHalf ? 16 : 0;
            default -> 0;
        };
    }

    static void bind(Bindings b) {
        b.bind("FMOV_s", i -> unary(i, (a, n, c) -> a));
        b.bind("FABS_s", i -> unary(i, (a, n, c) -> a & ~FPArithmetic.signBit(n)));
        b.bind("FNEG_s", i -> unary(i, (a, n, c) -> a ^ FPArithmetic.signBit(n)));
        b.bind("FSQRT_s", i -> unary(i, FPArithmetic::sqrt));
        b.bind("FCVT_s", FloatingPoint::fcvt);
        b.bind("FRINTN_s", i -> unary(i, (a, n, c) -> FPArithmetic.roundInt(a, n, RN, false, c)));
        b.bind("FRINTP_s", i -> unary(i, (a, n, c) -> FPArithmetic.roundInt(a, n, RP, false, c)));
        b.bind("FRINTM_s", i -> unary(i, (a, n, c) -> FPArithmetic.roundInt(a, n, RM, false, c)));
        b.bind("FRINTZ_s", i -> unary(i, (a, n, c) -> FPArithmetic.roundInt(a, n, RZ, false, c)));
        b.bind("FRINTA_s", i -> unary(i, (a, n, c) -> FPArithmetic.roundInt(a, n, RA, false, c)));
        b.bind("FRINTX_s", i -> unary(i, (a, n, c) -> FPArithmetic.roundInt(a, n, FPArithmetic.rmode(c), true, c)));
        b.bind("FRINTI_s", i -> unary(i, (a, n, c) -> FPArithmetic.roundInt(a, n, FPArithmetic.rmode(c), false, c)));

        b.bind("FMUL_s", i -> binary(i, FPArithmetic::mul));
        b.bind("FDIV_s", i -> binary(i, FPArithmetic::div));
        b.bind("FADD_s", i -> binary(i, FPArithmetic::add));
        b.bind("FSUB_s", i -> binary(i, FPArithmetic::sub));
        b.bind("FMAX_s", i -> binary(i, (x, y, n, c) -> FPArithmetic.maxMin(x, y, n, c, true)));
        b.bind("FMIN_s", i -> binary(i, (x, y, n, c) -> FPArithmetic.maxMin(x, y, n, c, false)));
        b.bind("FMAXNM_s", i -> binary(i, (x, y, n, c) -> FPArithmetic.maxMinNum(x, y, n, c, true)));
        b.bind("FMINNM_s", i -> binary(i, (x, y, n, c) -> FPArithmetic.maxMinNum(x, y, n, c, false)));
        b.bind("FNMUL_s", i -> binary(i, (x, y, n, c) -> FPArithmetic.mul(x, y, n, c) ^ FPArithmetic.signBit(n)));

        b.bind("FMADD_s", i -> fused(i, false, false));
        b.bind("FMSUB_s", i -> fused(i, false, true));
        b.bind("FNMADD_s", i -> fused(i, true, true));
        b.bind("FNMSUB_s", i -> fused(i, true, false));

        b.bind("FCMP_s", i -> compare(i, false));
        b.bind("FCMPE_s", i -> compare(i, true));
        b.bind("FCCMP_s", i -> condCompare(i, false));
        b.bind("FCCMPE_s", i -> condCompare(i, true));
        b.bind("FCSEL_s", FloatingPoint::fcsel);
        b.bind("FMOV_s_imm", FloatingPoint::fmovImm);

        b.bind("FCVTNS_g", i -> toInt(i, RN, false, 0));
        b.bind("FCVTNU_g", i -> toInt(i, RN, true, 0));
        b.bind("FCVTAS_g", i -> toInt(i, RA, false, 0));
        b.bind("FCVTAU_g", i -> toInt(i, RA, true, 0));
        b.bind("FCVTPS_g", i -> toInt(i, RP, false, 0));
        b.bind("FCVTPU_g", i -> toInt(i, RP, true, 0));
        b.bind("FCVTMS_g", i -> toInt(i, RM, false, 0));
        b.bind("FCVTMU_g", i -> toInt(i, RM, true, 0));
        b.bind("FCVTZS_g", i -> toInt(i, RZ, false, 0));
        b.bind("FCVTZU_g", i -> toInt(i, RZ, true, 0));
        b.bind("SCVTF_g", i -> fromInt(i, false, 0));
        b.bind("UCVTF_g", i -> fromInt(i, true, 0));
        b.bind("FCVTZS_gfix", i -> fixedScale(i) < 0 ? null : toInt(i, RZ, false, fixedScale(i)));
        b.bind("FCVTZU_gfix", i -> fixedScale(i) < 0 ? null : toInt(i, RZ, true, fixedScale(i)));
        b.bind("SCVTF_gfix", i -> fixedScale(i) < 0 ? null : fromInt(i, false, fixedScale(i)));
        b.bind("UCVTF_gfix", i -> fixedScale(i) < 0 ? null : fromInt(i, true, fixedScale(i)));
        b.bind("FMOV_g", FloatingPoint::fmovGeneral);
    }

    // ---------------------------------------------------------------------------------------

    private static Op unary(Insn i, Fp1 f) {
        int n = width(i.f("ftype"), false);
        return n == 0 ? null : new Unary(i.f("rd"), i.f("rn"), n, f);
    }

    private static Op binary(Insn i, Fp2 f) {
        int n = width(i.f("ftype"), false);
        return n == 0 ? null : new Binary(i.f("rd"), i.f("rn"), i.f("rm"), n, f);
    }

    private static Op fused(Insn i, boolean negAddend, boolean negProduct) {
        int n = width(i.f("ftype"), false);
        return n == 0 ? null : new Fused(i.f("rd"), i.f("rn"), i.f("rm"), i.f("ra"), n, negAddend, negProduct);
    }

    private static Op fcvt(Insn i) {
        int from = width(i.f("ftype"), true);
        int to = width(i.f("opc"), true);
        if (from == 0 || to == 0 || from == to) {
            return null;
        }
        return new Unary(i.f("rd"), i.f("rn"), from,
                (a, n, c) -> FPArithmetic.convert(a, from, to, FPArithmetic.rmode(c), c), to);
    }

    private static Op compare(Insn i, boolean signal) {
        int n = width(i.f("ftype"), false);
        if (n == 0) {
            return null;
        }
        int rn = i.f("rn");
        int rm = i.f("rm");
        boolean withZero = i.f("z") == 1;
        return new Op() {
            @Override
            public long exec(Cpu cpu, long pc) {
                FpAccess.checkFpAccess(cpu, pc);
                long b = withZero ? 0 : VReg.scalar(cpu, rm, n);
                cpu.setNzcv(FPArithmetic.compare(VReg.scalar(cpu, rn, n), b, n, signal, cpu));
                return pc + 4;
            }
        };
    }

    private static Op condCompare(Insn i, boolean signal) {
        int n = width(i.f("ftype"), false);
        if (n == 0) {
            return null;
        }
        int rn = i.f("rn");
        int rm = i.f("rm");
        int cond = i.f("cond");
        int nzcv = i.f("nzcv");
        return new Op() {
            @Override
            public long exec(Cpu cpu, long pc) {
                FpAccess.checkFpAccess(cpu, pc);
                if (cpu.conditionHolds(cond)) {
                    cpu.setNzcv(FPArithmetic.compare(VReg.scalar(cpu, rn, n), VReg.scalar(cpu, rm, n), n, signal, cpu));
                } else {
                    cpu.setNzcv(nzcv);
                }
                return pc + 4;
            }
        };
    }

    private static Op fcsel(Insn i) {
        int n = width(i.f("ftype"), false);
        if (n == 0) {
            return null;
        }
        int rd = i.f("rd");
        int rn = i.f("rn");
        int rm = i.f("rm");
        int cond = i.f("cond");
        return new Op() {
            @Override
            public long exec(Cpu cpu, long pc) {
                FpAccess.checkFpAccess(cpu, pc);
                VReg.setScalar(cpu, rd, VReg.scalar(cpu, cpu.conditionHolds(cond) ? rn : rm, n), n);
                return pc + 4;
            }
        };
    }

    /** VFPExpandImm. */
    static long expandImm(int imm8, int n) {
        int e = FPArithmetic.expBits(n);
        int f = FPArithmetic.fracBits(n);
        long sign = (imm8 >>> 7) & 1;
        long b6 = (imm8 >>> 6) & 1;
        long exp = ((b6 ^ 1) << (e - 1)) | ((b6 == 1 ? (1L << (e - 3)) - 1 : 0) << 2) | ((imm8 >>> 4) & 3);
        long frac = (long) (imm8 & 0xF) << (f - 4);
        return (sign << (n - 1)) | (exp << f) | frac;
    }

    private static Op fmovImm(Insn i) {
        int n = width(i.f("ftype"), false);
        if (n == 0) {
            return null;
        }
        int rd = i.f("rd");
        long imm = expandImm(i.f("imm8"), n);
        return new Op() {
            @Override
            public long exec(Cpu cpu, long pc) {
                FpAccess.checkFpAccess(cpu, pc);
                VReg.setScalar(cpu, rd, imm, n);
                return pc + 4;
            }
        };
    }

    /** fbits of a fixed-point conversion, or -1 when unallocated (32-bit needs scale >= 32). */
    private static int fixedScale(Insn i) {
        int scale = i.f("scale");
        if (i.f("sf") == 0 && scale < 32) {
            return -1;
        }
        return 64 - scale;
    }

    /** FCVT[NAPMZ][SU] and the fixed-point FCVTZ[SU]: FP to a general register (FPToFixed). */
    private static Op toInt(Insn i, int rmode, boolean unsigned, int fbits) {
        int n = width(i.f("ftype"), false);
        if (n == 0) {
            return null;
        }
        int rd = Reg.zrDest(i.f("rd"));
        int rn = i.f("rn");
        int m = i.f("sf") == 1 ? 64 : 32;
        return new Op() {
            @Override
            public long exec(Cpu cpu, long pc) {
                FpAccess.checkFpAccess(cpu, pc);
                cpu.x[rd] = FPArithmetic.toFixed(VReg.scalar(cpu, rn, n), n, fbits, unsigned, rmode, m, cpu);
                return pc + 4;
            }
        };
    }

    /** SCVTF/UCVTF from a general register (FixedToFP). */
    private static Op fromInt(Insn i, boolean unsigned, int fbits) {
        int n = width(i.f("ftype"), false);
        if (n == 0) {
            return null;
        }
        int rd = i.f("rd");
        int rn = Reg.zr(i.f("rn"));
        int m = i.f("sf") == 1 ? 64 : 32;
        return new Op() {
            @Override
            public long exec(Cpu cpu, long pc) {
                FpAccess.checkFpAccess(cpu, pc);
                VReg.setScalar(cpu, rd, FPArithmetic.fromFixed(cpu.x[rn], m, fbits, unsigned, n,
                        FPArithmetic.rmode(cpu), cpu), n);
                return pc + 4;
            }
        };
    }

    private static Op fmovGeneral(Insn i) {
        int sf = i.f("sf");
        int ftype = i.f("ftype");
        int rmode = i.f("rmode");
        boolean toFp = i.f("o") == 1;
        int rd = i.f("rd");
        int rn = i.f("rn");
        if (sf == 0 && ftype == 0 && rmode == 0) {
            return toFp ? new Op() {
                @Override
                public long exec(Cpu cpu, long pc) {
                    FpAccess.checkFpAccess(cpu, pc);
                    VReg.setScalar(cpu, rd, cpu.x[rn], 32);
                    return pc + 4;
                }
            } : gprWrite(Reg.zrDest(rd), rn, 0, 0xFFFFFFFFL);
        }
        if (sf == 1 && ftype == 1 && rmode == 0) {
            return toFp ? new Op() {
                @Override
                public long exec(Cpu cpu, long pc) {
                    FpAccess.checkFpAccess(cpu, pc);
                    VReg.setScalar(cpu, rd, cpu.x[rn], 64);
                    return pc + 4;
                }
            } : gprWrite(Reg.zrDest(rd), rn, 0, -1L);
        }
        if (sf == 1 && ftype == 2 && rmode == 1) {
            // The upper half of V: the lower half is preserved (no zeroing).
            return toFp ? new Op() {
                @Override
                public long exec(Cpu cpu, long pc) {
                    FpAccess.checkFpAccess(cpu, pc);
                    cpu.vreg[2 * rd + 1] = cpu.x[rn];
                    return pc + 4;
                }
            } : gprWrite(Reg.zrDest(rd), rn, 1, -1L);
        }
        return null;
    }

    private static Op gprWrite(int rd, int vn, int half, long mask) {
        return new Op() {
            @Override
            public long exec(Cpu cpu, long pc) {
                FpAccess.checkFpAccess(cpu, pc);
                cpu.x[rd] = cpu.vreg[2 * vn + half] & mask;
                return pc + 4;
            }
        };
    }

    // ---------------------------------------------------------------------------------------

    static final class Unary extends Op {
        private final int rd;
        private final int rn;
        private final int n;
        private final int nOut;
        private final Fp1 f;

        Unary(int rd, int rn, int n, Fp1 f) {
            this(rd, rn, n, f, n);
        }

        Unary(int rd, int rn, int n, Fp1 f, int nOut) {
            this.rd = rd;
            this.rn = rn;
            this.n = n;
            this.f = f;
            this.nOut = nOut;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            FpAccess.checkFpAccess(cpu, pc);
            VReg.setScalar(cpu, rd, f.apply(VReg.scalar(cpu, rn, n), n, cpu), nOut);
            return pc + 4;
        }
    }

    static final class Binary extends Op {
        private final int rd;
        private final int rn;
        private final int rm;
        private final int n;
        private final Fp2 f;

        Binary(int rd, int rn, int rm, int n, Fp2 f) {
            this.rd = rd;
            this.rn = rn;
            this.rm = rm;
            this.n = n;
            this.f = f;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            FpAccess.checkFpAccess(cpu, pc);
            VReg.setScalar(cpu, rd, f.apply(VReg.scalar(cpu, rn, n), VReg.scalar(cpu, rm, n), n, cpu), n);
            return pc + 4;
        }
    }

    /** FMADD/FMSUB/FNMADD/FNMSUB: FPMulAdd with FPNeg applied to the operands first. */
    static final class Fused extends Op {
        private final int rd;
        private final int rn;
        private final int rm;
        private final int ra;
        private final int n;
        private final long negA;
        private final long negN;

        Fused(int rd, int rn, int rm, int ra, int n, boolean negAddend, boolean negProduct) {
            this.rd = rd;
            this.rn = rn;
            this.rm = rm;
            this.ra = ra;
            this.n = n;
            this.negA = negAddend ? FPArithmetic.signBit(n) : 0;
            this.negN = negProduct ? FPArithmetic.signBit(n) : 0;
        }

        @Override
        public long exec(Cpu cpu, long pc) {
            FpAccess.checkFpAccess(cpu, pc);
            long a = VReg.scalar(cpu, ra, n) ^ negA;
            long x = VReg.scalar(cpu, rn, n) ^ negN;
            VReg.setScalar(cpu, rd, FPArithmetic.mulAdd(a, x, VReg.scalar(cpu, rm, n), n, cpu), n);
            return pc + 4;
        }
    }
}
