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
import java.util.Random;
import org.junit.jupiter.api.Test;

/** ARM ARM C4.1.86 "Data Processing -- Immediate", one instruction at a time. */
class DataProcessingImmediateTest {

    @Test
    void adrAddsASignedByteOffsetToThePc() {
        long pc = OneInstruction.RAM + 0x1234;
        // imm = immhi:immlo = -5 -> immhi = -2 (19 bits), immlo = 3
        Cpu cpu = run(pc, enc("ADR", "immhi", -2, "immlo", 3, "rd", 3), c -> { });
        assertEquals(pc - 5, cpu.x[3]);
        cpu = run(pc, enc("ADR", "immhi", 0x3FFFF, "immlo", 3, "rd", 3), c -> { }); // +0xFFFFF, the maximum
        assertEquals(pc + 0xFFFFF, cpu.x[3]);
    }

    @Test
    void adrpAddsPagesToThePageOfThePc() {
        long pc = OneInstruction.RAM + 0x1234;
        Cpu cpu = run(pc, enc("ADRP", "immhi", 0, "immlo", 2, "rd", 0), c -> { });
        assertEquals((pc & ~0xFFFL) + (2L << 12), cpu.x[0]);
        cpu = run(pc, enc("ADRP", "immhi", -1, "immlo", 3, "rd", 0), c -> { }); // -1 page
        assertEquals((pc & ~0xFFFL) - 0x1000, cpu.x[0]);
    }

    @Test
    void adrToXzrWritesNothing() {
        Cpu cpu = run(enc("ADR", "immlo", 1, "rd", 31));
        assertEquals(0, cpu.x[31]);
    }

    @Test
    void addImmediateShiftedAndUsingSp() {
        Cpu cpu = run(enc("ADD_i", "sf", 1, "sh", 1, "imm12", 0xABC, "rn", 1, "rd", 0), 0, 5);
        assertEquals(5 + (0xABCL << 12), cpu.x[0]);
        // ADD SP, SP, #16: register 31 is SP on both sides.
        cpu = run(enc("ADD_i", "sf", 1, "imm12", 16, "rn", 31, "rd", 31), c -> c.x[Cpu.SP] = 0x1000);
        assertEquals(0x1010, cpu.x[Cpu.SP]);
        // MOV X2, SP
        cpu = run(enc("ADD_i", "sf", 1, "imm12", 0, "rn", 31, "rd", 2), c -> c.x[Cpu.SP] = 0x7777);
        assertEquals(0x7777, cpu.x[2]);
    }

    @Test
    void subImmediate32BitWrapsAndZeroExtends() {
        Cpu cpu = run(enc("SUB_i", "sf", 0, "imm12", 1, "rn", 1, "rd", 0), 0, 0xFFFF_FFFF_0000_0000L);
        assertEquals(0xFFFF_FFFFL, cpu.x[0]);
        cpu = run(enc("ADD_i", "sf", 0, "imm12", 1, "rn", 1, "rd", 0), 0, 0x1234_5678_FFFF_FFFFL);
        assertEquals(0, cpu.x[0]);
    }

    @Test
    void addsAndSubsImmediateFlagsFollowAddWithCarry() {
        long[] values = {0, 1, -1, 0x7FFF_FFFF_FFFF_FFFFL, 0x8000_0000_0000_0000L, 0x7FFF_FFFFL, 0x8000_0000L,
            0xFFFF_FFFFL, 0x1_0000_0000L, 0xFFFL, 0x1000L, 0xFFF000L};
        int[] imms = {0, 1, 0xFFF};
        for (int sf = 0; sf <= 1; sf++) {
            int bits = sf == 1 ? 64 : 32;
            for (long x : values) {
                for (int imm12 : imms) {
                    for (int sh = 0; sh <= 1; sh++) {
                        long imm = (long) imm12 << (12 * sh);
                        Cpu cpu = run(enc("ADDS_i", "sf", sf, "sh", sh, "imm12", imm12, "rn", 1, "rd", 0), 0, x);
                        long[] want = addWithCarry(x, imm, 0, bits);
                        assertEquals(want[0], cpu.x[0], "ADDS " + x + "," + imm);
                        assertEquals(want[1], nzcv(cpu), "ADDS flags " + x + "," + imm);
                        cpu = run(enc("SUBS_i", "sf", sf, "sh", sh, "imm12", imm12, "rn", 1, "rd", 0), 0, x);
                        want = addWithCarry(x, ~imm, 1, bits);
                        assertEquals(want[0], cpu.x[0], "SUBS " + x + "," + imm);
                        assertEquals(want[1], nzcv(cpu), "SUBS flags " + x + "," + imm);
                    }
                }
            }
        }
    }

    @Test
    void subsImmediateKnownFlags() {
        // 0 - 1: borrow (C=0), negative.
        Cpu cpu = run(enc("SUBS_i", "sf", 1, "imm12", 1, "rn", 1, "rd", 0), 0, 0);
        assertEquals(0b1000, nzcv(cpu));
        // 5 - 5: zero, no borrow (C=1).
        cpu = run(enc("SUBS_i", "sf", 1, "imm12", 5, "rn", 1, "rd", 0), 0, 5);
        assertEquals(0b0110, nzcv(cpu));
        // 32-bit 0x7FFFFFFF + 1 overflows; the upper half of the source is ignored.
        cpu = run(enc("ADDS_i", "sf", 0, "imm12", 1, "rn", 1, "rd", 0), 0, 0xFFFF_FFFF_7FFF_FFFFL);
        assertEquals(0x8000_0000L, cpu.x[0]);
        assertEquals(0b1001, nzcv(cpu));
    }

    @Test
    void cmpImmediateReadsSpAndWritesXzr() {
        // CMP SP, #0x10 (SUBS XZR, SP, #0x10): Rn=31 is SP, Rd=31 is XZR.
        Cpu cpu = run(enc("SUBS_i", "sf", 1, "imm12", 0x10, "rn", 31, "rd", 31), c -> c.x[Cpu.SP] = 0x10);
        assertEquals(0x10, cpu.x[Cpu.SP]);
        assertEquals(0, cpu.x[31]);
        assertEquals(0b0110, nzcv(cpu));
    }

    /** Bitmask immediates worked out by hand from DecodeBitMasks. */
    @Test
    void logicalImmediateBitmasks() {
        // 0x5555...: N=0, esize 2 (imms=11110:S), S=0 -> element 01.
        assertEquals(0x5555_5555_5555_5555L,
            run(enc("ORR_i", "sf", 1, "N", 0, "immr", 0, "imms", 0b111100, "rn", 31, "rd", 0)).x[0]);
        // 0xFF00: N=1, esize 64, 8 ones (S=7) rotated right by 56.
        assertEquals(0xFF00L, run(enc("ORR_i", "sf", 1, "N", 1, "immr", 56, "imms", 7, "rn", 31, "rd", 0)).x[0]);
        // 32-bit 0xFF00FF00: esize 16 (imms=10:SSSS), S=7, R=8.
        assertEquals(0xFF00_FF00L,
            run(enc("ORR_i", "sf", 0, "N", 0, "immr", 8, "imms", 0b100111, "rn", 31, "rd", 0)).x[0]);
        // 0x0000FFFF0000FFFF: esize 32, 16 ones.
        assertEquals(0x0000_FFFF_0000_FFFFL,
            run(enc("ORR_i", "sf", 1, "N", 0, "immr", 0, "imms", 15, "rn", 31, "rd", 0)).x[0]);
        // 63 ones rotated by 1: 0x7FFF...FFFF rotated right -> 0xBFFF...FFFF.
        assertEquals(0xBFFF_FFFF_FFFF_FFFFL,
            run(enc("ORR_i", "sf", 1, "N", 1, "immr", 1, "imms", 62, "rn", 31, "rd", 0)).x[0]);
    }

    @Test
    void logicalImmediateOperations() {
        long x = 0x1234_5678_9ABC_DEF0L;
        int andMask = enc("AND_i", "sf", 1, "N", 1, "immr", 56, "imms", 7, "rn", 1, "rd", 0); // & 0xFF00
        assertEquals(x & 0xFF00L, run(andMask, 0, x).x[0]);
        assertEquals(x ^ 0xFF00L, run(enc("EOR_i", "sf", 1, "N", 1, "immr", 56, "imms", 7, "rn", 1, "rd", 0), 0, x).x[0]);
        // 32-bit EOR with 0xFF00FF00 clears the top half.
        assertEquals((x ^ 0xFF00_FF00L) & 0xFFFF_FFFFL,
            run(enc("EOR_i", "sf", 0, "N", 0, "immr", 8, "imms", 0b100111, "rn", 1, "rd", 0), 0, x).x[0]);
    }

    @Test
    void logicalImmediateDestinationIsSpExceptForAnds() {
        Cpu cpu = run(enc("ORR_i", "sf", 1, "N", 1, "immr", 56, "imms", 7, "rn", 31, "rd", 31));
        assertEquals(0xFF00L, cpu.x[Cpu.SP]);
        // ANDS with Rd=31 is TST: XZR, SP untouched. 0x8000...: N=1, one bit rotated to bit 63.
        cpu = run(enc("ANDS_i", "sf", 1, "N", 1, "immr", 1, "imms", 0, "rn", 1, "rd", 31), c -> {
            c.x[1] = 0x8000_0000_0000_0001L;
            c.x[Cpu.SP] = 0x500;
            c.c = true;
            c.v = true;
        });
        assertEquals(0x500, cpu.x[Cpu.SP]);
        assertEquals(0b1000, nzcv(cpu));
        // 32-bit ANDS: N from bit 31; Z when the low word is clear.
        cpu = run(enc("ANDS_i", "sf", 0, "N", 0, "immr", 1, "imms", 0, "rn", 1, "rd", 0), 0, 0xFFFF_FFFF_7FFF_FFFFL);
        assertEquals(0, cpu.x[0]);
        assertEquals(0b0100, nzcv(cpu));
    }

    @Test
    void logicalImmediateReservedEncodingsAreUnallocated() {
        assertFalse(allocated(enc("AND_i", "sf", 0, "N", 1, "immr", 0, "imms", 0)), "sf=0 N=1");
        assertFalse(allocated(enc("AND_i", "sf", 1, "N", 1, "immr", 0, "imms", 63)), "all ones, esize 64");
        assertFalse(allocated(enc("ORR_i", "sf", 1, "N", 0, "immr", 0, "imms", 0b111101)), "all ones, esize 2");
        assertFalse(allocated(enc("EOR_i", "sf", 1, "N", 0, "immr", 0, "imms", 0b111110)), "len < 1");
        assertFalse(allocated(enc("ANDS_i", "sf", 0, "N", 0, "immr", 0, "imms", 0b111111)), "len < 1");
        assertTrue(allocated(enc("AND_i", "sf", 0, "N", 0, "immr", 0, "imms", 0b011110)), "31 ones of 32");
    }

    @Test
    void moveWide() {
        assertEquals(0xBEEFL << 32, run(enc("MOVZ", "sf", 1, "hw", 2, "imm16", 0xBEEF, "rd", 0)).x[0]);
        assertEquals(~(0x1234L << 16), run(enc("MOVN", "sf", 1, "hw", 1, "imm16", 0x1234, "rd", 0)).x[0]);
        // MOVN W0, #0 is 0xFFFFFFFF, top half clear.
        assertEquals(0xFFFF_FFFFL, run(enc("MOVN", "sf", 0, "hw", 0, "imm16", 0, "rd", 0)).x[0]);
        assertEquals(0x1111_2222_ABCD_4444L,
            run(enc("MOVK", "sf", 1, "hw", 1, "imm16", 0xABCD, "rd", 0), 0x1111_2222_3333_4444L).x[0]);
        // 32-bit MOVK keeps the other halfword of the W register and clears bits 63:32.
        assertEquals(0xABCD_4444L, run(enc("MOVK", "sf", 0, "hw", 1, "imm16", 0xABCD, "rd", 0), 0x1111_2222_3333_4444L).x[0]);
        assertEquals(0, run(enc("MOVZ", "sf", 1, "hw", 0, "imm16", 7, "rd", 31)).x[31]);
        assertFalse(allocated(enc("MOVZ", "sf", 0, "hw", 2, "imm16", 1, "rd", 0)));
        assertFalse(allocated(enc("MOVN", "sf", 0, "hw", 3, "imm16", 1, "rd", 0)));
        assertFalse(allocated(enc("MOVK", "sf", 0, "hw", 2, "imm16", 1, "rd", 0)));
    }

    private static int ubfm(int sf, int immr, int imms) {
        return enc("UBFM", "sf", sf, "N", sf, "immr", immr, "imms", imms, "rn", 1, "rd", 0);
    }

    private static int sbfm(int sf, int immr, int imms) {
        return enc("SBFM", "sf", sf, "N", sf, "immr", immr, "imms", imms, "rn", 1, "rd", 0);
    }

    private static int bfm(int sf, int immr, int imms) {
        return enc("BFM", "sf", sf, "N", sf, "immr", immr, "imms", imms, "rn", 1, "rd", 0);
    }

    /** The bitfield aliases, with their ARM ARM encodings, against plain Java arithmetic. */
    @Test
    void bitfieldAliases() {
        Random rnd = new Random(1);
        for (int k = 0; k < 200; k++) {
            long x = rnd.nextLong();
            long d = rnd.nextLong();
            int w = (int) x;
            int sh = rnd.nextInt(64);
            int sh32 = sh & 31;
            // LSL #sh = UBFM immr=(-sh MOD 64), imms=63-sh.
            assertEquals(x << sh, run(ubfm(1, (64 - sh) & 63, 63 - sh), 0, x).x[0], "lsl");
            assertEquals((w << sh32) & 0xFFFF_FFFFL, run(ubfm(0, (32 - sh32) & 31, 31 - sh32), 0, x).x[0], "lsl w");
            // LSR/ASR #sh = UBFM/SBFM immr=sh, imms=datasize-1.
            assertEquals(x >>> sh, run(ubfm(1, sh, 63), 0, x).x[0], "lsr");
            assertEquals(x >> sh, run(sbfm(1, sh, 63), 0, x).x[0], "asr");
            assertEquals((w >>> sh32) & 0xFFFF_FFFFL, run(ubfm(0, sh32, 31), 0, x).x[0], "lsr w");
            assertEquals((w >> sh32) & 0xFFFF_FFFFL, run(sbfm(0, sh32, 31), 0, x).x[0], "asr w");
            // UBFX/SBFX #lsb, #width = xBFM immr=lsb, imms=lsb+width-1.
            int lsb = rnd.nextInt(64);
            int width = 1 + rnd.nextInt(64 - lsb);
            long field = (x >>> lsb) & OneBits.ones(width);
            long signedField = (x << (64 - lsb - width)) >> (64 - width);
            assertEquals(field, run(ubfm(1, lsb, lsb + width - 1), 0, x).x[0], "ubfx");
            assertEquals(signedField, run(sbfm(1, lsb, lsb + width - 1), 0, x).x[0], "sbfx");
            // BFXIL = BFM immr=lsb, imms=lsb+width-1: low bits of Rd replaced.
            long bfxil = (d & ~OneBits.ones(width)) | field;
            assertEquals(bfxil, run(bfm(1, lsb, lsb + width - 1), c -> {
                c.x[0] = d;
                c.x[1] = x;
            }).x[0], "bfxil");
            // BFI #lsb, #width = BFM immr=(-lsb MOD 64), imms=width-1.
            long fieldMask = OneBits.ones(width) << lsb;
            long bfi = (d & ~fieldMask) | ((x << lsb) & fieldMask);
            assertEquals(bfi, run(bfm(1, (64 - lsb) & 63, width - 1), c -> {
                c.x[0] = d;
                c.x[1] = x;
            }).x[0], "bfi");
            // UBFIZ/SBFIZ #lsb, #width: (U|S)BFM immr=(-lsb MOD 64), imms=width-1.
            assertEquals((x & OneBits.ones(width)) << lsb, run(ubfm(1, (64 - lsb) & 63, width - 1), 0, x).x[0], "ubfiz");
            assertEquals(((x << (64 - width)) >> (64 - width)) << lsb,
                run(sbfm(1, (64 - lsb) & 63, width - 1), 0, x).x[0], "sbfiz");
            // 32-bit BFI keeps the low word of Rd outside the field and clears the top half.
            int lsb32 = rnd.nextInt(32);
            int width32 = 1 + rnd.nextInt(32 - lsb32);
            int m32 = (int) (OneBits.ones(width32) << lsb32);
            long bfi32 = (((int) d & ~m32) | ((w << lsb32) & m32)) & 0xFFFF_FFFFL;
            assertEquals(bfi32, run(bfm(0, (32 - lsb32) & 31, width32 - 1), c -> {
                c.x[0] = d;
                c.x[1] = x;
            }).x[0], "bfi w");
            int sbfx32 = (w << (32 - lsb32 - width32)) >> (32 - width32);
            assertEquals(sbfx32 & 0xFFFF_FFFFL, run(sbfm(0, lsb32, lsb32 + width32 - 1), 0, x).x[0], "sbfx w");
        }
    }

    @Test
    void extendAliases() {
        long x = 0xFFFF_FFFF_8000_8080L;
        assertEquals((long) (int) x, run(sbfm(1, 0, 31), 0, x).x[0], "sxtw");
        assertEquals((long) (short) x, run(sbfm(1, 0, 15), 0, x).x[0], "sxth");
        assertEquals((long) (byte) x, run(sbfm(1, 0, 7), 0, x).x[0], "sxtb");
        assertEquals((byte) x & 0xFFFF_FFFFL, run(sbfm(0, 0, 7), 0, x).x[0], "sxtb w");
        assertEquals(0x80L, run(ubfm(0, 0, 7), 0, x).x[0], "uxtb");
        assertEquals(0x8080L, run(ubfm(0, 0, 15), 0, x).x[0], "uxth");
    }

    @Test
    void bitfieldUnallocatedCombinations() {
        assertFalse(allocated(enc("UBFM", "sf", 1, "N", 0, "immr", 0, "imms", 7)), "sf=1 N=0");
        assertFalse(allocated(enc("SBFM", "sf", 0, "N", 1, "immr", 0, "imms", 7)), "sf=0 N=1");
        assertFalse(allocated(enc("BFM", "sf", 0, "N", 0, "immr", 32, "imms", 7)), "sf=0 immr<5>");
        assertFalse(allocated(enc("UBFM", "sf", 0, "N", 0, "immr", 0, "imms", 32)), "sf=0 imms<5>");
        assertTrue(allocated(enc("UBFM", "sf", 0, "N", 0, "immr", 31, "imms", 31)));
    }

    @Test
    void extract() {
        long n = 0x0123_4567_89AB_CDEFL;
        long m = 0xFEDC_BA98_7654_3210L;
        int extr8 = enc("EXTR", "sf", 1, "N", 1, "rm", 2, "imms", 8, "rn", 1, "rd", 0);
        assertEquals((m >>> 8) | (n << 56), run(extr8, 0, n, m).x[0]);
        // lsb = 0 gives Rm.
        assertEquals(m, run(enc("EXTR", "sf", 1, "N", 1, "rm", 2, "imms", 0, "rn", 1, "rd", 0), 0, n, m).x[0]);
        // ROR (immediate) = EXTR with Rn = Rm.
        assertEquals(Long.rotateRight(n, 63), run(enc("EXTR", "sf", 1, "N", 1, "rm", 1, "imms", 63, "rn", 1, "rd", 0), 0, n).x[0]);
        // 32-bit: (Wn:Wm) >> lsb.
        long want = ((((n & 0xFFFF_FFFFL) << 32) | (m & 0xFFFF_FFFFL)) >>> 4) & 0xFFFF_FFFFL;
        assertEquals(want, run(enc("EXTR", "sf", 0, "N", 0, "rm", 2, "imms", 4, "rn", 1, "rd", 0), 0, n, m).x[0]);
        assertFalse(allocated(enc("EXTR", "sf", 1, "N", 0, "rm", 2, "imms", 4)), "N != sf");
        assertFalse(allocated(enc("EXTR", "sf", 0, "N", 0, "rm", 2, "imms", 32)), "sf=0 imms>=32");
    }

    /** Small helpers for expected values. */
    static final class OneBits {
        static long ones(int n) {
            return n == 64 ? -1L : (1L << n) - 1;
        }
    }
}
