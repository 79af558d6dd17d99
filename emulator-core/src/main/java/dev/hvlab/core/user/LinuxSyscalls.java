package dev.hvlab.core.user;

import dev.hvlab.core.cpu.Cpu;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The Linux system-call shim of user mode: SVC #0 with the number in X8, arguments in X0-X5 and
 * the result (or minus an errno) in X0, as arch/arm64/kernel/syscall.c defines.
 *
 * <p>Everything observable is deterministic: time is derived from the retired-instruction count
 * ({@link #nanoseconds}), entropy comes from a seeded generator, and the process, user and host
 * identities are fixed. A call that is not implemented returns -ENOSYS and is reported once per
 * number on stderr.
 */
final class LinuxSyscalls {
    /** CLOCK_REALTIME at instruction 0: 2024-01-01T00:00:00Z. */
    static final long EPOCH_SECONDS = 1_704_067_200L;
    static final int PID = 100;
    private static final int AT_FDCWD = -100;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int PATH_MAX = 4096;

    private final Cpu cpu;
    private final AddressSpace as;
    private final ProcessMemory mem;
    private final FileDescriptors fds;
    private final DeterministicRandom random;
    private final PrintStream err;
    private final String exePath;
    private final Set<Integer> reported = new HashSet<>();
    private final byte[][] sigactions = new byte[65][];
    private long sigmask;

    LinuxSyscalls(Cpu cpu, AddressSpace as, ProcessMemory mem, FileDescriptors fds, DeterministicRandom random,
                  PrintStream err, String exePath) {
        this.cpu = cpu;
        this.as = as;
        this.mem = mem;
        this.fds = fds;
        this.random = random;
        this.err = err;
        this.exePath = exePath;
    }

    /**
     * The emulated time: 1 ns per retired instruction, so a run's clock readings are reproducible
     * and proportional to the work done, whatever the host's speed.
     */
    long nanoseconds() {
        return cpu.instructions;
    }

    /** Performs the system call in X8 and writes its result to X0. */
    void call() {
        long[] x = cpu.x;
        int nr = (int) x[8];
        x[0] = dispatch(nr, x[0], x[1], x[2], x[3], x[4], x[5]);
    }

    private long dispatch(int nr, long a0, long a1, long a2, long a3, long a4, long a5) {
        return switch (nr) {
            case 29 -> ioctl((int) a0, (int) a1);
            case 56 -> openat((int) a0, a1, (int) a2);
            case 57 -> fds.close((int) a0);
            case 62 -> fds.lseek((int) a0, a1, (int) a2);
            case 63 -> read((int) a0, a1, a2, -1);
            case 64 -> write((int) a0, a1, a2);
            case 65 -> readv((int) a0, a1, (int) a2);
            case 66 -> writev((int) a0, a1, (int) a2);
            case 67 -> a3 < 0 ? -Errno.EINVAL : read((int) a0, a1, a2, a3);
            case 78 -> readlinkat((int) a0, a1, a2, a3);
            case 79 -> newfstatat((int) a0, a1, a2, (int) a3);
            case 80 -> fstat((int) a0, a1);
            case 93, 94 -> throw new GuestTermination(null, (int) a0 & 0xFF);
            case 96, 178 -> PID; // set_tid_address: the caller's TID; gettid
            case 98 -> futex(a0, (int) a1, (int) a2, a3);
            case 99 -> 0; // set_robust_list: nothing to do for a process that never dies with a lock held
            case 101, 115 -> 0; // nanosleep, clock_nanosleep: time only moves with instructions
            case 113 -> clockGettime((int) a0, a1);
            case 114 -> clockGetres((int) a0, a1);
            case 124 -> 0; // sched_yield
            case 129, 130 -> kill((int) a0, (int) a1);
            case 131 -> kill((int) a1, (int) a2);
            case 134 -> rtSigaction((int) a0, a1, a2, a3);
            case 135 -> rtSigprocmask((int) a0, a1, a2, a3);
            case 160 -> uname(a0);
            case 163 -> prlimit64(0, (int) a0, 0, a1);
            case 169 -> gettimeofday(a0);
            case 172 -> PID;
            case 179 -> sysinfo(a0);
            case 173 -> 1; // getppid: init
            case 174, 175 -> InitialStack.UID;
            case 176, 177 -> InitialStack.GID;
            case 214 -> mem.brk(a0);
            case 215 -> mem.munmap(a0, a1);
            case 222 -> mem.mmap(a0, a1, (int) a2, (int) a3, (int) a4, a5);
            case 226 -> mem.mprotect(a0, a1, (int) a2);
            case 233 -> 0; // madvise: advice only
            case 261 -> prlimit64((int) a0, (int) a1, a2, a3);
            case 278 -> getrandom(a0, a1);
            case 293 -> -Errno.ENOSYS; // rseq: as a kernel without CONFIG_RSEQ; glibc copes silently
            default -> unimplemented(nr);
        };
    }

    private long unimplemented(int nr) {
        if (reported.add(nr)) {
            err.println("hvlab user: unimplemented syscall " + nr + " (" + SyscallNames.name(nr) + ")");
        }
        return -Errno.ENOSYS;
    }

    // ---------------------------------------------------------------------------------------
    // Files
    // ---------------------------------------------------------------------------------------

    private long write(int fd, long buf, long count) {
        if (!fds.isOpen(fd)) {
            return -Errno.EBADF;
        }
        byte[] b = as.read(buf, (int) Math.min(Math.max(count, 0), FileDescriptors.MAX_RW));
        return b == null ? -Errno.EFAULT : fds.write(fd, b);
    }

    private long read(int fd, long buf, long count, long position) {
        int[] errno = new int[1];
        byte[] b = fds.read(fd, count, position, errno);
        if (b == null) {
            return -errno[0];
        }
        return as.write(buf, b) ? b.length : -Errno.EFAULT;
    }

    private long writev(int fd, long iov, int iovcnt) {
        if (iovcnt < 0 || iovcnt > 1024) {
            return -Errno.EINVAL;
        }
        long total = 0;
        for (int i = 0; i < iovcnt; i++) {
            Long base = as.read64(iov + 16L * i);
            Long len = as.read64(iov + 16L * i + 8);
            if (base == null || len == null) {
                return -Errno.EFAULT;
            }
            if (len == 0) {
                continue;
            }
            long r = write(fd, base, len);
            if (r < 0) {
                return total > 0 ? total : r;
            }
            total += r;
        }
        return total;
    }

    private long readv(int fd, long iov, int iovcnt) {
        if (iovcnt < 0 || iovcnt > 1024) {
            return -Errno.EINVAL;
        }
        long total = 0;
        for (int i = 0; i < iovcnt; i++) {
            Long base = as.read64(iov + 16L * i);
            Long len = as.read64(iov + 16L * i + 8);
            if (base == null || len == null) {
                return -Errno.EFAULT;
            }
            long r = read(fd, base, len, -1);
            if (r < 0) {
                return total > 0 ? total : r;
            }
            total += r;
            if (r < len) {
                break;
            }
        }
        return total;
    }

    private String path(long va) {
        return as.readCString(va, PATH_MAX);
    }

    private long openat(int dirfd, long pathname, int flags) {
        String p = path(pathname);
        if (p == null) {
            return -Errno.EFAULT;
        }
        if (!p.startsWith("/") && dirfd != AT_FDCWD) {
            return -Errno.EBADF; // only the current directory can be a base
        }
        return fds.open(p, flags);
    }

    private long ioctl(int fd, int request) {
        if (!fds.isOpen(fd)) {
            return -Errno.EBADF;
        }
        // No descriptor is a terminal, so stdio buffers fully and output does not depend on the host.
        // TCGETS and TIOCGWINSZ fail like on a pipe; every other request is meaningless on one.
        return -Errno.ENOTTY;
    }

    private long readlinkat(int dirfd, long pathname, long buf, long size) {
        String p = path(pathname);
        if (p == null) {
            return -Errno.EFAULT;
        }
        if (size <= 0) {
            return -Errno.EINVAL;
        }
        if (!p.equals("/proc/self/exe")) {
            return -Errno.ENOENT;
        }
        byte[] target = exePath.getBytes(StandardCharsets.UTF_8);
        int n = (int) Math.min(target.length, size);
        return as.write(buf, target, 0, n) ? n : -Errno.EFAULT;
    }

    private long fstat(int fd, long statbuf) {
        long[] st = fds.stat(fd);
        return st == null ? -Errno.EBADF : putStat(statbuf, st);
    }

    private long newfstatat(int dirfd, long pathname, long statbuf, int flags) {
        String p = path(pathname);
        if (p == null) {
            return -Errno.EFAULT;
        }
        if (p.isEmpty()) {
            return (flags & AT_EMPTY_PATH) != 0 ? fstat(dirfd, statbuf) : -Errno.ENOENT;
        }
        if (!p.startsWith("/") && dirfd != AT_FDCWD) {
            return -Errno.EBADF;
        }
        long[] st;
        try {
            st = FileDescriptors.statPath(Path.of(p));
        } catch (RuntimeException e) {
            st = null;
        }
        return st == null ? -Errno.ENOENT : putStat(statbuf, st);
    }

    /** Writes a struct stat (asm-generic layout, 128 bytes) with the given st_mode and st_size. */
    private long putStat(long va, long[] modeAndSize) {
        long size = modeAndSize[1];
        byte[] b = new byte[128];
        put64(b, 0, 0x801);                   // st_dev
        put64(b, 8, 1);                       // st_ino
        put32(b, 16, (int) modeAndSize[0]);   // st_mode
        put32(b, 20, 1);                      // st_nlink
        put32(b, 24, InitialStack.UID);
        put32(b, 28, InitialStack.GID);
        put64(b, 48, size);
        put32(b, 56, 4096);                   // st_blksize
        put64(b, 64, (size + 511) / 512);     // st_blocks
        for (int t = 72; t <= 104; t += 16) { // st_atime, st_mtime, st_ctime
            put64(b, t, EPOCH_SECONDS);
        }
        return as.write(va, b) ? 0 : -Errno.EFAULT;
    }

    // ---------------------------------------------------------------------------------------
    // Time, identity, entropy
    // ---------------------------------------------------------------------------------------

    private long clockGettime(int clock, long tp) {
        if (clock < 0 || clock > 11) {
            return -Errno.EINVAL;
        }
        long ns = nanoseconds();
        long sec = ns / 1_000_000_000L;
        long nsec = ns % 1_000_000_000L;
        if (clock == 0 || clock == 5 || clock == 8 || clock == 11) { // REALTIME, _COARSE, _ALARM, TAI
            sec += EPOCH_SECONDS;
        }
        byte[] b = new byte[16];
        put64(b, 0, sec);
        put64(b, 8, nsec);
        return as.write(tp, b) ? 0 : -Errno.EFAULT;
    }

    private long clockGetres(int clock, long res) {
        if (clock < 0 || clock > 11) {
            return -Errno.EINVAL;
        }
        if (res == 0) {
            return 0;
        }
        byte[] b = new byte[16];
        put64(b, 8, 1);
        return as.write(res, b) ? 0 : -Errno.EFAULT;
    }

    private long gettimeofday(long tv) {
        if (tv == 0) {
            return 0;
        }
        long ns = nanoseconds();
        byte[] b = new byte[16];
        put64(b, 0, EPOCH_SECONDS + ns / 1_000_000_000L);
        put64(b, 8, ns % 1_000_000_000L / 1000);
        return as.write(tv, b) ? 0 : -Errno.EFAULT;
    }

    private long uname(long buf) {
        String[] fields = {"Linux", "hvlab", "6.1.0-hvlab", "#1 SMP PREEMPT hvlab user mode", "aarch64", "(none)"};
        byte[] b = new byte[65 * fields.length];
        for (int i = 0; i < fields.length; i++) {
            byte[] f = fields[i].getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(f, 0, b, 65 * i, f.length);
        }
        return as.write(buf, b) ? 0 : -Errno.EFAULT;
    }

    /**
     * struct sysinfo (include/uapi/linux/sysinfo.h, 112 bytes on arm64): glibc's qsort sizes its
     * merge buffer from _SC_PHYS_PAGES, which comes from here. The machine is the address space's
     * RAM, nothing else runs, mem_unit is 1.
     */
    private long sysinfo(long info) {
        byte[] b = new byte[112];
        put64(b, 0, nanoseconds() / 1_000_000_000L); // uptime
        put64(b, 32, AddressSpace.RAM_SIZE);        // totalram
        put64(b, 40, AddressSpace.RAM_SIZE / 2);    // freeram
        b[80] = 1;                                  // procs
        b[104] = 1;                                 // mem_unit
        return as.write(info, b) ? 0 : -Errno.EFAULT;
    }

    private long getrandom(long buf, long len) {
        if (len < 0) {
            return -Errno.EINVAL;
        }
        byte[] b = random.nextBytes((int) Math.min(len, 0x1FF_FFFF));
        return as.write(buf, b) ? b.length : -Errno.EFAULT;
    }

    private long prlimit64(int pid, int resource, long newLimit, long oldLimit) {
        if (pid != 0 && pid != PID) {
            return -Errno.ESRCH;
        }
        if (resource < 0 || resource >= 16) {
            return -Errno.EINVAL;
        }
        if (oldLimit != 0) {
            long inf = -1L;
            long cur = switch (resource) {
                case 3 -> InitialStack.STACK_SIZE; // RLIMIT_STACK
                case 4 -> 0;                       // RLIMIT_CORE
                case 7 -> 1024;                    // RLIMIT_NOFILE
                default -> inf;
            };
            long max = resource == 7 ? 4096 : inf;
            byte[] b = new byte[16];
            put64(b, 0, cur);
            put64(b, 8, max);
            if (!as.write(oldLimit, b)) {
                return -Errno.EFAULT;
            }
        }
        return 0; // new limits are accepted and have no effect
    }

    // ---------------------------------------------------------------------------------------
    // Signals and futexes (single thread)
    // ---------------------------------------------------------------------------------------

    private long rtSigaction(int sig, long act, long oldact, long sigsetsize) {
        if (sigsetsize != 8 || sig < 1 || sig > 64 || (act != 0 && (sig == 9 || sig == 19))) {
            return -Errno.EINVAL;
        }
        byte[] newAct = null;
        if (act != 0) {
            newAct = as.read(act, 32);
            if (newAct == null) {
                return -Errno.EFAULT;
            }
        }
        if (oldact != 0) {
            byte[] old = sigactions[sig] != null ? sigactions[sig] : new byte[32];
            if (!as.write(oldact, old)) {
                return -Errno.EFAULT;
            }
        }
        if (newAct != null) {
            sigactions[sig] = newAct; // recorded, never delivered: hvlab sends no asynchronous signals
        }
        return 0;
    }

    private long rtSigprocmask(int how, long set, long oldset, long sigsetsize) {
        if (sigsetsize != 8) {
            return -Errno.EINVAL;
        }
        long old = sigmask;
        if (set != 0) {
            Long s = as.read64(set);
            if (s == null) {
                return -Errno.EFAULT;
            }
            long unblockable = (1L << 8) | (1L << 18); // SIGKILL, SIGSTOP (bit sig-1)
            switch (how) {
                case 0 -> sigmask |= s;
                case 1 -> sigmask &= ~s;
                case 2 -> sigmask = s;
                default -> {
                    return -Errno.EINVAL;
                }
            }
            sigmask &= ~unblockable;
        }
        if (oldset != 0 && !as.write64(oldset, old)) {
            return -Errno.EFAULT;
        }
        return 0;
    }

    private long kill(int pid, int sig) {
        if (pid != PID && pid != 0 && pid != -1) {
            return -Errno.ESRCH;
        }
        if (sig < 0 || sig > 64) {
            return -Errno.EINVAL;
        }
        if (sig == 0) {
            return 0;
        }
        // No handler is ever run: a signal sent to oneself takes its default action, which for
        // the signals programs send themselves (SIGABRT from abort(), SIGKILL...) is to die.
        throw new GuestTermination("hvlab user: killed by signal " + sig + " (" + Signals.name(sig) + ")", 128 + sig);
    }

    private long futex(long uaddr, int op, int val, long timeout) {
        int cmd = op & 0x7F; // without FUTEX_PRIVATE_FLAG and FUTEX_CLOCK_REALTIME
        switch (cmd) {
            case 0, 9 -> { // FUTEX_WAIT, FUTEX_WAIT_BITSET
                byte[] w = as.read(uaddr, 4);
                if (w == null) {
                    return -Errno.EFAULT;
                }
                int cur = (w[0] & 0xFF) | (w[1] & 0xFF) << 8 | (w[2] & 0xFF) << 16 | w[3] << 24;
                if (cur != val) {
                    return -Errno.EAGAIN;
                }
                if (timeout != 0) {
                    return -Errno.ETIMEDOUT;
                }
                throw new GuestTermination("hvlab user: futex wait at 0x" + Long.toHexString(uaddr)
                        + " would block forever (single thread)", 128 + 9);
            }
            case 1, 10 -> { // FUTEX_WAKE, FUTEX_WAKE_BITSET: nobody else is waiting
                return 0;
            }
            default -> {
                return unimplemented(98);
            }
        }
    }

    private static void put64(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    private static void put32(byte[] b, int off, int v) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }
}
