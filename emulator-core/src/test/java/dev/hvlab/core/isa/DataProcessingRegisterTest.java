package dev.hvlab.core.isa;

import static dev.hvlab.core.isa.OneInstruction.addWithCarry;
import static dev.hvlab.core.isa.OneInstruction.allocated;
import static dev.hvlab.core.isa.OneInstruction.enc;
import static dev.hvlab.core.isa.OneInstruction.nzcv;
import static dev.hvlab.core.isa.OneInstruction.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.cpu.Cpu;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** ARM ARM C4.1.89 "Data Processing -- Register", one instruction at a time. */
class DataProcessingRegisterTest {
    private static final long M32 = 0xFFFF_FFFFL;
    private static final long[] EDGES = {0, 1, -1, 2, 0x7FFF_FFFF_FFFF_FFFFL, 0x8000_0000_0000_0000L,
        0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL, 0x1_0000_0000L, 0xFFFF_FFFF_8000_0000L, 0x1234_5678_9ABC_DEF0L};

    /** ShiftReg(x, type, amount) for N bits, written from the pseudocode; result zero-extended. */
    private static long shiftReg(long x, int type, int amount, int bits) {
        if (bits == 32) {
            int w = (int) x;
            int r = switch (type) {
                case 0 -> w << amount;
                case 1 -> w >>> amount;
                case 2 -> w >> amount;
                default -> Integer.rotateRight(w, amount);
            };
            return r & M32;
        }
        return switch (type) {
            case 0 -> x << amount;
            case 1 -> x >>> amount;
            case 2 -> x >> amount;
            default -> Long.rotateRight(x, amount);
        };
    }

    private static long mask(int bits) {
        return bits == 64 ? -1L : M32;
    }

    @Test
    void logicalShiftedRegisterAllOpsShiftsAndSizes() {
        String[] names = {"AND_r", "BIC_r", "ORR_r", "ORN_r", "EOR_r", "EON_r", "ANDS_r", "BICS_r"};
        Random rnd = new Random(2);
        for (int k = 0; k < 40; k++) {
            long a = k < EDGES.length ? EDGES[k] : rnd.nextLong();
            long b = rnd.nextLong();
            for (int sf = 0; sf <= 1; sf++) {
                int bits = sf == 1 ? 64 : 32;
                for (int shift = 0; shift < 4; shift++) {
                    int amount = k == 0 ? 0 : rnd.nextInt(bits);
                    long op2 = shiftReg(b, shift, amount, bits);
                    for (int op = 0; op < 8; op++) {
                        long o = (op & 1) != 0 ? ~op2 : op2;
                        long want = switch (op >> 1) {
                            case 0, 3 -> a & o;
                            case 1 -> a | o;
                            default -> a ^ o;
                        } & mask(bits);
                        int word = enc(names[op], "sf", sf, "shift", shift, "imm6", amount, "rm", 2, "rn", 1, "rd", 0);
                        Cpu cpu = run(word, c -> {
                            c.x[1] = a;
                            c.x[2] = b;
                            c.setNzcv(0b0011); // C and V must be cleared by ANDS/BICS, kept by the others
                        });
                        String what = names[op] + " sf=" + sf + " shift=" + shift + " #" + amount;
                        assertEquals(want, cpu.x[0], what);
                        if (op >= 6) {
                            int n = ((want >>> (bits - 1)) & 1) != 0 ? 8 : 0;
                            assertEquals(n | (want == 0 ? 4 : 0), nzcv(cpu), what + " flags");
                        } else {
                            assertEquals(0b0011, nzcv(cpu), what + " flags untouched");
                        }
                    }
                }
            }
        }
    }

    @Test
    void movRegisterAndMvn() {
        assertEquals(0x9ABC_DEF0L, run(enc("ORR_r", "sf", 0, "rm", 2, "rn", 31, "rd", 0), 0, 0, 0x1234_5678_9ABC_DEF0L).x[0]);
        assertEquals(-1L, run(enc("ORN_r", "sf", 1, "rm", 31, "rn", 31, "rd", 0)).x[0]); // MVN X0, XZR
        assertEquals(0, run(enc("ORR_r", "sf", 1, "rm", 1, "rn", 31, "rd", 31), 0, 5).x[31]);
        assertFalse(allocated(enc("AND_r", "sf", 0, "imm6", 32)), "sf=0 imm6>=32");
        assertTrue(allocated(enc("AND_r", "sf", 0, "shift", 3, "imm6", 31)), "ROR is a logical shift");
    }

    @Test
    void addSubShiftedRegisterAgainstAddWithCarry() {
        String[] names = {"ADD_r", "ADDS_r", "SUB_r", "SUBS_r"};
        Random rnd = new Random(3);
        for (int k = 0; k < 60; k++) {
            long a = k < EDGES.length ? EDGES[k] : rnd.nextLong();
            long b = k < EDGES.length ? EDGES[(k * 5 + 3) % EDGES.length] : rnd.nextLong();
            for (int sf = 0; sf <= 1; sf++) {
                int bits = sf == 1 ? 64 : 32;
                for (int shift = 0; shift < 3; shift++) {
                    int amount = k < EDGES.length ? 0 : rnd.nextInt(bits);
                    long op2 = shiftReg(b, shift, amount, bits);
                    for (int op = 0; op < 4; op++) {
                        boolean sub = op >= 2;
                        long[] want = addWithCarry(a, sub ? ~op2 : op2, sub ? 1 : 0, bits);
                        int word = enc(names[op], "sf", sf, "shift", shift, "imm6", amount, "rm", 2, "rn", 1, "rd", 0);
                        Cpu cpu = run(word, 0, a, b);
                        String what = names[op] + " sf=" + sf + " " + a + "," + b + " shift=" + shift + " #" + amount;
                        assertEquals(want[0], cpu.x[0], what);
                        assertEquals((op & 1) != 0 ? want[1] : 0, nzcv(cpu), what + " flags");
                    }
                }
            }
        }
        assertFalse(allocated(enc("ADD_r", "sf", 1, "shift", 3)), "shift=11");
        assertFalse(allocated(enc("SUBS_r", "sf", 0, "imm6", 40)), "sf=0 imm6>=32");
    }

    @Test
    void negAndCmpUseXzrNotSp() {
        // NEG X0, X1 = SUB X0, XZR, X1: register 31 is XZR in the shifted form.
        Cpu cpu = run(enc("SUB_r", "sf", 1, "rm", 1, "rn", 31, "rd", 0), c -> {
            c.x[1] = 5;
            c.x[Cpu.SP] = 100;
        });
        assertEquals(-5L, cpu.x[0]);
        // CMP X1, X2 (SUBS XZR): SP untouched.
        cpu = run(enc("SUBS_r", "sf", 1, "rm", 2, "rn", 1, "rd", 31), c -> {
            c.x[1] = 3;
            c.x[2] = 3;
            c.x[Cpu.SP] = 100;
        });
        assertEquals(100, cpu.x[Cpu.SP]);
        assertEquals(0b0110, nzcv(cpu));
    }

    /** ExtendReg(m, option, shift) from the pseudocode, on N bits. */
    private static long extendReg(long x, int option, int shift, int bits) {
        int len = 8 << (option & 3);
        long v = len == 64 ? x : x & ((1L << len) - 1);
        if ((option & 4) != 0 && len < 64 && ((v >>> (len - 1)) & 1) != 0) {
            v |= -1L << len;
        }
        return (v << shift) & mask(bits);
    }

    @Test
    void addSubExtendedRegister() {
        String[] names = {"ADD_x", "ADDS_x", "SUB_x", "SUBS_x"};
        Random rnd = new Random(4);
        for (int k = 0; k < 30; k++) {
            long a = k < EDGES.length ? EDGES[k] : rnd.nextLong();
            long b = k < EDGES.length ? EDGES[(k * 7 + 1) % EDGES.length] : rnd.nextLong();
            for (int sf = 0; sf <= 1; sf++) {
                int bits = sf == 1 ? 64 : 32;
                for (int option = 0; option < 8; option++) {
                    int shift = rnd.nextInt(5);
                    long op2 = extendReg(b, option, shift, bits);
                    for (int op = 0; op < 4; op++) {
                        boolean sub = op >= 2;
                        long[] want = addWithCarry(a, sub ? ~op2 : op2, sub ? 1 : 0, bits);
                        int word = enc(names[op], "sf", sf, "option", option, "imm3", shift, "rm", 2, "rn", 1, "rd", 0);
                        Cpu cpu = run(word, 0, a, b);
                        String what = names[op] + " sf=" + sf + " option=" + option + " #" + shift;
                        assertEquals(want[0], cpu.x[0], what);
                        assertEquals((op & 1) != 0 ? want[1] : 0, nzcv(cpu), what + " flags");
                    }
                }
            }
        }
        assertFalse(allocated(enc("ADD_x", "sf", 1, "option", 3, "imm3", 5)), "imm3 > 4");
        assertFalse(allocated(enc("SUBS_x", "sf", 1, "option", 3, "imm3", 7)), "imm3 > 4");
    }

    @Test
    void extendedRegisterUsesSpForRdAndRnButXzrForFlagSettingRd() {
        // ADD SP, SP, W1, UXTW #2
        Cpu cpu = run(enc("ADD_x", "sf", 1, "option", 2, "imm3", 2, "rm", 1, "rn", 31, "rd", 31), c -> {
            c.x[1] = 0xFFFF_FFFF_0000_0010L;
            c.x[Cpu.SP] = 0x1000;
        });
        assertEquals(0x1000 + (0x10 << 2), cpu.x[Cpu.SP]);
        // SUB X0, SP, X1 (UXTX): Rn=31 reads SP.
        cpu = run(enc("SUB_x", "sf", 1, "option", 3, "rm", 1, "rn", 31, "rd", 0), c -> {
            c.x[1] = 0x10;
            c.x[Cpu.SP] = 0x1000;
        });
        assertEquals(0xFF0, cpu.x[0]);
        // CMP SP, X1 = SUBS XZR, SP, X1, UXTX: Rd=31 is XZR, SP stays.
        cpu = run(enc("SUBS_x", "sf", 1, "option", 3, "rm", 1, "rn", 31, "rd", 31), c -> {
            c.x[1] = 0x1000;
            c.x[Cpu.SP] = 0x1000;
        });
        assertEquals(0x1000, cpu.x[Cpu.SP]);
        assertEquals(0b0110, nzcv(cpu));
        // Rm=31 is XZR even in the extended form.
        cpu = run(enc("ADD_x", "sf", 1, "option", 3, "rm", 31, "rn", 1, "rd", 0), c -> {
            c.x[1] = 7;
            c.x[Cpu.SP] = 0x1000;
        });
        assertEquals(7, cpu.x[0]);
        // 32-bit ADD WSP, WSP, W1 writes SP zero-extended.
        cpu = run(enc("ADD_x", "sf", 0, "option", 2, "rm", 1, "rn", 31, "rd", 31), c -> {
            c.x[1] = 1;
            c.x[Cpu.SP] = 0x1_FFFF_FFFFL;
        });
        assertEquals(0, cpu.x[Cpu.SP]);
    }

    @Test
    void addSubWithCarry() {
        String[] names = {"ADC", "ADCS", "SBC", "SBCS"};
        Random rnd = new Random(5);
        for (int k = 0; k < 40; k++) {
            long a = k < EDGES.length ? EDGES[k] : rnd.nextLong();
            long b = k < EDGES.length ? EDGES[(k * 5 + 2) % EDGES.length] : rnd.nextLong();
            for (int sf = 0; sf <= 1; sf++) {
                int bits = sf == 1 ? 64 : 32;
                for (int carry = 0; carry <= 1; carry++) {
                    for (int op = 0; op < 4; op++) {
                        boolean sub = op >= 2;
                        long[] want = addWithCarry(a, sub ? ~b : b, carry, bits);
                        int startFlags = carry == 1 ? 0b0010 : 0b1101;
                        Cpu cpu = run(enc(names[op], "sf", sf, "rm", 2, "rn", 1, "rd", 0), c -> {
                            c.x[1] = a;
                            c.x[2] = b;
                            c.setNzcv(startFlags);
                        });
                        String what = names[op] + " sf=" + sf + " C=" + carry + " " + a + "," + b;
                        assertEquals(want[0], cpu.x[0], what);
                        assertEquals((op & 1) != 0 ? want[1] : startFlags, nzcv(cpu), what + " flags");
                    }
                }
            }
        }
    }

    @Test
    void conditionalCompare() {
        // CCMP X1, X2, #nzcv, EQ with Z set: flags of X1 - X2.
        int ccmpEq = enc("CCMP_r", "sf", 1, "rm", 2, "cond", 0, "rn", 1, "nzcv", 0b1010);
        Cpu cpu = run(ccmpEq, c -> {
            c.x[1] = 1;
            c.x[2] = 2;
            c.z = true;
        });
        assertEquals(addWithCarry(1, ~2L, 1, 64)[1], nzcv(cpu));
        // ... and with Z clear: the immediate nzcv.
        cpu = run(ccmpEq, c -> {
            c.x[1] = 1;
            c.x[2] = 2;
        });
        assertEquals(0b1010, nzcv(cpu));
        // CCMN W1, #31, #0, AL: 32-bit compare-negative with the immediate.
        cpu = run(enc("CCMN_i", "sf", 0, "imm5", 31, "cond", 14, "rn", 1, "nzcv", 0), 0, 0xFFFF_FFE1L);
        assertEquals(addWithCarry(0xFFFF_FFE1L, 31, 0, 32)[1], nzcv(cpu));
        assertEquals(0b0110, nzcv(cpu));
        // CCMP X1, #5, #0b0001, NE with Z clear.
        cpu = run(enc("CCMP_i", "sf", 1, "imm5", 5, "cond", 1, "rn", 1, "nzcv", 1), 0, 3);
        assertEquals(addWithCarry(3, ~5L, 1, 64)[1], nzcv(cpu));
        // CCMN X1, X2 with cond false (GT, with N != V).
        cpu = run(enc("CCMN_r", "sf", 1, "rm", 2, "cond", 12, "rn", 1, "nzcv", 0b0100), c -> c.n = true);
        assertEquals(0b0100, nzcv(cpu));
    }

    @Test
    void conditionalSelect() {
        long a = 0x1111_2222_3333_4444L;
        long b = 0x5555_6666_7777_8888L;
        // EQ holds (Z=1): every form picks Rn.
        for (String name : new String[] {"CSEL", "CSINC", "CSINV", "CSNEG"}) {
            Cpu cpu = run(enc(name, "sf", 1, "rm", 2, "cond", 0, "rn", 1, "rd", 0), c -> {
                c.x[1] = a;
                c.x[2] = b;
                c.z = true;
            });
            assertEquals(a, cpu.x[0], name);
        }
        long[] want = {b, b + 1, ~b, -b};
        String[] names = {"CSEL", "CSINC", "CSINV", "CSNEG"};
        for (int k = 0; k < 4; k++) {
            for (int sf = 0; sf <= 1; sf++) {
                Cpu cpu = run(enc(names[k], "sf", sf, "rm", 2, "cond", 0, "rn", 1, "rd", 0), 0, a, b);
                assertEquals(want[k] & mask(sf == 1 ? 64 : 32), cpu.x[0], names[k] + " sf=" + sf);
            }
        }
        // CSET X0, NE = CSINC X0, XZR, XZR, EQ ; CSETM W0, NE = CSINV W0, WZR, WZR, EQ.
        assertEquals(1, run(enc("CSINC", "sf", 1, "rm", 31, "cond", 0, "rn", 31, "rd", 0)).x[0]);
        assertEquals(M32, run(enc("CSINV", "sf", 0, "rm", 31, "cond", 0, "rn", 31, "rd", 0)).x[0]);
        // 32-bit selected Rn is zero-extended too.
        Cpu cpu = run(enc("CSEL", "sf", 0, "rm", 2, "cond", 14, "rn", 1, "rd", 0), 0, a, b);
        assertEquals(a & M32, cpu.x[0]);
    }

    private static BigInteger u64(long x) {
        return OneInstruction.uint(x, 64);
    }

    @Test
    void multiplies() {
        Random rnd = new Random(6);
        for (int k = 0; k < 200; k++) {
            long n = k < EDGES.length ? EDGES[k] : rnd.nextLong();
            long m = k < EDGES.length ? EDGES[(k + 5) % EDGES.length] : rnd.nextLong();
            long a = rnd.nextLong();
            long[] regs = {0, n, m, a};
            BigInteger bn = BigInteger.valueOf(n);
            BigInteger bm = BigInteger.valueOf(m);
            BigInteger ba = BigInteger.valueOf(a);
            assertEquals(ba.add(bn.multiply(bm)).longValue(), run(enc("MADD", "sf", 1, "rm", 2, "ra", 3, "rn", 1, "rd", 0), regs).x[0]);
            assertEquals(ba.subtract(bn.multiply(bm)).longValue(), run(enc("MSUB", "sf", 1, "rm", 2, "ra", 3, "rn", 1, "rd", 0), regs).x[0]);
            assertEquals(ba.add(bn.multiply(bm)).longValue() & M32, run(enc("MADD", "sf", 0, "rm", 2, "ra", 3, "rn", 1, "rd", 0), regs).x[0]);
            assertEquals(ba.subtract(bn.multiply(bm)).longValue() & M32, run(enc("MSUB", "sf", 0, "rm", 2, "ra", 3, "rn", 1, "rd", 0), regs).x[0]);
            BigInteger sn = BigInteger.valueOf((int) n);
            BigInteger sm = BigInteger.valueOf((int) m);
            BigInteger un = BigInteger.valueOf(n & M32);
            BigInteger um = BigInteger.valueOf(m & M32);
            assertEquals(ba.add(sn.multiply(sm)).longValue(), run(enc("SMADDL", "rm", 2, "ra", 3, "rn", 1, "rd", 0), regs).x[0]);
            assertEquals(ba.subtract(sn.multiply(sm)).longValue(), run(enc("SMSUBL", "rm", 2, "ra", 3, "rn", 1, "rd", 0), regs).x[0]);
            assertEquals(ba.add(un.multiply(um)).longValue(), run(enc("UMADDL", "rm", 2, "ra", 3, "rn", 1, "rd", 0), regs).x[0]);
            assertEquals(ba.subtract(un.multiply(um)).longValue(), run(enc("UMSUBL", "rm", 2, "ra", 3, "rn", 1, "rd", 0), regs).x[0]);
            assertEquals(bn.multiply(bm).shiftRight(64).longValue(), run(enc("SMULH", "rm", 2, "rn", 1, "rd", 0), regs).x[0]);
            assertEquals(u64(n).multiply(u64(m)).shiftRight(64).longValue(), run(enc("UMULH", "rm", 2, "rn", 1, "rd", 0), regs).x[0]);
        }
    }

    @Test
    void divideCornerCases() {
        int udiv64 = enc("UDIV", "sf", 1, "rm", 2, "rn", 1, "rd", 0);
        int sdiv64 = enc("SDIV", "sf", 1, "rm", 2, "rn", 1, "rd", 0);
        int udiv32 = enc("UDIV", "sf", 0, "rm", 2, "rn", 1, "rd", 0);
        int sdiv32 = enc("SDIV", "sf", 0, "rm", 2, "rn", 1, "rd", 0);
        assertEquals(0, run(udiv64, 0, 123, 0).x[0], "udiv by zero");
        assertEquals(0, run(sdiv64, 0, 123, 0).x[0], "sdiv by zero");
        assertEquals(0, run(sdiv32, 0, 123, 0xFFFF_FFFF_0000_0000L).x[0], "sdiv w by zero (low word)");
        assertEquals(Long.MIN_VALUE, run(sdiv64, 0, Long.MIN_VALUE, -1).x[0], "INT64_MIN / -1");
        assertEquals(0x8000_0000L, run(sdiv32, 0, 0x8000_0000L, -1).x[0], "INT32_MIN / -1");
        assertEquals(-3L, run(sdiv64, 0, -7, 2).x[0], "rounds toward zero");
        assertEquals(-3L & M32, run(sdiv32, 0, -7, 2).x[0], "rounds toward zero, w");
        assertEquals(Long.divideUnsigned(-1L, 3), run(udiv64, 0, -1, 3).x[0]);
        // UDIV W: 0xFFFFFFFF / 2 from the low words only.
        assertEquals(0x7FFF_FFFFL, run(udiv32, 0, 0x1234_5678_FFFF_FFFFL, 0x1_0000_0002L).x[0]);
    }

    @Test
    void variableShiftsTakeTheAmountModuloDatasize() {
        long x = 0x8123_4567_89AB_CDEFL;
        String[] names = {"LSLV", "LSRV", "ASRV", "RORV"};
        for (long amount : new long[] {0, 1, 31, 32, 33, 63, 64, 65, -1}) {
            for (int sf = 0; sf <= 1; sf++) {
                int bits = sf == 1 ? 64 : 32;
                for (int t = 0; t < 4; t++) {
                    long want = shiftReg(x, t, (int) Math.floorMod(amount, (long) bits), bits);
                    Cpu cpu = run(enc(names[t], "sf", sf, "rm", 2, "rn", 1, "rd", 0), 0, x, amount);
                    assertEquals(want, cpu.x[0], names[t] + " sf=" + sf + " by " + amount);
                }
            }
        }
    }

    /** One CRC32{C}B step per byte, with the customary all-ones init and final inversion. */
    private static long crcOfString(String pattern, String s) {
        long acc = 0xFFFF_FFFFL;
        for (byte b : s.getBytes(StandardCharsets.US_ASCII)) {
            acc = run(enc(pattern, "sf", 0, "sz", 0, "rm", 2, "rn", 1, "rd", 0), 0, acc, b & 0xFF).x[0];
        }
        return acc ^ 0xFFFF_FFFFL;
    }

    @Test
    void crcCheckValues() {
        assertEquals(0xCBF4_3926L, crcOfString("CRC32", "123456789"));
        assertEquals(0xE306_9283L, crcOfString("CRC32C", "123456789"));
    }

    @Test
    void wideCrcStepsEqualByteSteps() {
        // The pseudocode folds the value in bit-reversed, i.e. least significant byte first: one
        // CRC32X equals eight CRC32B of the value's bytes in little-endian order; likewise H and W.
        Random rnd = new Random(7);
        for (String p : new String[] {"CRC32", "CRC32C"}) {
            for (int k = 0; k < 20; k++) {
                long acc = rnd.nextLong();
                long val = rnd.nextLong();
                for (int sz = 1; sz <= 3; sz++) {
                    long bytewise = acc & M32;
                    for (int i = 0; i < (1 << sz); i++) {
                        bytewise = run(enc(p, "sf", 0, "sz", 0, "rm", 2, "rn", 1, "rd", 0), 0, bytewise, val >>> (8 * i)).x[0];
                    }
                    long wide = run(enc(p, "sf", sz == 3 ? 1 : 0, "sz", sz, "rm", 2, "rn", 1, "rd", 0), 0, acc, val).x[0];
                    assertEquals(bytewise, wide, p + " sz=" + sz);
                }
            }
        }
        assertFalse(allocated(enc("CRC32", "sf", 1, "sz", 0)), "CRC32B with sf=1");
        assertFalse(allocated(enc("CRC32C", "sf", 1, "sz", 2)), "CRC32CW with sf=1");
        assertFalse(allocated(enc("CRC32", "sf", 0, "sz", 3)), "CRC32X with sf=0");
        assertTrue(allocated(enc("CRC32C", "sf", 1, "sz", 3)));
    }

    @Test
    void oneSourceOperations() {
        long x = 0x0102_0304_0506_0780L;
        assertEquals(Long.reverse(x), run(enc("RBIT", "sf", 1, "rn", 1, "rd", 0), 0, x).x[0]);
        assertEquals(Integer.reverse((int) x) & M32, run(enc("RBIT", "sf", 0, "rn", 1, "rd", 0), 0, x).x[0]);
        assertEquals(0x0201_0403_0605_8007L, run(enc("REV16", "sf", 1, "rn", 1, "rd", 0), 0, x).x[0]);
        assertEquals(0x0605_8007L, run(enc("REV16", "sf", 0, "rn", 1, "rd", 0), 0, x).x[0]);
        assertEquals(0x0403_0201_8007_0605L, run(enc("REV32", "sf", 1, "rn", 1, "rd", 0), 0, x).x[0]);
        assertEquals(0x8007_0605L, run(enc("REV32", "sf", 0, "rn", 1, "rd", 0), 0, x).x[0], "REV W (opc=10, sf=0)");
        assertEquals(0x8007_0605_0403_0201L, run(enc("REV", "sf", 1, "rn", 1, "rd", 0), 0, x).x[0]);
        assertFalse(allocated(enc("REV", "sf", 0, "rn", 1, "rd", 0)), "REV opc=11 needs sf=1");
    }

    @Test
    void countLeadingBits() {
        int clz64 = enc("CLZ", "sf", 1, "rn", 1, "rd", 0);
        int clz32 = enc("CLZ", "sf", 0, "rn", 1, "rd", 0);
        int cls64 = enc("CLS", "sf", 1, "rn", 1, "rd", 0);
        int cls32 = enc("CLS", "sf", 0, "rn", 1, "rd", 0);
        assertEquals(64, run(clz64, 0, 0).x[0]);
        assertEquals(32, run(clz32, 0, 0xFFFF_FFFF_0000_0000L).x[0]);
        assertEquals(0, run(clz64, 0, -1).x[0]);
        assertEquals(31, run(clz32, 0, 1).x[0]);
        assertEquals(63, run(cls64, 0, 0).x[0]);
        assertEquals(63, run(cls64, 0, -1).x[0]);
        assertEquals(31, run(cls32, 0, 0).x[0]);
        assertEquals(31, run(cls32, 0, 0xFFFF_FFFFL).x[0]);
        assertEquals(62, run(cls64, 0, 1).x[0]);
        assertEquals(0, run(cls64, 0, Long.MIN_VALUE).x[0]);
        assertEquals(0, run(cls32, 0, 0x4000_0000L).x[0]);
        assertEquals(1, run(cls32, 0, 0xFFFF_FFFF_C000_0000L & M32).x[0], "0xC0000000 has one extra sign bit");
    }
}
