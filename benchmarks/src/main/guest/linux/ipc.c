/* The pipe and file tests of the UnixBench-style suite, each our own code after the definition:
 *
 * pipe:    one process writes 512 bytes into a pipe and reads them back, COUNT times: loops per
 *          second.
 * context: two processes and two pipes; the parent sends a counter through one, the child returns
 *          it through the other, COUNT round trips (each checked): loops per second.
 * fcopy:   a file of MAXBLOCKS blocks of BUFSIZE bytes is written, then BLOCKS blocks are read from
 *          it and written to a second file, both rewound whenever MAXBLOCKS is reached: the copy
 *          rate in KiB per second (UnixBench's File Copy; here the files are on tmpfs). */
#define _GNU_SOURCE
#include "lx.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int pipe_main(int argc, char **argv)
{
    if (argc != 2) {
        die("pipe COUNT");
    }
    long count = atol(argv[1]);
    int fd[2];
    char buf[512];
    memset(buf, 'p', sizeof buf);
    if (pipe(fd) != 0) {
        die("pipe");
    }
    uint64_t t0 = now_ns();
    for (long i = 0; i < count; i++) {
        if (write(fd[1], buf, sizeof buf) != sizeof buf || read(fd[0], buf, sizeof buf) != sizeof buf) {
            die("pipe write/read");
        }
    }
    rate("pipe", "lps", 1, count, now_ns() - t0);
    return 0;
}

int context_main(int argc, char **argv)
{
    if (argc != 2) {
        die("context COUNT");
    }
    long count = atol(argv[1]);
    int there[2], back[2];
    if (pipe(there) != 0 || pipe(back) != 0) {
        die("pipe");
    }
    pid_t child = fork();
    if (child < 0) {
        die("fork");
    }
    if (child == 0) {
        for (long i = 0; i < count; i++) {
            long v;
            if (read(there[0], &v, sizeof v) != sizeof v || v != i || write(back[1], &v, sizeof v) != sizeof v) {
                _exit(1);
            }
        }
        _exit(0);
    }
    uint64_t t0 = now_ns();
    for (long i = 0; i < count; i++) {
        long v = i;
        if (write(there[1], &v, sizeof v) != sizeof v || read(back[0], &v, sizeof v) != sizeof v || v != i) {
            die("context switch round trip");
        }
    }
    uint64_t t1 = now_ns();
    int status;
    if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        die("context child");
    }
    rate("context", "lps", 1, count, t1 - t0);
    return 0;
}

int fcopy_main(int argc, char **argv)
{
    if (argc != 4) {
        die("fcopy BUFSIZE MAXBLOCKS BLOCKS");
    }
    int bufsize = atoi(argv[1]);
    long maxblocks = atol(argv[2]);
    long blocks = atol(argv[3]);
    char name[32];
    snprintf(name, sizeof name, "fcopy_%d_%ld", bufsize, maxblocks);
    char *buf = malloc(bufsize);
    if (buf == NULL) {
        die("malloc");
    }
    memset(buf, 'f', bufsize);
    int src = open("/tmp/lx-fcopy.src", O_RDWR | O_CREAT | O_TRUNC, 0600);
    int dst = open("/tmp/lx-fcopy.dst", O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (src < 0 || dst < 0) {
        die("open");
    }
    for (long b = 0; b < maxblocks; b++) {
        if (write(src, buf, bufsize) != bufsize) {
            die("write");
        }
    }
    lseek(src, 0, SEEK_SET);
    long in_file = 0;
    uint64_t t0 = now_ns();
    for (long b = 0; b < blocks; b++) {
        if (in_file == maxblocks) {
            lseek(src, 0, SEEK_SET);
            lseek(dst, 0, SEEK_SET);
            in_file = 0;
        }
        if (read(src, buf, bufsize) != bufsize || write(dst, buf, bufsize) != bufsize) {
            die("copy");
        }
        in_file++;
    }
    uint64_t t1 = now_ns();
    close(src);
    close(dst);
    unlink("/tmp/lx-fcopy.src");
    unlink("/tmp/lx-fcopy.dst");
    /* KiB per second: blocks * bufsize / 1024 */
    rate(name, "KBps", bufsize / 1024.0, blocks, t1 - t0);
    return 0;
}
