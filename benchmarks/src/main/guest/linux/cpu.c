/* The CPU tests of the UnixBench-style suite.
 *
 * dhry: an integer loop in the spirit of Dhrystone 2 (our own code, not the benchmark, the same
 * kernel as the bare-metal suite's dhrystone.c): per loop, record manipulation through pointers,
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

enum colour { RED, GREEN, BLUE, BLACK };

struct record {
    struct record *next;
    enum colour colour;
    int value;
    int count;
    char text[32];
};

static struct record recs[2];
static int grid[16][16];
static int row[64];
static char greeting[32];

static void copy_text(char *d, const char *s)
{
    while ((*d++ = *s++)) {
    }
}

static int compare_text(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

static __attribute__((noinline)) enum colour next_colour(enum colour c, int v)
{
    switch (c) {
    case RED:
        return v & 1 ? GREEN : BLUE;
    case GREEN:
        return BLUE;
    case BLUE:
        return v > 10 ? BLACK : RED;
    default:
        return RED;
    }
}

static __attribute__((noinline)) int mix(int a, int b, int c)
{
    int d = a * b - c;
    return d / (c | 1) + (d % 7);
}

static __attribute__((noinline)) void update(struct record *r, int i)
{
    struct record *o = r->next;
    o->value = r->value + i;
    o->count = r->count + 1;
    o->colour = next_colour(r->colour, o->value);
    r->value = mix(o->value, 3, i & 15);
}

int dhry_main(int argc, char **argv)
{
    if (argc != 2) {
        die("dhry LOOPS");
    }
    long loops = atol(argv[1]);
    recs[0].next = &recs[1];
    recs[1].next = &recs[0];
    copy_text(greeting, "HVLAB INTEGER KERNEL, LOOP TEXT");
    uint64_t check = 0;
    uint64_t t0 = now_ns();
    for (long i = 0; i < loops; i++) {
        struct record *r = &recs[i & 1];
        copy_text(r->text, greeting);
        r->text[i % 30] = (char)('a' + i % 26);
        int cmp = compare_text(r->text, greeting);
        update(r, (int)i);
        int a = i % 64, b = (i * 7) % 16;
        row[a] = row[(a + 1) % 64] + cmp;
        grid[b][a % 16] += row[a] + r->value;
        grid[a % 16][b] = grid[b][a % 16] / 3 - (int)i;
        check = check * 31 + (uint64_t)(unsigned)grid[b][a % 16] + (uint64_t)r->next->colour;
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
