package dev.hvlab.core.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.Op;
import dev.hvlab.core.mem.PhysicalMemory;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The Cryptographic Extension against published answers, without qemu (the random oracle covers
 * every input; these check the whole algorithms): AES-128 of FIPS-197 Appendix C.1 with
 * AESE/AESMC and back with AESD/AESIMC, and the 64-bit PMULL.
 */
class CryptographyTest {
    private static final byte[] SBOX_PROBE = HexFormat.of().parseHex("637c777bf26b6fc53001672bfed7ab76");

    private final Cpu cpu = new Cpu(0, new PhysicalMemory(), A64.decoder());

    private void exec(String name, Object... fields) {
        Op op = A64.decoder().decode(OneInstruction.enc(name, fields));
        op.exec(cpu, 0);
    }

    private void set(int r, byte[] b) {
        long lo = 0;
        long hi = 0;
        for (int i = 0; i < 8; i++) {
            lo |= (b[i] & 0xFFL) << (8 * i);
            hi |= (b[i + 8] & 0xFFL) << (8 * i);
        }
        cpu.vreg[2 * r] = lo;
        cpu.vreg[2 * r + 1] = hi;
    }

    private byte[] get(int r) {
        byte[] b = new byte[16];
        for (int i = 0; i < 16; i++) {
            b[i] = (byte) (cpu.vreg[2 * r + i / 8] >>> (8 * (i % 8)));
        }
        return b;
    }

    /** FIPS-197 5.2 KeyExpansion for AES-128, with the S-box taken from AESE itself (key 0, ShiftRows-invariant input). */
    private byte[][] roundKeys(byte[] key) {
        byte[] sbox = new byte[256];
        for (int v = 0; v < 256; v++) {
            byte[] same = new byte[16];
            java.util.Arrays.fill(same, (byte) v); // every row equal: ShiftRows leaves it alone
            set(1, same);
            set(0, new byte[16]);
            exec("AESE", "rn", 1, "rd", 0);
            sbox[v] = get(0)[0];
        }
        byte[][] w = new byte[44][];
        for (int i = 0; i < 4; i++) {
            w[i] = java.util.Arrays.copyOfRange(key, 4 * i, 4 * i + 4);
        }
        int rcon = 1;
        for (int i = 4; i < 44; i++) {
            byte[] t = w[i - 1].clone();
            if (i % 4 == 0) {
                t = new byte[] {(byte) (sbox[t[1] & 0xFF] ^ rcon), sbox[t[2] & 0xFF], sbox[t[3] & 0xFF], sbox[t[0] & 0xFF]};
                rcon = Cryptography.gmul(rcon, 2);
            }
            w[i] = new byte[4];
            for (int k = 0; k < 4; k++) {
                w[i][k] = (byte) (w[i - 4][k] ^ t[k]);
            }
        }
        byte[][] rk = new byte[11][16];
        for (int r = 0; r < 11; r++) {
            for (int c = 0; c < 4; c++) {
                System.arraycopy(w[4 * r + c], 0, rk[r], 4 * c, 4);
            }
        }
        return rk;
    }

    @Test
    void aesSboxRowMatchesFips197() {
        byte[] row = new byte[16];
        for (int v = 0; v < 16; v++) {
            byte[] same = new byte[16];
            java.util.Arrays.fill(same, (byte) v);
            set(1, same);
            set(0, new byte[16]);
            exec("AESE", "rn", 1, "rd", 0);
            row[v] = get(0)[5];
        }
        assertEquals(HexFormat.of().formatHex(SBOX_PROBE), HexFormat.of().formatHex(row));
    }

    @Test
    void aes128EncryptsAndDecryptsTheFips197Example() {
        HexFormat hex = HexFormat.of();
        byte[][] rk = roundKeys(hex.parseHex("000102030405060708090a0b0c0d0e0f"));
        assertEquals("13111d7fe3944a17f307a78b4d2b30c5", hex.formatHex(rk[10]), "FIPS-197 C.1 round[10].k_sch");
        set(0, hex.parseHex("00112233445566778899aabbccddeeff"));
        for (int r = 0; r < 10; r++) {
            set(1, rk[r]);
            exec("AESE", "rn", 1, "rd", 0);
            if (r < 9) {
                exec("AESMC", "rn", 0, "rd", 0);
            }
        }
        set(1, rk[10]);
        exec("EOR_v", "q", 1, "rm", 1, "rn", 0, "rd", 0);
        assertEquals("69c4e0d86a7b0430d8cdb78070b4c55a", hex.formatHex(get(0)));
        // Equivalent inverse cipher (FIPS-197 5.3.5): AESD with round keys 10..1, AESIMC between,
        // the middle round keys passed through InvMixColumns (AESIMC) first.
        for (int r = 10; r > 0; r--) {
            set(1, rk[r]);
            if (r < 10) {
                exec("AESIMC", "rn", 1, "rd", 1);
            }
            exec("AESD", "rn", 1, "rd", 0);
            if (r > 1) {
                exec("AESIMC", "rn", 0, "rd", 0);
            }
        }
        set(1, rk[0]);
        exec("EOR_v", "q", 1, "rm", 1, "rn", 0, "rd", 0);
        assertEquals("00112233445566778899aabbccddeeff", hex.formatHex(get(0)));
    }

    @Test
    void pmull64IsCarrylessMultiplication() {
        cpu.vreg[2] = 0x8000000000000001L;
        cpu.vreg[3] = 3;
        cpu.vreg[4] = 0x8000000000000001L;
        cpu.vreg[5] = 0xFFFFFFFFFFFFFFFFL;
        exec("PMULL_v", "q", 0, "size", 3, "rm", 2, "rn", 1, "rd", 0);
        // (x^63 + 1)^2 = x^126 + 1 over GF(2)
        assertEquals(1L, cpu.vreg[0]);
        assertEquals(1L << 62, cpu.vreg[1]);
        exec("PMULL_v", "q", 1, "size", 3, "rm", 2, "rn", 1, "rd", 0); // 3 * all-ones: x+1 times
        assertEquals(0xFFFFFFFFFFFFFFFFL ^ 0xFFFFFFFFFFFFFFFEL, cpu.vreg[0]);
        assertEquals(1L, cpu.vreg[1]);
    }
}
