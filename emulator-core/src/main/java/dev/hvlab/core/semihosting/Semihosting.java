package dev.hvlab.core.semihosting;

import dev.hvlab.core.cpu.ArchitecturalException;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.time.LocalTime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Arm semihosting for AArch64 ("Semihosting for AArch32 and AArch64", ARM-software/abi-aa,
 * semihosting.rst), the A64 interface: {@code HLT #0xF000} with the operation number in W0 and the
 * parameter (a value or a pointer to a block of 64-bit fields) in X1; the result goes to X0. Guest
 * memory is read and written through the calling CPU's current translation.
 *
 * <p>Models: SYS_OPEN of the console ({@code ":tt"}: read = stdin, write = stdout, append = stderr,
 * extension SH_EXT_STDOUT_STDERR) and of {@code ":semihosting-features"} (reporting
 * SH_EXT_EXIT_EXTENDED and SH_EXT_STDOUT_STDERR), SYS_CLOSE, SYS_WRITEC, SYS_WRITE0, SYS_WRITE,
 * SYS_READ, SYS_READC, SYS_ISERROR, SYS_ISTTY, SYS_SEEK and SYS_FLEN (the features file),
 * SYS_CLOCK, SYS_TIME, SYS_ELAPSED, SYS_TICKFREQ, SYS_ERRNO, SYS_GET_CMDLINE (empty),
 * SYS_HEAPINFO (all zero: the C library keeps its own defaults), SYS_EXIT and SYS_EXIT_EXTENDED
 * (status = the subcode for ADP_Stopped_ApplicationExit, 1 for any other reason, as QEMU does).
 * Time is simulated time at the calling CPU's {@link LocalTime}, counted from the start of the run:
 * SYS_CLOCK in centiseconds, SYS_ELAPSED in nanoseconds (SYS_TICKFREQ 10^9), SYS_TIME in seconds
 * plus a configurable epoch (0 by default), so runs stay deterministic. Console input comes from a
 * {@link ConsoleInput} the machine fills; with none, reads see end of file.
 *
 * <p>Does not model: host files (SYS_OPEN of any other name fails with ENOENT, SYS_REMOVE,
 * SYS_RENAME, SYS_TMPNAM, SYS_SYSTEM return -1), the A32/T32 interfaces (SVC/BKPT/HLT #0x3C), a
 * debugger being notified of SYS_EXIT reasons.
 */
public final class Semihosting {
    private static final Logger LOG = LoggerFactory.getLogger(Semihosting.class);

    /** The HLT immediate of an A64 semihosting call. */
    public static final int HLT_IMMEDIATE = 0xF000;

    public static final int SYS_OPEN = 0x01;
    public static final int SYS_CLOSE = 0x02;
    public static final int SYS_WRITEC = 0x03;
    public static final int SYS_WRITE0 = 0x04;
    public static final int SYS_WRITE = 0x05;
    public static final int SYS_READ = 0x06;
    public static final int SYS_READC = 0x07;
    public static final int SYS_ISERROR = 0x08;
    public static final int SYS_ISTTY = 0x09;
    public static final int SYS_SEEK = 0x0A;
    public static final int SYS_FLEN = 0x0C;
    public static final int SYS_CLOCK = 0x10;
    public static final int SYS_TIME = 0x11;
    public static final int SYS_ERRNO = 0x13;
    public static final int SYS_GET_CMDLINE = 0x15;
    public static final int SYS_HEAPINFO = 0x16;
    public static final int SYS_EXIT = 0x18;
    public static final int SYS_EXIT_EXTENDED = 0x20;
    public static final int SYS_ELAPSED = 0x30;
    public static final int SYS_TICKFREQ = 0x31;

    public static final long ADP_STOPPED_APPLICATION_EXIT = 0x20026;
    /** SYS_ELAPSED ticks per second: nanoseconds of simulated time. */
    public static final long TICK_FREQUENCY = 1_000_000_000L;

    // Linux errno values, what a host running a semihosting debugger reports.
    static final int ENOENT = 2;
    static final int EBADF = 9;
    static final int EFAULT = 14;
    static final int EINVAL = 22;
    static final int ENOSYS = 38;

    private static final byte[] FEATURES = {0x53, 0x48, 0x46, 0x42, 0x03}; // "SHFB", EXIT_EXTENDED | STDOUT_STDERR

    /** What the guest asked for when it exited. */
    @FunctionalInterface
    public interface ExitHandler {
        void exit(Cpu cpu, int status);
    }

    private enum Kind { STDIN, STDOUT, STDERR, FEATURES }

    private static final class Handle {
        final Kind kind;
        int position;

        Handle(Kind kind) {
            this.kind = kind;
        }
    }

    private final OutputStream stdout;
    private final OutputStream stderr;
    private final ConsoleInput stdin;
    private final LocalTime time;
    private final ExitHandler exitHandler;
    /** Open handles; a handle is its index + 1 (handles are nonzero). */
    private final List<Handle> handles = new ArrayList<>();
    private final Set<Integer> warned = new HashSet<>();
    private boolean enabled;
    private boolean allowEl0;
    private long epochSeconds;
    private int errno;

    public Semihosting(OutputStream stdout, OutputStream stderr, ConsoleInput stdin, LocalTime time,
                       ExitHandler exitHandler) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.stdin = stdin;
        this.time = time;
        this.exitHandler = exitHandler;
    }

    /** Console output and error to one stream, no input. */
    public Semihosting(OutputStream console, LocalTime time, ExitHandler exitHandler) {
        this(console, console, ConsoleInput.EMPTY, time, exitHandler);
    }

    /** Turns semihosting on (the CLI's --semihosting). Off, HLT #0xF000 is UNDEFINED like any HLT. */
    public Semihosting setEnabled(boolean on) {
        this.enabled = on;
        return this;
    }

    /** Lets EL0 code make calls too (off by default, as QEMU's userspace=off: EL0 must not reach the host). */
    public Semihosting setAllowEl0(boolean allow) {
        this.allowEl0 = allow;
        return this;
    }

    /** The seconds since 1970 that SYS_TIME reports at the start of the run. */
    public Semihosting setEpochSeconds(long seconds) {
        this.epochSeconds = seconds;
        return this;
    }

    /**
     * Whether an HLT with {@code imm16} executed by {@code cpu} is a semihosting call this handler
     * services; otherwise the exception code must take the HLT as UNDEFINED.
     */
    public boolean claims(Cpu cpu, int imm16) {
        return enabled && imm16 == HLT_IMMEDIATE && (cpu.el > 0 || allowEl0);
    }

    /**
     * Services the call of the HLT at {@code pc} and returns where execution continues (the next
     * instruction). SYS_EXIT calls the exit handler and requests the CPU's stop. A pointer the
     * guest cannot access makes the call fail with -1 (EFAULT); note that the fault reuses the CPU's
     * exception object, so the caller must have read what it needs from it before.
     */
    public long handle(Cpu cpu, long pc) {
        int op = (int) cpu.x[0];
        long param = cpu.x[1];
        long result;
        try {
            result = call(cpu, op, param);
        } catch (ArchitecturalException fault) {
            errno = EFAULT;
            result = -1;
        }
        cpu.x[0] = result;
        return pc + 4;
    }

    private long call(Cpu cpu, int op, long p) {
        return switch (op) {
            case SYS_OPEN -> open(cpu, cpu.read64(p), cpu.read64(p + 8), cpu.read64(p + 16));
            case SYS_CLOSE -> close(cpu.read64(p));
            case SYS_WRITEC -> {
                byte[] b = {(byte) cpu.read8(p)};
                write(stdout, b);
                yield cpu.x[0]; // X0 is corrupted per the specification; leave it
            }
            case SYS_WRITE0 -> {
                write(stdout, readString(cpu, p));
                yield cpu.x[0];
            }
            case SYS_WRITE -> writeHandle(cpu, cpu.read64(p), cpu.read64(p + 8), cpu.read64(p + 16));
            case SYS_READ -> readHandle(cpu, cpu.read64(p), cpu.read64(p + 8), cpu.read64(p + 16));
            case SYS_READC -> stdin.read();
            case SYS_ISERROR -> cpu.read64(p) < 0 ? 1 : 0;
            case SYS_ISTTY -> {
                Handle h = handle(cpu.read64(p));
                yield h == null ? -1 : h.kind == Kind.FEATURES ? 0 : 1;
            }
            case SYS_SEEK -> seek(cpu.read64(p), cpu.read64(p + 8));
            case SYS_FLEN -> {
                Handle h = handle(cpu.read64(p));
                yield h == null ? -1 : h.kind == Kind.FEATURES ? FEATURES.length : fail(EINVAL);
            }
            case SYS_CLOCK -> nowPs(cpu) / 10_000_000_000L;
            case SYS_TIME -> epochSeconds + nowPs(cpu) / 1_000_000_000_000L;
            case SYS_ELAPSED -> {
                cpu.write64(p, nowPs(cpu) / 1000);
                yield 0;
            }
            case SYS_TICKFREQ -> TICK_FREQUENCY;
            case SYS_ERRNO -> errno;
            case SYS_GET_CMDLINE -> {
                if (cpu.read64(p + 8) < 1) {
                    yield -1;
                }
                cpu.write8(cpu.read64(p), 0);
                cpu.write64(p + 8, 0);
                yield 0;
            }
            case SYS_HEAPINFO -> {
                long block = cpu.read64(p);
                for (int i = 0; i < 4; i++) {
                    cpu.write64(block + 8L * i, 0);
                }
                yield 0;
            }
            case SYS_EXIT, SYS_EXIT_EXTENDED -> {
                long reason = cpu.read64(p);
                int status = reason == ADP_STOPPED_APPLICATION_EXIT ? (int) cpu.read64(p + 8) : 1;
                flush(stdout);
                flush(stderr);
                exitHandler.exit(cpu, status);
                cpu.requestStop();
                yield cpu.x[0];
            }
            default -> {
                if (warned.add(op)) {
                    LOG.warn("semihosting: unimplemented operation 0x{}: returns -1", Integer.toHexString(op));
                }
                yield fail(ENOSYS);
            }
        };
    }

    private long nowPs(Cpu cpu) {
        return time.nowPs(cpu.index());
    }

    private long fail(int e) {
        errno = e;
        return -1;
    }

    private long open(Cpu cpu, long namePtr, long mode, long length) {
        byte[] name = new byte[(int) Math.min(Math.max(length, 0), 4096)];
        for (int i = 0; i < name.length; i++) {
            name[i] = (byte) cpu.read8(namePtr + i);
        }
        String s = new String(name, java.nio.charset.StandardCharsets.ISO_8859_1);
        Kind kind;
        if (s.equals(":tt")) {
            kind = mode < 4 ? Kind.STDIN : mode < 8 ? Kind.STDOUT : Kind.STDERR;
        } else if (s.equals(":semihosting-features") && (mode == 0 || mode == 1)) {
            kind = Kind.FEATURES;
        } else {
            return fail(ENOENT);
        }
        handles.add(new Handle(kind));
        return handles.size();
    }

    private Handle handle(long h) {
        if (h < 1 || h > handles.size() || handles.get((int) h - 1) == null) {
            errno = EBADF;
            return null;
        }
        return handles.get((int) h - 1);
    }

    private long close(long h) {
        if (handle(h) == null) {
            return -1;
        }
        handles.set((int) h - 1, null);
        return 0;
    }

    /** SYS_WRITE returns the number of bytes not written. */
    private long writeHandle(Cpu cpu, long h, long buffer, long length) {
        Handle handle = handle(h);
        if (handle == null || handle.kind == Kind.STDIN || handle.kind == Kind.FEATURES) {
            errno = EBADF;
            return length;
        }
        byte[] data = new byte[(int) Math.min(Math.max(length, 0), Integer.MAX_VALUE - 8)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) cpu.read8(buffer + i);
        }
        write(handle.kind == Kind.STDERR ? stderr : stdout, data);
        return 0;
    }

    /** SYS_READ returns the number of bytes not read (so {@code length} at end of file). */
    private long readHandle(Cpu cpu, long h, long buffer, long length) {
        Handle handle = handle(h);
        if (handle == null || handle.kind == Kind.STDOUT || handle.kind == Kind.STDERR) {
            return -1;
        }
        long n = 0;
        while (n < length) {
            int b;
            if (handle.kind == Kind.FEATURES) {
                b = handle.position < FEATURES.length ? FEATURES[handle.position++] & 0xFF : -1;
            } else {
                b = stdin.read();
            }
            if (b < 0) {
                break;
            }
            cpu.write8(buffer + n, b);
            n++;
        }
        return length - n;
    }

    private long seek(long h, long position) {
        Handle handle = handle(h);
        if (handle == null) {
            return -1;
        }
        if (handle.kind != Kind.FEATURES || position < 0 || position > FEATURES.length) {
            return fail(EINVAL);
        }
        handle.position = (int) position;
        return 0;
    }

    private static byte[] readString(Cpu cpu, long p) {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        for (int b = cpu.read8(p); b != 0; b = cpu.read8(++p)) {
            s.write(b);
        }
        return s.toByteArray();
    }

    private static void write(OutputStream out, byte[] data) {
        try {
            out.write(data);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("semihosting console output failed", e);
        }
    }

    private static void flush(OutputStream out) {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("semihosting console output failed", e);
        }
    }
}
