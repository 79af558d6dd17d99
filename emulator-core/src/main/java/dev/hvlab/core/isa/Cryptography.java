package dev.hvlab.core.isa;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.Op;
import dev.hvlab.core.decode.Insn;
import dev.hvlab.core.sysreg.FpAccess;

/**
 * The Cortex-A72 Cryptographic Extension (ARMv8.0 FEAT_AES, FEAT_PMULL, FEAT_SHA1, FEAT_SHA256),
 * which ID_AA64ISAR0_EL1 advertises (AES = 0b0010, SHA1 = SHA2 = 0b0001): AESE/AESD/AESMC/AESIMC
 * (shared pseudocode AESSubBytes, AESShiftRows, AESMixColumns and their inverses), SHA1C/P/M/H/SU0/SU1
 * and SHA256H/H2/SU0/SU1 (SHA1hash..., SHA256hash, SHAchoose, SHAmajority, SHAparity,
 * SHAhashSIGMA0/1), and PMULL{2} of 64-bit elements (PolynomialMult).
 *
 * <p>The AES state is the 128-bit vector read as 16 bytes, byte i = bits 8i+7:8i, column-major
 * (byte 4c + r is row r of column c), as FIPS-197 and the ARM ARM lay it out.
 */
final class Cryptography {
    private Cryptography() {
    }

    private static final int[] SBOX = new int[256];
    private static final int[] INV_SBOX = new int[256];

    static {
        // FIPS-197 5.1.1: the multiplicative inverse in GF(2^8) followed by the affine transform.
        for (int x = 0; x < 256; x++) {
            int inv = x == 0 ? 0 : inverse(x);
            int s = inv ^ rotl8(inv, 1) ^ rotl8(inv, 2) ^ rotl8(inv, 3) ^ rotl8(inv, 4) ^ 0x63;
            SBOX[x] = s;
            INV_SBOX[s] = x;
        }
    }

    private static int rotl8(int v, int n) {
        return ((v << n) | (v >>> (8 - n))) & 0xFF;
    }

    /** Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1 (FIPS-197 4.2). */
    static int gmul(int a, int b) {
        int r = 0;
        while (b != 0) {
            if ((b & 1) != 0) {
                r ^= a;
            }
            a = (a << 1) ^ ((a & 0x80) != 0 ? 0x11B : 0);
            b >>>= 1;
        }
        return r & 0xFF;
    }

    private static int inverse(int x) {
        int r = 1;
        for (int i = 0; i < 254; i++) { // x^254 = x^-1 in GF(2^8)
            r = gmul(r, x);
        }
        return r;
    }

    static void bind(Bindings b) {
        b.bind("AESE", i -> aes(i, false));
        b.bind("AESD", i -> aes(i, true));
        b.bind("AESMC", i -> mixColumns(i, false));
        b.bind("AESIMC", i -> mixColumns(i, true));
        b.bind("SHA1C", i -> sha1Hash(i, 0));
        b.bind("SHA1P", i -> sha1Hash(i, 1));
        b.bind("SHA1M", i -> sha1Hash(i, 2));
        b.bind("SHA1SU0", Cryptography::sha1su0);
        b.bind("SHA256H", i -> sha256Hash(i, true));
        b.bind("SHA256H2", i -> sha256Hash(i, false));
        b.bind("SHA256SU1", Cryptography::sha256su1);
        b.bind("SHA1H", Cryptography::sha1h);
        b.bind("SHA1SU1", Cryptography::sha1su1);
        b.bind("SHA256SU0", Cryptography::sha256su0);
    }

    // --- AES ---------------------------------------------------------------------------------

    private static int byteAt(long lo, long hi, int i) {
        return (int) ((i < 8 ? lo >>> (8 * i) : hi >>> (8 * (i - 8))) & 0xFF);
    }

    private static Op aes(Insn i, boolean decrypt) {
        int d = i.f("rd");
        int n = i.f("rn");
        return new Op() {
            @Override
            public long exec(Cpu cpu, long pc) {
                FpAccess.checkFpAccess(cpu, pc);
                long lo = cpu.vreg[2 * d] ^ cpu.vreg[2 * n];
                long hi = cpu.vreg[2 * d + 1] ^ cpu.vreg[2 * n + 1];
                long rlo = 0;
                long rhi = 0;
                for (int c = 0; c < 4; c++) {
                    for (int r = 0; r < 4; r++) {
                        // AESShiftRows: out[r, c] = in[r, c + r]; AESInvShiftRows: out[r, c] = in[r, c - r].
                        int src = r + 4 * ((decrypt ? c - r + 4 : c + r) & 3);
                        int v = decrypt ? INV_SBOX[byteAt(lo, hi, src)] : SBOX[byteAt(lo, hi, src)];
                        int dst = r + 4 * c;
                        if (dst < 8) {
                            rlo |= (long) v << (8 * dst);
                        } else {
                            rhi |= (long) v << (8 * (dst - 8));
                        }
                    }
                }
                cpu.vreg[2 * d] = rlo;
                cpu.vreg[2 * d + 1] = rhi;
                return pc + 4;
            }
        };
    }

    /** One column of AESMixColumns ({2,3,1,1} circulant) or AESInvMixColumns ({14,11,13,9}). */
    private static long mixColumn(long col, boolean inverse) {
        int[] k = inverse ? INV_MIX : MIX;
        long out = 0;
        for (int r = 0; r < 4; r++) {
            int v = 0;
            for (int j = 0; j < 4; j++) {
                v ^= gmul(k[(j - r + 4) & 3], (int) (col >>> (8 * j)) & 0xFF);
            }
            out |= (long) v << (8 * r);
        }
        return out;
    }

    private static final int[] MIX = {2, 3, 1, 1};
    private static final int[] INV_MIX = {14, 11, 13, 9};

    private static Op mixColumns(Insn i, boolean inverse) {
        int d = i.f("rd");
        int n = i.f("rn");
        return new Op() {
            @Override
            public long exec(Cpu cpu, long pc) {
                FpAccess.checkFpAccess(cpu, pc);
                long lo = cpu.vreg[2 * n];
                long hi = cpu.vreg[2 * n + 1];
                cpu.vreg[2 * d] = mixColumn(lo & 0xFFFFFFFFL, inverse) | mixColumn(lo >>> 32, inverse) << 32;
                cpu.vreg[2 * d + 1] = mixColumn(hi & 0xFFFFFFFFL, inverse) | mixColumn(hi >>> 32, inverse) << 32;
                return pc + 4;
            }
        };
    }

    // --- SHA-1 and SHA-256 ---------------------------------------------------------------------

    /** 32-bit element e (0-3) of the 128-bit value hi:lo. */
    private static int el(long lo, long hi, int e) {
        return (int) ((e < 2 ? lo : hi) >>> (32 * (e & 1)));
    }

    private static long pack(int a, int b) {
        return (a & 0xFFFFFFFFL) | ((long) b << 32);
    }

    private static int choose(int x, int y, int z) {
        return ((y ^ z) & x) ^ z;
    }

    private static int majority(int x, int y, int z) {
        return (x & y) | ((x | y) & z);
    }

    private static Op sha1Hash(Insn i, int kind) {
        int d = i.f("rd");
        int n = i.f("rn");
        int m = i.f("rm");
        return new Op() {
            @Override
            public long exec(Cpu cpu, long pc) {
                FpAccess.checkFpAccess(cpu, pc);
                long xlo = cpu.vreg[2 * d];
                long xhi = cpu.vreg[2 * d + 1];
                int x0 = el(xlo, xhi, 0);
                int x1 = el(xlo, xhi, 1);
                int x2 = el(xlo, xhi, 2);
                int x3 = el(xlo, xhi, 3);
                int y = (int) cpu.vreg[2 * n];
                long wlo = cpu.vreg[2 * m];
                long whi = cpu.vreg[2 * m + 1];
                for (int e = 0; e < 4; e++) {
                    int t = switch (kind) {
                        case 0 -> choose(x1, x2, x3);
                        case 1 -> x1 ^ x2 ^ x3;
                        default -> majority(x1, x2, x3);
                    };
                    y = y + Integer.rotateLeft(x0, 5) + t + el(wlo, whi, e);
                    x1 = Integer.rotateLeft(x1, 30);
                    // <Y, X> = ROL(Y : X, 32)
                    int top = x3;
                    x3 = x2;
                    x2 = x1;
                    x1 = x0;
                    x0 = y;
                    y = top;
                }
                cpu.vreg[2 * d] = pack(x0, x1);
                cpu.vreg[2 * d + 1] = pack(x2, x3);
                return pc + 4;
            }
        };
    }

    private static Op sha1h(Insn i) {
        int d = i.f("rd");
        int n = i.f("rn");
        return new Op() {
            @Override
            public long exec(Cpu cpu, long pc) {
                FpAccess.checkFpAccess(cpu, pc);
                cpu.vreg[2 * d] = Integer.rotateLeft((int) cpu.vreg[2 * n], 30) & 0xFFFFFFFFL;
                cpu.vreg[2 * d + 1] = 0;
                return pc + 4;
            }
        };
    }

    private static Op sha1su0(Insn i) {
        int d = i.f("rd");
        int n = i.f("rn");
        int m = i.f("rm");
        return new Op() {
            @Override
            public long exec(Cpu cpu, long pc) {
                FpAccess.checkFpAccess(cpu, pc);
                // result = operand2<63:0> : operand1<127:64>, EOR operand1 EOR operand3
                long lo = cpu.vreg[2 * d + 1] ^ cpu.vreg[2 * d] ^ cpu.vreg[2 * m];
                long hi = cpu.vreg[2 * n] ^ cpu.vreg[2 * d + 1] ^ cpu.vreg[2 * m + 1];
                cpu.vreg[2 * d] = lo;
                cpu.vreg[2 * d + 1] = hi;
                return pc + 4;
            }
        };
    }

    private static Op sha1su1(Insn i) {
        int d = i.f("rd");
        int n = i.f("rn");
        return new Op() {
            @Override
            public long exec(Cpu cpu, long pc) {
                FpAccess.checkFpAccess(cpu, pc);
                long nlo = cpu.vreg[2 * n];
                long nhi = cpu.vreg[2 * n + 1];
                // T = operand1 EOR LSR(operand2, 32)
                long tlo = cpu.vreg[2 * d] ^ ((nlo >>> 32) | (nhi << 32));
                long thi = cpu.vreg[2 * d + 1] ^ (nhi >>> 32);
                int t0 = (int) tlo;
                int r0 = Integer.rotateLeft(t0, 1);
                int r1 = Integer.rotateLeft((int) (tlo >>> 32), 1);
                int r2 = Integer.rotateLeft((int) thi, 1);
                int r3 = Integer.rotateLeft((int) (thi >>> 32), 1) ^ Integer.rotateLeft(t0, 2);
                cpu.vreg[2 * d] = pack(r0, r1);
                cpu.vreg[2 * d + 1] = pack(r2, r3);
                return pc + 4;
            }
        };
    }

    private static Op sha256Hash(Insn i, boolean part1) {
        int d = i.f("rd");
        int n = i.f("rn");
        int m = i.f("rm");
        return new Op() {
            @Override
            public long exec(Cpu cpu, long pc) {
                FpAccess.checkFpAccess(cpu, pc);
                // SHA256H: SHA256hash(V[d], V[n], V[m], TRUE); SHA256H2: SHA256hash(V[n], V[d], V[m], FALSE)
                int xr = part1 ? d : n;
                int yr = part1 ? n : d;
                int y0 = el(cpu.vreg[2 * yr], cpu.vreg[2 * yr + 1], 0);
                int y1 = el(cpu.vreg[2 * yr], cpu.vreg[2 * yr + 1], 1);
                int y2 = el(cpu.vreg[2 * yr], cpu.vreg[2 * yr + 1], 2);
                int y3 = el(cpu.vreg[2 * yr], cpu.vreg[2 * yr + 1], 3);
                int x0 = el(cpu.vreg[2 * xr], cpu.vreg[2 * xr + 1], 0);
                int x1 = el(cpu.vreg[2 * xr], cpu.vreg[2 * xr + 1], 1);
                int x2 = el(cpu.vreg[2 * xr], cpu.vreg[2 * xr + 1], 2);
                int x3 = el(cpu.vreg[2 * xr], cpu.vreg[2 * xr + 1], 3);
                long wlo = cpu.vreg[2 * m];
                long whi = cpu.vreg[2 * m + 1];
                for (int e = 0; e < 4; e++) {
                    int chs = choose(y0, y1, y2);
                    int maj = majority(x0, x1, x2);
                    int t = y3 + sigma1(y0) + chs + el(wlo, whi, e);
                    x3 = t + x3;
                    y3 = t + sigma0(x0) + maj;
                    // <Y, X> = ROL(Y : X, 32)
                    int xTop = x3;
                    x3 = x2;
                    x2 = x1;
                    x1 = x0;
                    x0 = y3;
                    y3 = y2;
                    y2 = y1;
                    y1 = y0;
                    y0 = xTop;
                }
                if (part1) {
                    cpu.vreg[2 * d] = pack(x0, x1);
                    cpu.vreg[2 * d + 1] = pack(x2, x3);
                } else {
                    cpu.vreg[2 * d] = pack(y0, y1);
                    cpu.vreg[2 * d + 1] = pack(y2, y3);
                }
                return pc + 4;
            }
        };
    }

    private static int sigma0(int x) {
        return Integer.rotateRight(x, 2) ^ Integer.rotateRight(x, 13) ^ Integer.rotateRight(x, 22);
    }

    private static int sigma1(int x) {
        return Integer.rotateRight(x, 6) ^ Integer.rotateRight(x, 11) ^ Integer.rotateRight(x, 25);
    }

    private static Op sha256su0(Insn i) {
        int d = i.f("rd");
        int n = i.f("rn");
        return new Op() {
            @Override
            public long exec(Cpu cpu, long pc) {
                FpAccess.checkFpAccess(cpu, pc);
                long dlo = cpu.vreg[2 * d];
                long dhi = cpu.vreg[2 * d + 1];
                // T = operand2<31:0> : operand1<127:32>
                long tlo = (dlo >>> 32) | (dhi << 32);
                long thi = (dhi >>> 32) | (cpu.vreg[2 * n] << 32);
                int r0 = small0(el(tlo, thi, 0)) + el(dlo, dhi, 0);
                int r1 = small0(el(tlo, thi, 1)) + el(dlo, dhi, 1);
                int r2 = small0(el(tlo, thi, 2)) + el(dlo, dhi, 2);
                int r3 = small0(el(tlo, thi, 3)) + el(dlo, dhi, 3);
                cpu.vreg[2 * d] = pack(r0, r1);
                cpu.vreg[2 * d + 1] = pack(r2, r3);
                return pc + 4;
            }
        };
    }

    private static int small0(int x) {
        return Integer.rotateRight(x, 7) ^ Integer.rotateRight(x, 18) ^ (x >>> 3);
    }

    private static int small1(int x) {
        return Integer.rotateRight(x, 17) ^ Integer.rotateRight(x, 19) ^ (x >>> 10);
    }

    private static Op sha256su1(Insn i) {
        int d = i.f("rd");
        int n = i.f("rn");
        int m = i.f("rm");
        return new Op() {
            @Override
            public long exec(Cpu cpu, long pc) {
                FpAccess.checkFpAccess(cpu, pc);
                long dlo = cpu.vreg[2 * d];
                long dhi = cpu.vreg[2 * d + 1];
                long nlo = cpu.vreg[2 * n];
                long nhi = cpu.vreg[2 * n + 1];
                long mlo = cpu.vreg[2 * m];
                long mhi = cpu.vreg[2 * m + 1];
                // T0 = operand3<31:0> : operand2<127:32>; T1 = operand3<127:64>
                long t0lo = (nlo >>> 32) | (nhi << 32);
                long t0hi = (nhi >>> 32) | (mlo << 32);
                int r0 = small1((int) mhi) + el(dlo, dhi, 0) + el(t0lo, t0hi, 0);
                int r1 = small1((int) (mhi >>> 32)) + el(dlo, dhi, 1) + el(t0lo, t0hi, 1);
                int r2 = small1(r0) + el(dlo, dhi, 2) + el(t0lo, t0hi, 2);
                int r3 = small1(r1) + el(dlo, dhi, 3) + el(t0lo, t0hi, 3);
                cpu.vreg[2 * d] = pack(r0, r1);
                cpu.vreg[2 * d + 1] = pack(r2, r3);
                return pc + 4;
            }
        };
    }

    // --- PMULL{2} .1Q ---------------------------------------------------------------------------

    /** PMULL{2} Vd.1Q, Vn.1D/2D, Vm.1D/2D: PolynomialMult of the lower (upper for PMULL2) 64-bit elements. */
    static Op pmull64(Insn i) {
        int d = i.f("rd");
        int n = i.f("rn");
        int m = i.f("rm");
        int part = i.f("q");
        return new Op() {
            @Override
            public long exec(Cpu cpu, long pc) {
                FpAccess.checkFpAccess(cpu, pc);
                long a = cpu.vreg[2 * n + part];
                long b = cpu.vreg[2 * m + part];
                long lo = 0;
                long hi = 0;
                for (int k = 0; k < 64; k++) {
                    if (((b >>> k) & 1) != 0) {
                        lo ^= a << k;
                        hi ^= k == 0 ? 0 : a >>> (64 - k);
                    }
                }
                cpu.vreg[2 * d] = lo;
                cpu.vreg[2 * d + 1] = hi;
                return pc + 4;
            }
        };
    }
}
