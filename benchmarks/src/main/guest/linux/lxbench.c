/* lxbench TEST [ARGS]: dispatch and the output helpers shared by the tests (lx.h). */
#define _GNU_SOURCE
#include "lx.h"
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

void result(const char *name, const char *unit, const char *better, double value)
{
    printf("RESULT name=%s unit=%s better=%s value=%.3f\n", name, unit, better, value);
    fflush(stdout);
}

void rate(const char *name, const char *unit, double scale, uint64_t count, uint64_t ns)
{
    printf("INFO %s_count=%llu %s_ns=%llu\n", name, (unsigned long long)count, name, (unsigned long long)ns);
    if (ns == 0) {
        die("elapsed time is zero");
    }
    result(name, unit, "higher", (double)count * scale * 1e9 / (double)ns);
}

static int by_value(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

void hist_ns(const char *name, const char *unit, const uint64_t *s, int count, uint64_t width_ns, int buckets)
{
    unsigned counts[buckets];
    memset(counts, 0, sizeof counts);
    for (int i = 0; i < count; i++) {
        uint64_t b = s[i] / width_ns;
        counts[b >= (uint64_t)buckets ? (uint64_t)buckets - 1 : b]++;
    }
    int last = buckets - 1;
    printf("HIST name=%s unit=%s width=%.3f counts=", name, unit, width_ns / 1000.0);
    for (int i = 0; i <= last; i++) {
        printf(i ? ",%u" : "%u", counts[i]);
    }
    printf("\n");
}

void latency_report(const char *name, uint64_t *s, int count)
{
    uint64_t sum = 0;
    qsort(s, count, sizeof *s, by_value);
    for (int i = 0; i < count; i++) {
        sum += s[i];
    }
    char n[64];
    snprintf(n, sizeof n, "%s_min", name);
    result(n, "us", "lower", s[0] / 1000.0);
    snprintf(n, sizeof n, "%s_avg", name);
    result(n, "us", "lower", (double)sum / count / 1000.0);
    snprintf(n, sizeof n, "%s_max", name);
    result(n, "us", "lower", s[count - 1] / 1000.0);
    /* nearest rank: the smallest sample with at least 99 % of the samples at or below it */
    int rank = (99 * count + 99) / 100;
    snprintf(n, sizeof n, "%s_p99", name);
    result(n, "us", "lower", s[rank - 1] / 1000.0);
    /* 1 us buckets up to 200 us: the scale of cyclictest's -h */
    hist_ns(name, "us", s, count, 1000, 201);
}

void die(const char *what)
{
    printf("FAIL lxbench: %s\n", what);
    fflush(stdout);
    exit(1);
}

void pin(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0) {
        die("sched_setaffinity");
    }
}

static const struct {
    const char *name;
    int (*main)(int, char **);
    const char *usage;
} TESTS[] = {
    {"dhry", dhry_main, "LOOPS"},
    {"whet", whet_main, "LOOPS (one loop = 1 million Whetstone instructions / 10)"},
    {"execl", execl_main, "COUNT"},
    {"spawn", spawn_main, "COUNT"},
    {"shell", shell_main, "COUNT"},
    {"syscall", syscall_main, "COUNT"},
    {"pipe", pipe_main, "COUNT"},
    {"context", context_main, "COUNT"},
    {"fcopy", fcopy_main, "BUFSIZE MAXBLOCKS BLOCKS"},
    {"ipi", ipi_main, "ROUNDS"},
    {"tcp", tcp_main, "ROUNDS"},
    {"seed", seed_main, "FILE (credit the kernel's entropy pool, as systemd-random-seed does)"},
};

int main(int argc, char **argv)
{
    if (argc >= 2) {
        for (size_t i = 0; i < sizeof TESTS / sizeof TESTS[0]; i++) {
            if (strcmp(argv[1], TESTS[i].name) == 0) {
                return TESTS[i].main(argc - 1, argv + 1);
            }
        }
    }
    fprintf(stderr, "usage: lxbench TEST ARGS, TEST one of:\n");
    for (size_t i = 0; i < sizeof TESTS / sizeof TESTS[0]; i++) {
        fprintf(stderr, "  %s %s\n", TESTS[i].name, TESTS[i].usage);
    }
    return 2;
}
