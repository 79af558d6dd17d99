package dev.hvlab.board.imx8qm;

import dev.hvlab.core.asm.Assembler;
import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.config.UserInputException;
import dev.hvlab.core.firmware.Psci;
import dev.hvlab.core.sysreg.SystemRegisters;
import dev.hvlab.core.uart.Lpuart;
import dev.hvlab.core.uart.Pl011;
import java.nio.charset.StandardCharsets;

/**
 * The built-in bare-metal demo that {@code hvlab boot} runs when no kernel is given: the boot CPU
 * turns on every other CPU with PSCI CPU_ON (SMC to the EL3 firmware model, context id = the CPU's
 * index); the CPUs take turns through a word in memory (incremented with LDAXR/STLXR), each
 * printing "cpu " and the low 16 bits of its MPIDR_EL1 (Aff1.Aff0) through the console UART, then
 * the secondaries call CPU_OFF and the boot CPU calls SYSTEM_OFF. It is assembled at run time from
 * the board's own table, so it works on any board config with an LPUART or a PL011. Loaded as a
 * raw binary 1 MiB into the first RAM region and started at EL3.
 */
public final class SmpDemo {
    private SmpDemo() {
    }

    /** Where the demo is loaded and starts. */
    public static long loadAddress(BoardConfig config) {
        return config.ram().get(0).base() + 0x10_0000;
    }

    /** The demo's code and data for {@code config} with its first {@code cpus} CPUs. */
    public static byte[] image(BoardConfig config, int cpus) {
        long[] mpidrs = new long[cpus];
        for (int i = 0; i < cpus; i++) {
            mpidrs[i] = DeviceTree.affinity(config, i);
        }
        return assemble(config.ram().get(0).base(), uartDataRegister(config), mpidrs).bytes();
    }

    /** The physical address of the console UART's transmit data register. */
    static long uartDataRegister(BoardConfig config) {
        for (BoardConfig.Device d : config.devices()) {
            if (d.type().equals(DeviceRegistry.NXP_LPUART)) {
                return d.base() + Lpuart.DATA;
            }
            if (d.type().equals(DeviceRegistry.ARM_PL011)) {
                return d.base() + Pl011.DR;
            }
        }
        throw new UserInputException("board '" + config.name() + "' has no LPUART or PL011 for the demo's output");
    }

    /** The demo program at {@code ramBase + 1 MiB}; the turn word lives at {@code ramBase + 2 MiB}. */
    static Assembler assemble(long ramBase, long uartData, long[] mpidrs) {
        int n = mpidrs.length;
        long turnAddress = ramBase + 0x20_0000;
        Assembler a = new Assembler(ramBase + 0x10_0000);
        Assembler.Label common = a.newLabel();
        Assembler.Label hex = a.newLabel();
        Assembler.Label prefix = a.newLabel();
        for (int i = 1; i < n; i++) {
            a.mov(0, (Psci.CPU_ON | Psci.SMC64) & 0xFFFF_FFFFL);
            a.mov(1, mpidrs[i]);
            a.adr(2, common);
            a.mov(3, i);
            a.smc(0);
        }
        a.mov(0, 0);
        a.bind(common);
        a.movReg(9, 0);                          // X9 = my index (the CPU_ON context id)
        a.mov(1, uartData);
        a.mov(5, turnAddress);
        Assembler.Label wait = a.newLabel();
        a.bind(wait);
        a.ldrw(4, 5, 0);
        a.subsReg(31, 4, 9);
        a.bCond(Assembler.NE, wait);
        print(a, prefix);
        a.mrs(7, SystemRegisters.standard().byName("MPIDR_EL1").key());
        for (int shift = 12; shift >= 0; shift -= 4) {
            a.emit("UBFM", "sf", 1, "N", 1, "immr", shift, "imms", 63, "rn", 7, "rd", 6);  // LSR X6, X7, #shift
            a.emit("AND_i", "sf", 1, "N", 1, "immr", 0, "imms", 3, "rn", 6, "rd", 6);     // AND X6, X6, #0xF
            a.adr(8, hex);
            a.addReg(8, 8, 6);
            a.ldrb(3, 8, 0);
            a.strw(3, 1, 0);
        }
        a.mov(3, '\n');
        a.strw(3, 1, 0);
        Assembler.Label retry = a.newLabel();
        a.bind(retry);
        a.emit("LDAXR", "size", 2, "rs", 31, "rt2", 31, "rn", 5, "rt", 4);
        a.add(4, 4, 1);
        a.emit("STLXR", "size", 2, "rs", 6, "rt2", 31, "rn", 5, "rt", 4);
        a.cbnz(6, retry);
        Assembler.Label boot = a.newLabel();
        a.cbz(9, boot);
        a.mov(0, Psci.CPU_OFF & 0xFFFF_FFFFL);
        a.smc(0);
        Assembler.Label self = a.newLabel();
        a.bind(self);
        a.b(self);
        a.bind(boot);
        Assembler.Label all = a.newLabel();
        a.bind(all);
        a.ldrw(4, 5, 0);
        a.cmp(4, n);
        a.bCond(Assembler.NE, all);
        systemOff(a);
        string(a, prefix, "cpu ");
        string(a, hex, "0123456789abcdef");
        return a;
    }

    /** Prints the NUL-terminated string at {@code msg} through the data register in X1 (clobbers X2, X3). */
    static void print(Assembler a, Assembler.Label msg) {
        Assembler.Label loop = a.newLabel();
        Assembler.Label done = a.newLabel();
        a.adr(2, msg);
        a.bind(loop);
        a.ldrb(3, 2, 0);
        a.cbz(3, done);
        a.strw(3, 1, 0);
        a.add(2, 2, 1);
        a.b(loop);
        a.bind(done);
    }

    /** SYSTEM_OFF through the EL3 firmware (SMC32 function ID in W0), then spins. */
    static void systemOff(Assembler a) {
        a.mov(0, Psci.SYSTEM_OFF & 0xFFFF_FFFFL);
        a.smc(0);
        Assembler.Label self = a.newLabel();
        a.bind(self);
        a.b(self);
    }

    /** A NUL-terminated ASCII string at label {@code l}, padded to whole words. */
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
}
