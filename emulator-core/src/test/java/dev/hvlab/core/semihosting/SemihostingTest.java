package dev.hvlab.core.semihosting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.asm.Assembler;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.isa.A64;
import dev.hvlab.core.mem.PhysicalMemory;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Semihosting calls made by a real {@code HLT #0xF000} (word 0xd45e0000, from aarch64-linux-gnu-as)
 * and serviced as the exception-entry code will: claimed calls continue at the next instruction,
 * anything else is UNDEFINED. Operation numbers and block layouts: ARM-software/abi-aa semihosting.rst.
 */
class SemihostingTest {
    private static final int HLT_F000 = 0xd45e0000;
    private static final int HLT_1 = 0xd4400020;
    private static final long RAM = 0x4000_0000L;
    private static final long DATA = RAM + 0x8000;

    private final PhysicalMemory memory = new PhysicalMemory();
    private final Cpu cpu = new Cpu(0, memory, A64.decoder());
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private long nowPs;
    private int exitStatus = Integer.MIN_VALUE;
    private boolean undefined;
    private final Semihosting sh = new Semihosting(out, err, ConsoleInput.of("ab".getBytes(StandardCharsets.US_ASCII)),
            i -> nowPs, (c, status) -> exitStatus = status).setEnabled(true);

    SemihostingTest() {
        memory.addRam(RAM, 1 << 16);
        cpu.el = 1;
        cpu.spSel = 1;
        cpu.setExceptionHandler((c, e) -> {
            if (e.ec == ExceptionClass.HLT && sh.claims(c, e.iss)) {
                return sh.handle(c, e.preferredReturn);
            }
            undefined = true;
            c.requestStop();
            return e.preferredReturn;
        });
    }

    private void poke(long address, byte[] bytes) {
        memory.write(address, bytes, 0, bytes.length);
    }

    private void poke64(long address, long... values) {
        byte[] b = new byte[8 * values.length];
        for (int i = 0; i < values.length; i++) {
            for (int k = 0; k < 8; k++) {
                b[8 * i + k] = (byte) (values[i] >>> (8 * k));
            }
        }
        poke(address, b);
    }

    private long peek64(long address) {
        byte[] b = new byte[8];
        memory.read(address, b, 0, 8);
        long v = 0;
        for (int k = 7; k >= 0; k--) {
            v = v << 8 | (b[k] & 0xFF);
        }
        return v;
    }

    /** Runs {@code mov x0, op; mov x1, param; hlt #0xf000; mov x2, #1} and returns X0. */
    private long call(int op, long param) {
        return call(HLT_F000, op, param);
    }

    private long call(int hlt, int op, long param) {
        Assembler a = new Assembler(RAM).mov(0, op).mov(1, param).word(hlt).mov(2, 1);
        poke(RAM, a.bytes());
        cpu.pc = RAM;
        cpu.x[2] = 0;
        undefined = false;
        cpu.run(a.size()); // the HLT does not retire, but taking it is a step of the budget
        return cpu.x[0];
    }

    private String out() {
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void write0PrintsTheStringAndExecutionContinuesAfterTheHlt() {
        poke(DATA, "hello, world\n\0junk".getBytes(StandardCharsets.US_ASCII));
        call(Semihosting.SYS_WRITE0, DATA);
        assertEquals("hello, world\n", out());
        assertEquals(1, cpu.x[2], "the instruction after the HLT ran");
        assertFalse(undefined);
    }

    @Test
    void writecPrintsOneCharacter() {
        poke(DATA, new byte[] {'Z'});
        call(Semihosting.SYS_WRITEC, DATA);
        assertEquals("Z", out());
    }

    @Test
    void openTheConsoleAndWriteToStdoutAndStderr() {
        poke(DATA + 0x100, ":tt\0".getBytes(StandardCharsets.US_ASCII));
        poke64(DATA, DATA + 0x100, 4, 3); // name, mode "w", length
        long stdout = call(Semihosting.SYS_OPEN, DATA);
        poke64(DATA, DATA + 0x100, 8, 3); // mode "a": stderr
        long stderr = call(Semihosting.SYS_OPEN, DATA);
        assertTrue(stdout > 0 && stderr > 0 && stdout != stderr);

        poke(DATA + 0x200, "out!err!".getBytes(StandardCharsets.US_ASCII));
        poke64(DATA, stdout, DATA + 0x200, 4);
        assertEquals(0, call(Semihosting.SYS_WRITE, DATA), "0 bytes not written");
        poke64(DATA, stderr, DATA + 0x204, 4);
        assertEquals(0, call(Semihosting.SYS_WRITE, DATA));
        assertEquals("out!", out());
        assertEquals("err!", err.toString(StandardCharsets.ISO_8859_1));

        poke64(DATA, stdout);
        assertEquals(1, call(Semihosting.SYS_ISTTY, DATA));
        assertEquals(0, call(Semihosting.SYS_CLOSE, DATA));
        assertEquals(-1, call(Semihosting.SYS_CLOSE, DATA), "already closed");
        assertEquals(9, call(Semihosting.SYS_ERRNO, 0), "EBADF");
    }

    @Test
    void consoleInputThroughReadAndReadc() {
        poke(DATA + 0x100, ":tt\0".getBytes(StandardCharsets.US_ASCII));
        poke64(DATA, DATA + 0x100, 0, 3);
        long stdin = call(Semihosting.SYS_OPEN, DATA);
        assertEquals('a', call(Semihosting.SYS_READC, 0));
        poke64(DATA, stdin, DATA + 0x300, 4);
        assertEquals(3, call(Semihosting.SYS_READ, DATA), "one byte read, three not read: end of input");
        byte[] b = new byte[1];
        memory.read(DATA + 0x300, b, 0, 1);
        assertEquals('b', b[0]);
        assertEquals(-1, call(Semihosting.SYS_READC, 0));
    }

    @Test
    void featuresFileReportsExitExtendedAndStdoutStderr() {
        poke(DATA + 0x100, ":semihosting-features\0".getBytes(StandardCharsets.US_ASCII));
        poke64(DATA, DATA + 0x100, 0, 21);
        long fh = call(Semihosting.SYS_OPEN, DATA);
        assertTrue(fh > 0);
        poke64(DATA, fh);
        assertEquals(5, call(Semihosting.SYS_FLEN, DATA));
        poke64(DATA, fh, DATA + 0x300, 8);
        assertEquals(3, call(Semihosting.SYS_READ, DATA), "5 of 8 bytes");
        byte[] b = new byte[5];
        memory.read(DATA + 0x300, b, 0, 5);
        assertArrayEquals(new byte[] {'S', 'H', 'F', 'B', 3}, b);
        poke64(DATA, DATA + 0x100, 4, 21);
        assertEquals(-1, call(Semihosting.SYS_OPEN, DATA), "only readable");
    }

    @Test
    void exitWithApplicationExitReportsTheSubcode() {
        poke64(DATA, 0x20026, 42);
        call(Semihosting.SYS_EXIT, DATA);
        assertEquals(42, exitStatus);
        assertTrue(cpu.stopRequested);
        assertEquals(0, cpu.x[2], "no instruction after the exit");
    }

    @Test
    void exitWithAnotherReasonIsFailure() {
        poke64(DATA, 0x20023, 0); // ADP_Stopped_RunTimeErrorUnknown
        call(Semihosting.SYS_EXIT, DATA);
        assertEquals(1, exitStatus);
    }

    @Test
    void exitExtendedIsTheSameOnA64() {
        poke64(DATA, 0x20026, 0);
        call(Semihosting.SYS_EXIT_EXTENDED, DATA);
        assertEquals(0, exitStatus);
    }

    @Test
    void clockElapsedAndTimeComeFromSimulatedTime() {
        nowPs = 1_234_567_891_000L; // 1.234567891 s
        assertEquals(123, call(Semihosting.SYS_CLOCK, 0), "centiseconds");
        assertEquals(0, call(Semihosting.SYS_ELAPSED, DATA));
        assertEquals(1_234_567_891L, peek64(DATA), "ticks at SYS_TICKFREQ");
        assertEquals(1_000_000_000L, call(Semihosting.SYS_TICKFREQ, 0));
        sh.setEpochSeconds(1_700_000_000L);
        assertEquals(1_700_000_001L, call(Semihosting.SYS_TIME, 0));
    }

    @Test
    void aFaultingPointerFailsTheCallWithEfault() {
        assertEquals(-1, call(Semihosting.SYS_WRITE0, 0x10)); // no RAM there
        assertFalse(undefined, "the guest sees a failed call, not an abort");
        assertEquals(14, call(Semihosting.SYS_ERRNO, 0));
    }

    @Test
    void unknownOperationsFailWithEnosys() {
        assertEquals(-1, call(0x12, DATA)); // SYS_SYSTEM
        assertEquals(38, call(Semihosting.SYS_ERRNO, 0));
    }

    @Test
    void otherHltImmediatesEl0AndDisabledSemihostingAreUndefined() {
        call(HLT_1, Semihosting.SYS_WRITEC, DATA);
        assertTrue(undefined, "HLT #1");
        cpu.el = 0;
        cpu.spSel = 0;
        call(Semihosting.SYS_WRITEC, DATA);
        assertTrue(undefined, "EL0");
        cpu.el = 1;
        cpu.spSel = 1;
        sh.setEnabled(false);
        call(Semihosting.SYS_WRITEC, DATA);
        assertTrue(undefined, "disabled");
        assertEquals("", out());
    }
}
