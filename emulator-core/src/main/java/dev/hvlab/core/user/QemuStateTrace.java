package dev.hvlab.core.user;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.StateTracer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * {@code --trace-state}: the CPU state before every instruction, in exactly the text that
 * {@code qemu-aarch64 -cpu cortex-a72 -singlestep -d cpu} prints (qemu 7.2, AArch64 at EL0, without
 * {@code -d fpu}), so an hvlab trace and a qemu trace of the same program can be diffed line by line:
 *
 * <pre>
 *  PC=00000000004000d4 X00=0000000000000000 X01=0000000000000000
 * X02=... X03=... X04=...
 * ...
 * X29=0000000000000000 X30=0000000000000000  SP=0000005500800860
 * PSTATE=40000000 -Z-- EL0t
 * </pre>
 */
public final class QemuStateTrace implements StateTracer {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private final OutputStream out;
    private final byte[] buf = new byte[1024];
    private int len;

    public QemuStateTrace(OutputStream out) {
        this.out = out;
    }

    @Override
    public void beforeInstruction(Cpu cpu, long pc) {
        len = 0;
        text(" PC=");
        hex(pc, 16);
        for (int i = 0; i < 31; i++) {
            text(i % 3 == 2 ? "\n" : " ");
            text("X");
            buf[len++] = (byte) ('0' + i / 10);
            buf[len++] = (byte) ('0' + i % 10);
            text("=");
            hex(cpu.x[i], 16);
        }
        text("  SP=");
        hex(cpu.x[Cpu.SP], 16);
        text("\nPSTATE=");
        int pstate = cpu.nzcv() | cpu.el << 2 | cpu.spSel;
        hex(pstate & 0xFFFFFFFFL, 8);
        buf[len++] = ' ';
        buf[len++] = (byte) (cpu.n ? 'N' : '-');
        buf[len++] = (byte) (cpu.z ? 'Z' : '-');
        buf[len++] = (byte) (cpu.c ? 'C' : '-');
        buf[len++] = (byte) (cpu.v ? 'V' : '-');
        text(" EL");
        buf[len++] = (byte) ('0' + cpu.el);
        buf[len++] = (byte) (cpu.spSel != 0 ? 'h' : 't');
        buf[len++] = '\n';
        try {
            out.write(buf, 0, len);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the state trace", e);
        }
    }

    private void text(String s) {
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void hex(long v, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            buf[len++] = HEX[(int) (v >>> (4 * i)) & 0xF];
        }
    }
}
