package dev.hvlab.core.user;

import java.util.Map;

/**
 * Names of the AArch64 Linux system calls (the asm-generic table, include/uapi/asm-generic/unistd.h),
 * for the "unimplemented syscall" report. Covers the calls a C runtime commonly issues.
 */
final class SyscallNames {
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(17, "getcwd"), Map.entry(19, "eventfd2"), Map.entry(20, "epoll_create1"),
            Map.entry(22, "epoll_pwait"), Map.entry(23, "dup"), Map.entry(24, "dup3"), Map.entry(25, "fcntl"),
            Map.entry(29, "ioctl"), Map.entry(32, "flock"), Map.entry(33, "mknodat"), Map.entry(34, "mkdirat"),
            Map.entry(35, "unlinkat"), Map.entry(36, "symlinkat"), Map.entry(37, "linkat"), Map.entry(38, "renameat"),
            Map.entry(43, "statfs"), Map.entry(44, "fstatfs"), Map.entry(45, "truncate"), Map.entry(46, "ftruncate"),
            Map.entry(47, "fallocate"), Map.entry(48, "faccessat"), Map.entry(49, "chdir"), Map.entry(50, "fchdir"),
            Map.entry(52, "fchmod"), Map.entry(53, "fchmodat"), Map.entry(54, "fchownat"), Map.entry(55, "fchown"),
            Map.entry(56, "openat"), Map.entry(57, "close"), Map.entry(59, "pipe2"), Map.entry(61, "getdents64"),
            Map.entry(62, "lseek"), Map.entry(63, "read"), Map.entry(64, "write"), Map.entry(65, "readv"),
            Map.entry(66, "writev"), Map.entry(67, "pread64"), Map.entry(68, "pwrite64"), Map.entry(71, "sendfile"),
            Map.entry(72, "pselect6"), Map.entry(73, "ppoll"), Map.entry(78, "readlinkat"), Map.entry(79, "newfstatat"),
            Map.entry(80, "fstat"), Map.entry(82, "fsync"), Map.entry(93, "exit"), Map.entry(94, "exit_group"),
            Map.entry(95, "waitid"), Map.entry(96, "set_tid_address"), Map.entry(98, "futex"),
            Map.entry(99, "set_robust_list"), Map.entry(100, "get_robust_list"), Map.entry(101, "nanosleep"),
            Map.entry(102, "getitimer"), Map.entry(103, "setitimer"), Map.entry(113, "clock_gettime"),
            Map.entry(114, "clock_getres"), Map.entry(115, "clock_nanosleep"), Map.entry(122, "sched_setaffinity"),
            Map.entry(123, "sched_getaffinity"), Map.entry(124, "sched_yield"), Map.entry(129, "kill"),
            Map.entry(130, "tkill"), Map.entry(131, "tgkill"), Map.entry(132, "sigaltstack"),
            Map.entry(134, "rt_sigaction"), Map.entry(135, "rt_sigprocmask"), Map.entry(139, "rt_sigreturn"),
            Map.entry(153, "times"), Map.entry(160, "uname"), Map.entry(163, "getrlimit"), Map.entry(164, "setrlimit"),
            Map.entry(165, "getrusage"), Map.entry(166, "umask"), Map.entry(167, "prctl"),
            Map.entry(169, "gettimeofday"), Map.entry(172, "getpid"), Map.entry(173, "getppid"),
            Map.entry(174, "getuid"), Map.entry(175, "geteuid"), Map.entry(176, "getgid"), Map.entry(177, "getegid"),
            Map.entry(178, "gettid"), Map.entry(179, "sysinfo"), Map.entry(198, "socket"), Map.entry(203, "connect"),
            Map.entry(214, "brk"), Map.entry(215, "munmap"), Map.entry(216, "mremap"), Map.entry(220, "clone"),
            Map.entry(221, "execve"), Map.entry(222, "mmap"), Map.entry(226, "mprotect"), Map.entry(227, "msync"),
            Map.entry(233, "madvise"), Map.entry(260, "wait4"), Map.entry(261, "prlimit64"),
            Map.entry(276, "renameat2"), Map.entry(278, "getrandom"), Map.entry(279, "memfd_create"),
            Map.entry(281, "execveat"), Map.entry(291, "statx"), Map.entry(293, "rseq"), Map.entry(435, "clone3"),
            Map.entry(439, "faccessat2"));

    private SyscallNames() {
    }

    static String name(int number) {
        return NAMES.getOrDefault(number, "unknown");
    }
}
