package dev.hvlab.bench;

import dev.hvlab.core.asm.Assembler;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.isa.A64;
import dev.hvlab.core.mem.PhysicalMemory;

/**
 * A fixed integer loop for measuring the interpreter alone: {@value #BODY} instructions per
 * iteration mixing register ALU operations, shifts, 64- and 32-bit loads and stores to a small
 * array in RAM, flag setting and a taken conditional branch. The counter starts at 2^62, so the
 * loop never ends within a measurement: every instruction a run retires is a loop instruction.
 */
public final class IntegerLoop {
    /** Instructions per loop iteration. */
    public static final int BODY = 12;
    public static final long RAM = 0x4000_0000L;
    public static final long DATA = RAM + 0x1000;

    private IntegerLoop() {
    }

    /** The loop's code at {@link #RAM}: a prologue, then the {@value #BODY}-instruction body. */
    public static Assembler code() {
        Assembler a = new Assembler(RAM);
        a.mov(0, 1L << 62);                                   // x0: iteration counter
        a.mov(1, DATA);                                       // x1: the array
        a.mov(3, 0x9E37_79B9_7F4A_7C15L);                     // x3: an odd increment
        Assembler.Label loop = a.newLabel();
        a.bind(loop);
        a.addReg(2, 2, 3);                                    // x2 += x3
        a.emit("EOR_r", "sf", 1, "shift", 1, "imm6", 7, "rm", 2, "rn", 2, "rd", 4);   // x4 = x2 ^ (x2 >> 7)
        a.emit("UBFM", "sf", 1, "N", 1, "immr", 61, "imms", 63, "rn", 4, "rd", 5);    // x5 = x4 >> 61
        a.emit("UBFM", "sf", 1, "N", 1, "immr", 61, "imms", 60, "rn", 5, "rd", 5);    // x5 <<= 3
        a.emit("LDST_roff", "size", 3, "opc", 1, "rm", 5, "option", 3, "S", 0, "rn", 1, "rt", 6); // ldr x6, [x1, x5]
        a.addReg(6, 6, 4);                                    // x6 += x4
        a.emit("LDST_roff", "size", 3, "opc", 0, "rm", 5, "option", 3, "S", 0, "rn", 1, "rt", 6); // str x6, [x1, x5]
        a.ldrw(7, 1, 64);                                     // w7 = [x1 + 64]
        a.emit("ORR_r", "sf", 0, "shift", 0, "imm6", 0, "rm", 6, "rn", 7, "rd", 7);   // w7 |= w6
        a.strw(7, 1, 64);
        a.subs(0, 0, 1);
        a.bCond(Assembler.NE, loop);
        return a;
    }

    /** A CPU at EL1 with 64 KiB of RAM holding the loop, past the prologue: at the loop's head. */
    public static Cpu newCpu() {
        PhysicalMemory m = new PhysicalMemory();
        m.addRam(RAM, 64 * 1024);
        Assembler a = code();
        int words = a.words().length;
        byte[] code = a.bytes();
        m.write(RAM, code, 0, code.length);
        Cpu cpu = new Cpu(0, m, A64.decoder());
        cpu.el = 1;
        cpu.switchTlb(1);
        cpu.pc = RAM;
        cpu.setExceptionHandler((c, e) -> {
            throw new IllegalStateException("the integer loop raised " + e.getMessage());
        });
        cpu.run(words - BODY);
        return cpu;
    }
}
