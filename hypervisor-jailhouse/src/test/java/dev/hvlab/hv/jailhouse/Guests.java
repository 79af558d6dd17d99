package dev.hvlab.hv.jailhouse;

import dev.hvlab.core.asm.Assembler;
import dev.hvlab.core.difftest.ElfWriter;
import dev.hvlab.core.sysreg.SystemRegisters;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A small bare-metal inmate library, assembled with the project's Assembler: output through the
 * Jailhouse debug console hypercall or a UART, decimal printing, PSCI calls, the GIC's virtual CPU
 * interface; and the demos built from it. Register conventions: x0-x7 scratch for the library
 * routines, x19 and up for the programs.
 */
final class Guests {
    static final long UART_DATA = 0x5a06_0000L + dev.hvlab.core.uart.Lpuart.DATA;
    static final long GICD = 0x51a0_0000L;
    static final long GICR = 0x51b0_0000L;
    static final int HVC_JAILHOUSE = 0x4a48;
    static final int WFI = 0xD503207F;

    private Guests() {
    }

    static int reg(String name) {
        return SystemRegisters.standard().byName(name).key();
    }

    static byte[] elf(Assembler a) {
        return ElfWriter.write(a.base(), List.of(new ElfWriter.Segment(a.base(), a.bytes(), a.bytes().length,
                ElfWriter.PF_R | ElfWriter.PF_W | ElfWriter.PF_X)));
    }

    /** A NUL-terminated string at label {@code l}, padded to words. */
    static void string(Assembler a, Assembler.Label l, String s) {
        a.bind(l);
        byte[] b = (s + "\0").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < b.length; i += 4) {
            int w = 0;
            for (int j = 0; j < 4 && i + j < b.length; j++) {
                w |= (b[i + j] & 0xFF) << (8 * j);
            }
            a.word(w);
        }
    }

    /** Emits the character in w1: a debug console hypercall, or a store to the UART's data register. */
    static void putc(Assembler a, boolean hypercall) {
        if (hypercall) {
            a.mov(0, Hypercalls.HC_DEBUG_CONSOLE_PUTC);
            a.hvc(HVC_JAILHOUSE);
        } else {
            a.mov(7, UART_DATA);
            a.strw(1, 7, 0);
        }
    }

    /** Routine "puts": prints the string at x2. Clobbers x0, x1, x2, x7. */
    static void putsRoutine(Assembler a, Assembler.Label entry, boolean hypercall) {
        Assembler.Label loop = a.newLabel();
        Assembler.Label done = a.newLabel();
        a.bind(entry);
        a.bind(loop);
        a.ldrb(1, 2, 0);
        a.cbz(1, done);
        putc(a, hypercall);
        a.add(2, 2, 1);
        a.b(loop);
        a.bind(done);
        a.ret();
    }

    /** Routine "putdec": prints x0 in decimal; buffer = 24 bytes ending at {@code bufEnd}. Clobbers x0-x7. */
    static void putdecRoutine(Assembler a, Assembler.Label entry, Assembler.Label bufEnd, boolean hypercall) {
        Assembler.Label digits = a.newLabel();
        Assembler.Label print = a.newLabel();
        Assembler.Label done = a.newLabel();
        a.bind(entry);
        a.adr(3, bufEnd);
        a.movReg(6, 3);
        a.mov(4, 10);
        a.bind(digits);
        a.emit("UDIV", "sf", 1, "rm", 4, "rn", 0, "rd", 5);
        a.emit("MADD", "sf", 1, "rm", 4, "ra", 31, "rn", 5, "rd", 7); // x7 = x5 * 10
        a.subReg(7, 0, 7);
        a.add(7, 7, '0');
        a.sub(3, 3, 1);
        a.strb(7, 3, 0);
        a.movReg(0, 5);
        a.cbnz(0, digits);
        a.bind(print);
        a.subsReg(31, 3, 6);
        a.bCond(Assembler.EQ, done);
        a.ldrb(1, 3, 0);
        a.movReg(2, 6); // keep the end across putc (x6 is not clobbered by putc)
        putc(a, hypercall);
        a.add(3, 3, 1);
        a.b(print);
        a.bind(done);
        a.ret();
    }

    /** Calls a routine, saving nothing (callers keep their state in x19 and up). */
    static void call(Assembler a, Assembler.Label routine) {
        a.bl(routine);
    }

    /** PSCI through SMC: function in x0, arguments x1-x3 already set. */
    static void psci(Assembler a, long function) {
        a.mov(0, function & 0xFFFF_FFFFL);
        a.smc(0);
    }

    static void halt(Assembler a) {
        Assembler.Label self = a.newLabel();
        a.bind(self);
        a.word(WFI);
        a.b(self);
    }
}
