package dev.hvlab.core.isa;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.decode.Encoder;
import dev.hvlab.core.mem.PhysicalMemory;

/**
 * One CPU over 1 MiB of RAM at 0x40000000 (identity translation), for instruction tests. Taken
 * exceptions are recorded and stop the run; {@link #taken} tells whether one happened.
 */
public final class Harness {
    public static final long BASE = 0x4000_0000L;
    public static final Encoder ENC = Encoder.a64();

    public final PhysicalMemory memory = new PhysicalMemory();
    public final Cpu cpu;
    public boolean taken;
    public int ec;
    public int iss;
    public long esr;
    public long elr;
    public int targetEl;

    public Harness() {
        memory.addRam(BASE, 1 << 20);
        cpu = new Cpu(0, memory, A64.decoder());
        cpu.pc = BASE;
        cpu.setExceptionHandler((c, e) -> {
            taken = true;
            ec = e.ec;
            iss = e.iss;
            esr = e.esr();
            elr = e.preferredReturn;
            targetEl = e.targetEl;
            c.stopRequested = true;
            return e.preferredReturn;
        });
    }

    /** Places {@code words} at {@code address}. */
    public Harness code(long address, int... words) {
        byte[] b = new byte[words.length * 4];
        for (int i = 0; i < words.length; i++) {
            for (int k = 0; k < 4; k++) {
                b[4 * i + k] = (byte) (words[i] >>> (8 * k));
            }
        }
        memory.write(address, b, 0, b.length);
        return this;
    }

    public Harness code(int... words) {
        return code(BASE, words);
    }

    /** Runs {@code n} instructions (or until an exception is taken) from the current PC. */
    public Harness run(int n) {
        cpu.run(n);
        return this;
    }

    /** Runs one instruction at BASE at the given EL (SP_ELx selected when EL > 0). */
    public Harness step(int el, int word) {
        code(word);
        cpu.el = el;
        cpu.spSel = el == 0 ? 0 : 1;
        cpu.pc = BASE;
        taken = false;
        cpu.run(1);
        return this;
    }
}
