package dev.hvlab.core.exception;

import dev.hvlab.core.asm.Assembler;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.isa.A64;
import dev.hvlab.core.mem.PhysicalMemory;
import dev.hvlab.core.mmu.SystemTranslator;
import dev.hvlab.core.sysreg.FpAccess;
import dev.hvlab.core.sysreg.SystemRegisters;

/** A CPU of the full-system model on 16 MiB of RAM at 0x4000_0000, starting at EL3 like silicon. */
final class SystemHarness {
    static final long RAM = 0x4000_0000L;
    final PhysicalMemory memory = new PhysicalMemory();
    final Cpu cpu;
    final ExceptionModel model = new ExceptionModel();
    final SystemTranslator translator;

    SystemHarness() {
        memory.addRam(RAM, 16 << 20);
        cpu = new Cpu(0, memory, A64.decoder());
        translator = new SystemTranslator(memory);
        cpu.setTranslator(translator);
        cpu.setExceptionHandler(model);
        cpu.el = 3;
        cpu.spSel = 1;
        cpu.daif = 0xF << 6;
        cpu.switchTlb(3);
        FpAccess.recompute(cpu);
    }

    /** Fills a vector table with NOPs, so a test can see where an exception went by where execution continues. */
    void nopVectors(long vbar) {
        for (long off = 0; off < 0x800; off += 4) {
            word(vbar + off, 0xD503201F);
        }
    }

    /** The MRS/MSR key of a register of the table. */
    static int reg(String name) {
        return SystemRegisters.standard().byName(name).key();
    }

    /** Places the assembled code in memory. */
    void load(Assembler a) {
        byte[] b = a.bytes();
        memory.write(a.base(), b, 0, b.length);
    }

    /** Writes one 32-bit word (e.g. a vector's first instruction). */
    void word(long pa, int w) {
        memory.write(pa, new byte[] {(byte) w, (byte) (w >> 8), (byte) (w >> 16), (byte) (w >> 24)}, 0, 4);
    }

    long read64(long pa) {
        byte[] b = new byte[8];
        memory.read(pa, b, 0, 8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[i] & 0xFF);
        }
        return v;
    }

    void run(long pc, int instructions) {
        cpu.pc = pc;
        cpu.run(instructions);
    }
}
