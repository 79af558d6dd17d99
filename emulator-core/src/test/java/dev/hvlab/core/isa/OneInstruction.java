package dev.hvlab.core.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.decode.Encoder;
import dev.hvlab.core.mem.PhysicalMemory;
import java.math.BigInteger;
import java.util.function.Consumer;

/** Test helper: runs one instruction word on a fresh CPU and hands the CPU back for inspection. */
final class OneInstruction {
    static final long RAM = 0x4000_0000L;
    static final Encoder ENC = Encoder.a64();

    private OneInstruction() {
    }

    static int enc(String pattern, Object... fields) {
        return ENC.encode(pattern, fields);
    }

    /** A CPU whose RAM holds {@code word} at {@code pc}; registers and flags are all zero. */
    static Cpu cpuWith(long pc, int word) {
        PhysicalMemory m = new PhysicalMemory();
        m.addRam(RAM, 1 << 20);
        byte[] b = {(byte) word, (byte) (word >>> 8), (byte) (word >>> 16), (byte) (word >>> 24)};
        m.write(pc, b, 0, 4);
        Cpu cpu = new Cpu(0, m, A64.decoder());
        cpu.pc = pc;
        return cpu;
    }

    /** Executes {@code word} at {@code pc} after {@code setup}; fails unless it retired and fell through. */
    static Cpu run(long pc, int word, Consumer<Cpu> setup) {
        Cpu cpu = cpuWith(pc, word);
        setup.accept(cpu);
        assertEquals(1, cpu.run(1), "instruction did not retire");
        assertEquals(pc + 4, cpu.pc, "next pc");
        return cpu;
    }

    static Cpu run(int word, Consumer<Cpu> setup) {
        return run(RAM, word, setup);
    }

    /** Executes {@code word} with X0, X1, ... set to {@code regs}. */
    static Cpu run(int word, long... regs) {
        return run(word, cpu -> System.arraycopy(regs, 0, cpu.x, 0, regs.length));
    }

    static boolean allocated(int word) {
        return A64.decoder().isAllocated(word);
    }

    /** PSTATE.NZCV as a 4-bit value, N in bit 3. */
    static int nzcv(Cpu cpu) {
        return cpu.nzcv() >>> 28;
    }

    /**
     * The ARM ARM's AddWithCarry(x, y, carry_in) for an N-bit datasize, written from the
     * pseudocode with unbounded integers (UInt/SInt sums compared with the truncated result):
     * returns {result zero-extended, nzcv}.
     */
    static long[] addWithCarry(long x, long y, int carryIn, int bits) {
        BigInteger mod = BigInteger.ONE.shiftLeft(bits);
        BigInteger ux = uint(x, bits);
        BigInteger uy = uint(y, bits);
        BigInteger unsignedSum = ux.add(uy).add(BigInteger.valueOf(carryIn));
        BigInteger signedSum = sint(x, bits).add(sint(y, bits)).add(BigInteger.valueOf(carryIn));
        BigInteger result = unsignedSum.mod(mod);
        long r = result.longValue();
        int n = result.testBit(bits - 1) ? 8 : 0;
        int z = result.signum() == 0 ? 4 : 0;
        int c = result.equals(unsignedSum) ? 0 : 2;
        int v = sint(r, bits).equals(signedSum) ? 0 : 1;
        return new long[] {r, n | z | c | v};
    }

    static BigInteger uint(long x, int bits) {
        return new BigInteger(Long.toUnsignedString(x)).mod(BigInteger.ONE.shiftLeft(bits));
    }

    static BigInteger sint(long x, int bits) {
        BigInteger u = uint(x, bits);
        return u.testBit(bits - 1) ? u.subtract(BigInteger.ONE.shiftLeft(bits)) : u;
    }
}
