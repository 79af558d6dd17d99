/* The Linux workload suite (docs/WORKLOADS.md, "The Linux suite"): one static program, lxbench,
 * whose subcommands are the tests. Every test measures itself with the guest's own clock
 * (clock_gettime CLOCK_MONOTONIC), so in the emulator its figures are simulated time and the
 * same on every run, and prints the line format of the bare-metal suite (RESULT/HIST/INFO). */
#ifndef LX_H
#define LX_H
#include <stdint.h>

/* Nanoseconds of CLOCK_MONOTONIC. */
uint64_t now_ns(void);
/* RESULT name=NAME unit=UNIT better=lower|higher value=V (three decimals). */
void result(const char *name, const char *unit, const char *better, double value);
/* A rate: count operations in ns nanoseconds, as count per second (or per minute, scaled by 60). */
void rate(const char *name, const char *unit, double per_second_scale, uint64_t count, uint64_t ns);
/* HIST name=NAME unit=UNIT width=W counts=...: samples in ns, buckets of width_ns, n buckets, the
 * last holding everything above. */
void hist_ns(const char *name, const char *unit, const uint64_t *samples_ns, int count, uint64_t width_ns,
             int buckets);
/* min/avg/max/p99 (nearest rank) of samples in ns, printed in microseconds, and their histogram. */
void latency_report(const char *name, uint64_t *samples_ns, int count);
void die(const char *what) __attribute__((noreturn));
/* Pins the calling thread to one CPU (the CPU count is checked by the caller). */
void pin(int cpu);

int dhry_main(int argc, char **argv);
int whet_main(int argc, char **argv);
int execl_main(int argc, char **argv);
int spawn_main(int argc, char **argv);
int shell_main(int argc, char **argv);
int syscall_main(int argc, char **argv);
int pipe_main(int argc, char **argv);
int context_main(int argc, char **argv);
int fcopy_main(int argc, char **argv);
int ipi_main(int argc, char **argv);
int tcp_main(int argc, char **argv);
int seed_main(int argc, char **argv);
#endif
