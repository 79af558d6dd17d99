/* The process tests of the UnixBench-style suite, each our own code after the test's definition:
 *
 * execl:   a chain of COUNT execl() calls of this program by itself; the rate is execs per second.
 * spawn:   COUNT times fork(), the child _exit(0)s at once, the parent waitpid()s: process
 *          creations per second.
 * shell:   COUNT times fork() + execl("/bin/sh", script) + waitpid(), the script a small text-
 *          processing pipeline of busybox applets on a generated file: scripts per minute.
 * syscall: COUNT times the mix close(dup(0)), getpid(), getuid(), umask(022) through syscall(2)
 *          so that no library caching is measured: iterations per second. */
#define _GNU_SOURCE
#include "lx.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int execl_main(int argc, char **argv)
{
    /* execl COUNT, then the chain: execl COUNT REMAINING START_NS */
    if (argc != 2 && argc != 4) {
        die("execl COUNT");
    }
    long count = atol(argv[1]);
    long remaining = argc == 4 ? atol(argv[2]) : count;
    uint64_t start = argc == 4 ? strtoull(argv[3], NULL, 10) : now_ns();
    if (remaining == 0) {
        rate("execl", "lps", 1, count, now_ns() - start);
        return 0;
    }
    char r[24], s[24];
    snprintf(r, sizeof r, "%ld", remaining - 1);
    snprintf(s, sizeof s, "%llu", (unsigned long long)start);
    /* this program's own path, as the kernel knows it */
    char self[256];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) {
        die("readlink /proc/self/exe");
    }
    self[n] = 0;
    execl(self, "lxbench", "execl", argv[1], r, s, (char *)NULL);
    die("execl");
}

int spawn_main(int argc, char **argv)
{
    if (argc != 2) {
        die("spawn COUNT");
    }
    long count = atol(argv[1]);
    uint64_t t0 = now_ns();
    for (long i = 0; i < count; i++) {
        pid_t p = fork();
        if (p == 0) {
            _exit(0);
        }
        if (p < 0 || waitpid(p, NULL, 0) != p) {
            die("fork/waitpid");
        }
    }
    rate("spawn", "lps", 1, count, now_ns() - t0);
    return 0;
}

/* The script run per loop: sorting, dumping, filtering and counting a text file through pipes. */
static const char SCRIPT[] =
    "sort -r /tmp/lx-shell.dat > /tmp/lx-s.$$\n"
    "od -An -c /tmp/lx-s.$$ | sort | uniq -c | wc -l > /tmp/lx-o.$$\n"
    "grep -c e /tmp/lx-s.$$ | tee /tmp/lx-g.$$ > /dev/null\n"
    "cat /tmp/lx-o.$$ /tmp/lx-g.$$ | wc -c > /dev/null\n"
    "rm -f /tmp/lx-s.$$ /tmp/lx-o.$$ /tmp/lx-g.$$\n";

static void write_file(const char *path, const char *text, size_t n)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, text, n) != (ssize_t)n || close(fd) != 0) {
        die(path);
    }
}

int shell_main(int argc, char **argv)
{
    if (argc != 2) {
        die("shell COUNT");
    }
    long count = atol(argv[1]);
    /* 64 lines of words, generated (a fixed linear congruential sequence) */
    static const char *const WORDS[] = {"alpha", "emulator", "kernel", "cell", "hypervisor", "trap",
                                        "timer", "vector", "page", "table", "queue", "event"};
    char data[4096];
    size_t n = 0;
    unsigned x = 12345;
    for (int line = 0; line < 64; line++) {
        for (int w = 0; w < 5; w++) {
            x = x * 1103515245u + 12345u;
            n += snprintf(data + n, sizeof data - n, w ? " %s" : "%s", WORDS[(x >> 16) % 12]);
        }
        data[n++] = '\n';
    }
    write_file("/tmp/lx-shell.dat", data, n);
    write_file("/tmp/lx-shell.sh", SCRIPT, sizeof SCRIPT - 1);
    uint64_t t0 = now_ns();
    for (long i = 0; i < count; i++) {
        pid_t p = fork();
        if (p == 0) {
            execl("/bin/sh", "sh", "/tmp/lx-shell.sh", (char *)NULL);
            _exit(127);
        }
        int status;
        if (p < 0 || waitpid(p, &status, 0) != p || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            die("the shell script failed");
        }
    }
    rate("shell", "lpm", 60, count, now_ns() - t0);
    return 0;
}

int syscall_main(int argc, char **argv)
{
    if (argc != 2) {
        die("syscall COUNT");
    }
    long count = atol(argv[1]);
    uint64_t t0 = now_ns();
    for (long i = 0; i < count; i++) {
        syscall(SYS_close, syscall(SYS_dup, 0));
        syscall(SYS_getpid);
        syscall(SYS_getuid);
        syscall(SYS_umask, 022);
    }
    rate("syscall", "lps", 1, count, now_ns() - t0);
    return 0;
}
