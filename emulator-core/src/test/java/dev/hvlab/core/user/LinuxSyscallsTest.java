package dev.hvlab.core.user;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.loader.ElfFile;
import dev.hvlab.core.loader.TestElf;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** System calls issued directly (as if SVC #0 had been executed), checked against the Linux ABI. */
class LinuxSyscallsTest {
    static final long SCRATCH = TestElf.DATA;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    UserProcess p;
    Cpu cpu;
    AddressSpace as;

    UserProcess process(UserMode.Options o) throws Exception {
        ElfFile elf = ElfFile.parse("prog", TestElf.executable(new int[] {0}, 0x100, 0x3000));
        return new UserProcess(elf, List.of("prog"), o, new PrintStream(out, true), new PrintStream(err, true),
                MiniIsa.decoder(), "/opt/bin/prog");
    }

    @BeforeEach
    void setUp() throws Exception {
        p = process(UserMode.Options.defaults().withStdin(new ByteArrayInputStream("input".getBytes())));
        cpu = p.cpu();
        as = p.addressSpace();
    }

    long sys(int nr, long... args) {
        for (int i = 0; i < 6; i++) {
            cpu.x[i] = i < args.length ? args[i] : 0;
        }
        cpu.x[8] = nr;
        long next = p.take(cpu, cpu.raise(ExceptionClass.SVC64, 0, 0x1004));
        assertEquals(0x1004, next, "execution continues after the SVC");
        return cpu.x[0];
    }

    long cstr(String s) {
        byte[] b = (s + "\0").getBytes(StandardCharsets.UTF_8);
        assertTrue(as.write(SCRATCH + 0x800, b));
        return SCRATCH + 0x800;
    }

    String read(long va, int n) {
        return new String(as.read(va, n), StandardCharsets.UTF_8);
    }

    @Test
    void writeAndWritevGoToStdoutAndStderr() {
        as.write(SCRATCH, "abcdef".getBytes());
        assertEquals(3, sys(64, 1, SCRATCH, 3));
        assertEquals(2, sys(64, 2, SCRATCH + 3, 2));
        as.write64(SCRATCH + 0x100, SCRATCH + 4);
        as.write64(SCRATCH + 0x108, 2);
        as.write64(SCRATCH + 0x110, SCRATCH);
        as.write64(SCRATCH + 0x118, 1);
        assertEquals(3, sys(66, 1, SCRATCH + 0x100, 2));
        assertEquals("abcefa", out.toString());
        assertEquals("de", err.toString());
        assertEquals(-Errno.EFAULT, sys(64, 1, 0x10, 4));
        assertEquals(-Errno.EBADF, sys(64, 0, SCRATCH, 1));
        assertEquals(-Errno.EBADF, sys(64, 7, SCRATCH, 1));
    }

    @Test
    void readTakesStdin() {
        assertEquals(5, sys(63, 0, SCRATCH, 100));
        assertEquals("input", read(SCRATCH, 5));
        assertEquals(0, sys(63, 0, SCRATCH, 100), "end of file");
    }

    @Test
    void hostFilesOpenReadOnly(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("data.txt");
        Files.writeString(f, "0123456789");
        long fd = sys(56, -100, cstr(f.toString()), 0);
        assertEquals(3, fd);
        assertEquals(4, sys(63, fd, SCRATCH, 4));
        assertEquals("0123", read(SCRATCH, 4));
        assertEquals(8, sys(62, fd, 8, 0));
        assertEquals(2, sys(63, fd, SCRATCH, 10));
        assertEquals("89", read(SCRATCH, 2));
        assertEquals(3, sys(67, fd, SCRATCH, 3, 1)); // pread64
        assertEquals("123", read(SCRATCH, 3));
        assertEquals(0, sys(80, fd, SCRATCH + 0x200)); // fstat
        assertEquals(FileDescriptors.S_IFREG | 0444, as.read64(SCRATCH + 0x200 + 16) & 0xFFFFFFFFL);
        assertEquals(10L, as.read64(SCRATCH + 0x200 + 48));
        assertEquals(-Errno.EBADF, sys(64, fd, SCRATCH, 1), "read-only");
        assertEquals(0, sys(57, fd));
        assertEquals(-Errno.EBADF, sys(57, fd));
        assertEquals(-Errno.EACCES, sys(56, -100, cstr(f.toString()), 1), "O_WRONLY");
        assertEquals(-Errno.EACCES, sys(56, -100, cstr(f.toString()), 0100), "O_CREAT");
        assertEquals(-Errno.ENOENT, sys(56, -100, cstr(dir.resolve("absent").toString()), 0));
        assertEquals("0123456789", Files.readString(f));
    }

    @Test
    void stdoutIsAPipeNotATerminal() {
        assertEquals(0, sys(79, 1, cstr(""), SCRATCH, 0x1000)); // newfstatat(1, "", AT_EMPTY_PATH)
        assertEquals(FileDescriptors.S_IFIFO | 0600, as.read64(SCRATCH + 16) & 0xFFFFFFFFL);
        assertEquals(-Errno.ENOTTY, sys(29, 1, 0x5401, SCRATCH)); // TCGETS
        assertEquals(-Errno.EBADF, sys(29, 9, 0x5401, SCRATCH));
    }

    @Test
    void readlinkOfProcSelfExeIsTheProgram() {
        assertEquals(13, sys(78, -100, cstr("/proc/self/exe"), SCRATCH, 4096));
        assertEquals("/opt/bin/prog", read(SCRATCH, 13));
        assertEquals(4, sys(78, -100, cstr("/proc/self/exe"), SCRATCH, 4));
    }

    @Test
    void unameSaysLinuxOnAarch64() {
        assertEquals(0, sys(160, SCRATCH));
        assertEquals("Linux", as.readCString(SCRATCH, 65));
        assertEquals("aarch64", as.readCString(SCRATCH + 4 * 65, 65));
    }

    @Test
    void brkGrowsAndShrinksInWholePages() {
        long start = sys(214, 0);
        assertEquals(p.initialBrk(), start);
        assertEquals(0, start & 0xFFF);
        assertEquals(start + 0x1234, sys(214, start + 0x1234));
        assertTrue(as.write64(start + 0x1ff8, 42));
        assertEquals(start + 0x10, sys(214, start + 0x10));
        assertFalse(as.write64(start + 0x1ff8, 1), "shrunk pages are unmapped");
        assertEquals(start + 0x10, sys(214, start - 0x1000), "below the start: unchanged");
        assertEquals(start + 0x3000, sys(214, start + 0x3000));
        assertEquals(0L, as.read64(start + 0x1ff8), "regrown pages are zero");
    }

    @Test
    void anonymousMmapMunmapMprotect() {
        long a = sys(222, 0, 0x3000, 3, 0x22, -1, 0);
        assertTrue(a > 0 && a + 0x3000 <= ProcessMemory.MMAP_BASE && (a & 0xFFF) == 0, Long.toHexString(a));
        long b = sys(222, 0, 0x1000, 3, 0x22, -1, 0);
        assertEquals(a - 0x1000, b, "top-down placement");
        assertEquals(0L, as.read64(a + 0x2ff8));
        assertTrue(as.write64(a + 0x10, 7));
        assertEquals(0, sys(226, a, 0x1000, 1));
        assertFalse(as.write64(a + 0x10, 8), "read-only now");
        assertEquals(7L, as.read64(a + 0x10));
        assertEquals(0, sys(215, a + 0x1000, 0x1000));
        assertNull(as.read64(a + 0x1000), "the middle page is gone");
        assertNotNull(as.read64(a + 0x2000));
        assertEquals(a + 0x1000, sys(222, 0, 0x1000, 3, 0x22, -1, 0), "the hole is reused");
        assertEquals(-Errno.ENOMEM, sys(226, a + 0x4000, 0x1000, 1));
        assertEquals(-Errno.EINVAL, sys(222, 0, 0, 3, 0x22, -1, 0));
        assertEquals(-Errno.ENODEV, sys(222, 0, 0x1000, 1, 0x02, 3, 0), "file mappings");
        assertEquals(0x7000_0000L, sys(222, 0x7000_0000L, 0x1000, 3, 0x32, -1, 0), "MAP_FIXED");
        assertEquals(-Errno.EEXIST, sys(222, 0x7000_0000L, 0x1000, 3, 0x100022, -1, 0), "MAP_FIXED_NOREPLACE");
    }

    @Test
    void timeIsOneNanosecondPerInstruction() {
        cpu.instructions = 3_000_000_123L;
        assertEquals(0, sys(113, 1, SCRATCH)); // CLOCK_MONOTONIC
        assertEquals(3L, as.read64(SCRATCH));
        assertEquals(123L, as.read64(SCRATCH + 8));
        assertEquals(0, sys(113, 0, SCRATCH)); // CLOCK_REALTIME
        assertEquals(LinuxSyscalls.EPOCH_SECONDS + 3, as.read64(SCRATCH));
        assertEquals(0, sys(169, SCRATCH, 0)); // gettimeofday
        assertEquals(0L, as.read64(SCRATCH + 8));
        assertEquals(-Errno.EINVAL, sys(113, 99, SCRATCH));
    }

    @Test
    void getrandomIsDeterministicPerSeed() throws Exception {
        assertEquals(16, sys(278, SCRATCH, 16, 0));
        byte[] first = as.read(SCRATCH, 16);
        setUp();
        sys(278, SCRATCH, 16, 0);
        assertArrayEquals(first, as.read(SCRATCH, 16));
        p = process(UserMode.Options.defaults().withSeed(1));
        cpu = p.cpu();
        as = p.addressSpace();
        sys(278, SCRATCH, 16, 0);
        assertFalse(java.util.Arrays.equals(first, as.read(SCRATCH, 16)));
    }

    @Test
    void signalsAreAcceptedAndRemembered() {
        as.write64(SCRATCH, 0x401000); // sa_handler
        assertEquals(0, sys(134, 10, SCRATCH, 0, 8));
        assertEquals(0, sys(134, 10, 0, SCRATCH + 0x40, 8));
        assertEquals(0x401000L, as.read64(SCRATCH + 0x40));
        assertEquals(-Errno.EINVAL, sys(134, 9, SCRATCH, 0, 8), "SIGKILL cannot be caught");
        as.write64(SCRATCH, 0b1010);
        assertEquals(0, sys(135, 0, SCRATCH, 0, 8)); // SIG_BLOCK
        assertEquals(0, sys(135, 1, 0, SCRATCH + 8, 8));
        assertEquals(0b1010L, as.read64(SCRATCH + 8));
    }

    @Test
    void identityAndLimits() {
        assertEquals(LinuxSyscalls.PID, sys(96, SCRATCH)); // set_tid_address
        assertEquals(LinuxSyscalls.PID, sys(172));
        assertEquals(InitialStack.UID, sys(174));
        assertEquals(0, sys(261, 0, 3, 0, SCRATCH)); // prlimit64(RLIMIT_STACK)
        assertEquals(InitialStack.STACK_SIZE, as.read64(SCRATCH));
        assertEquals(0, sys(99, SCRATCH, 24));
        assertEquals(-Errno.ENOSYS, sys(293, SCRATCH, 32, 0, 0), "rseq");
        assertEquals("", err.toString(), "deliberate ENOSYS is not reported");
    }

    @Test
    void futexOfASingleThread() {
        as.write64(SCRATCH, 5);
        assertEquals(-Errno.EAGAIN, sys(98, SCRATCH, 128, 4));
        assertEquals(0, sys(98, SCRATCH, 129, 1)); // FUTEX_WAKE_PRIVATE
        GuestTermination t = assertThrows(GuestTermination.class, () -> sys(98, SCRATCH, 128, 5));
        assertTrue(t.getMessage().contains("would block forever"));
    }

    @Test
    void exitAndSelfKill() {
        assertEquals(7, assertThrows(GuestTermination.class, () -> sys(94, 0x107)).status);
        GuestTermination t = assertThrows(GuestTermination.class, () -> sys(131, LinuxSyscalls.PID, LinuxSyscalls.PID, 6));
        assertEquals(134, t.status);
        assertEquals("hvlab user: killed by signal 6 (SIGABRT)", t.getMessage());
    }
}
