package dev.hvlab.core.isa;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.decode.Encoder;
import dev.hvlab.core.mem.PhysicalMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A CPU with 1 MiB of RAM for load/store tests: code at {@link #CODE}, data at {@link #DATA}.
 * The exception handler records the syndrome of the first exception and stops the CPU.
 */
final class LdstHarness {
    static final long RAM = 0x40000000L;
    static final long RAM_SIZE = 1 << 20;
    static final long CODE = RAM;
    static final long DATA = RAM + 0x10000;
    /** A physical address no region maps. */
    static final long UNMAPPED = 0x1000L;

    static final Encoder ENC = Encoder.a64();

    final PhysicalMemory mem = new PhysicalMemory();
    final Cpu cpu;
    boolean excepted;
    int ec;
    int iss;
    long esr;
    long far;
    boolean farValid;
    long elr;

    LdstHarness() {
        mem.addRam(RAM, RAM_SIZE);
        cpu = new Cpu(0, mem, A64.decoder());
        cpu.setExceptionHandler((c, e) -> {
            if (!excepted) {
                excepted = true;
                ec = e.ec;
                iss = e.iss;
                esr = e.esr();
                far = e.far;
                farValid = e.farValid;
                elr = e.preferredReturn;
            }
            c.stopRequested = true;
            return e.preferredReturn;
        });
    }

    static int enc(String pattern, Object... fields) {
        return ENC.encode(pattern, fields);
    }

    void load(long address, int... words) {
        ByteBuffer b = ByteBuffer.allocate(words.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : words) {
            b.putInt(w);
        }
        mem.write(address, b.array(), 0, b.capacity());
    }

    /** Places {@code words} at {@link #CODE} and runs exactly that many instructions (fewer on an exception). */
    long run(int... words) {
        load(CODE, words);
        cpu.pc = CODE;
        return cpu.run(words.length);
    }

    void put64(long pa, long v) {
        byte[] b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
        mem.write(pa, b, 0, 8);
    }

    void putBytes(long pa, byte... b) {
        mem.write(pa, b, 0, b.length);
    }

    long get64(long pa) {
        byte[] b = new byte[8];
        mem.read(pa, b, 0, 8);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
