/* The CPU tests of the UnixBench-style suite.
 *
 * dhry: an integer loop in the spirit of Dhrystone 2 (our own code, not the benchmark: the kernel
 * of ../common/dhry_kernel.h, shared with the bare-metal suite's dhrystone.c): per loop, record manipulation through pointers,
 * string copies and comparisons, a switch on an enum, integer arithmetic with division, array
 * updates and calls. Reported as loops per second (UnixBench's dhry2reg unit, lps).
 *
 * whet: the Whetstone algorithm of Curnow and Wichmann (1976) written from its published
 * definition, in double precision with libm: modules 2, 3, 4, 6, 7, 8, 9 and 11 with the classic
 * weights (12, 14, 345, 210, 32, 899, 616, 93 per unit), one unit of which is 100,000 Whetstone
 * instructions. Reported in MWIPS (UnixBench's whetstone-double unit). */
#include "lx.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "dhry_kernel.h"

int dhry_main(int argc, char **argv)
{
    if (argc != 2) {
        die("dhry LOOPS");
    }
    long loops = atol(argv[1]);
    dhry_init();
    uint64_t check = 0;
    uint64_t t0 = now_ns();
    for (long i = 0; i < loops; i++) {
        check = dhry_loop((int)i, check);
    }
    uint64_t t1 = now_ns();
    printf("INFO dhrystone_checksum=%llu\n", (unsigned long long)check);
    rate("dhrystone", "lps", 1, loops, t1 - t0);
    return 0;
}

static double e1[5];
static const double T = 0.499975, T1 = 0.50025, T2 = 2.0;
static int j, k, l;

static __attribute__((noinline)) void pa(double *e)
{
    for (int n = 0; n < 6; n++) {
        e[1] = (e[1] + e[2] + e[3] - e[4]) * T;
        e[2] = (e[1] + e[2] - e[3] + e[4]) * T;
        e[3] = (e[1] - e[2] + e[3] + e[4]) * T;
        e[4] = (-e[1] + e[2] + e[3] + e[4]) / T2;
    }
}

static __attribute__((noinline)) void p3(double x, double y, double *z)
{
    double x1 = T * (x + y);
    double y1 = T * (x1 + y);
    *z = (x1 + y1) / T2;
}

static __attribute__((noinline)) void p0(void)
{
    e1[j] = e1[k];
    e1[k] = e1[l];
    e1[l] = e1[j];
}

/* One unit: 100,000 Whetstone instructions by the classic weights. */
static double whetstone_unit(void)
{
    double x, y, z;
    /* module 2: array elements */
    e1[1] = 1.0;
    e1[2] = e1[3] = e1[4] = -1.0;
    for (int i = 0; i < 12; i++) {
        e1[1] = (e1[1] + e1[2] + e1[3] - e1[4]) * T;
        e1[2] = (e1[1] + e1[2] - e1[3] + e1[4]) * T;
        e1[3] = (e1[1] - e1[2] + e1[3] + e1[4]) * T;
        e1[4] = (-e1[1] + e1[2] + e1[3] + e1[4]) * T;
    }
    /* module 3: array as parameter */
    for (int i = 0; i < 14; i++) {
        pa(e1);
    }
    /* module 4: conditional jumps */
    j = 1;
    for (int i = 0; i < 345; i++) {
        j = j == 1 ? 2 : 3;
        j = j > 2 ? 0 : 1;
        j = j < 1 ? 1 : 0;
    }
    /* module 6: integer arithmetic */
    j = 1;
    k = 2;
    l = 3;
    for (int i = 0; i < 210; i++) {
        j = j * (k - j) * (l - k);
        k = l * k - (l - j) * k;
        l = (l - k) * (k + j);
        e1[l - 1] = j + k + l;
        e1[k - 1] = j * k * l;
    }
    /* module 7: trigonometric functions */
    x = y = 0.5;
    for (int i = 0; i < 32; i++) {
        x = T * atan(T2 * sin(x) * cos(x) / (cos(x + y) + cos(x - y) - 1.0));
        y = T * atan(T2 * sin(y) * cos(y) / (cos(x + y) + cos(x - y) - 1.0));
    }
    /* module 8: procedure calls */
    x = y = z = 1.0;
    for (int i = 0; i < 899; i++) {
        p3(x, y, &z);
    }
    /* module 9: array references */
    j = 1;
    k = 2;
    l = 3;
    e1[1] = 1.0;
    e1[2] = 2.0;
    e1[3] = 3.0;
    for (int i = 0; i < 616; i++) {
        p0();
    }
    /* module 11: standard functions */
    double w = 0.75;
    for (int i = 0; i < 93; i++) {
        w = sqrt(exp(log(w) / T1));
    }
    return x + y + z + w + e1[1] + e1[2] + e1[3] + e1[4] + j + k + l;
}

int whet_main(int argc, char **argv)
{
    if (argc != 2) {
        die("whet UNITS");
    }
    long units = atol(argv[1]);
    double check = 0;
    uint64_t t0 = now_ns();
    for (long i = 0; i < units; i++) {
        check += whetstone_unit();
    }
    uint64_t t1 = now_ns();
    printf("INFO whetstone_checksum=%.6f\n", check);
    /* units * 100,000 instructions in (t1 - t0) ns, in millions per second */
    rate("whetstone", "MWIPS", 0.1, units, t1 - t0);
    return 0;
}
