/*
 * FP-heavy and SIMD-heavy guest programs for the interpreter benchmark (issue 4):
 *   fpsimd fp N     N rounds of a Whetstone-like double-precision kernel (add, mul, div, sqrt,
 *                   fused multiply-add, conversions) over small arrays
 *   fpsimd simd N   N rounds of loops gcc -O3 vectorizes with AdvSIMD: byte sums of absolute
 *                   differences, widening int16 dot products, float saxpy, byte histograms by
 *                   comparison, min/max reductions
 * Each prints one checksum (its bits, not a formatted float), so a run under hvlab can be checked
 * against the same run under qemu-aarch64. No libc: the core's tiny runtime (start.S, rt.c).
 */
#include "rt.h"

#define N 1024

static double x[N], y[N];
static unsigned char p[4 * N], q[4 * N];
static short s1[2 * N], s2[2 * N];
static float fa[N], fb[N];
static int hist[16];

static u64 parse_u64(const char *s)
{
    u64 v = 0;
    while (*s >= '0' && *s <= '9')
        v = v * 10 + (u64)(*s++ - '0');
    return v;
}

static u64 bits(double d)
{
    u64 b;
    memcpy(&b, &d, sizeof b);
    return b;
}

static double fp_round(u64 it)
{
    double t = 0.499975, t2 = 2.0, acc = 0;
    for (int i = 0; i < N; i++) {
        double a = x[i], b = y[i];
        double e1 = (a + b + t) * t;
        double e2 = (a - b + e1) * t;
        double e3 = (e1 * e2 - a) / t2;
        double r = __builtin_sqrt(e1 * e1 + e2 * e2 + 1.0);
        acc = __builtin_fma(e3, r, acc);
        x[i] = e1 / (1.0 + r);
        y[i] = (double)(long)(e2 * 1000.0) / 1000.0 + (double)(it & 7);
    }
    return acc;
}

static u64 simd_round(u64 it)
{
    u64 sad = 0;
    for (int i = 0; i < 4 * N; i++) {
        int d = p[i] - q[i];
        sad += (unsigned)(d < 0 ? -d : d);
    }
    long dot = 0;
    for (int i = 0; i < 2 * N; i++)
        dot += (int)s1[i] * (int)s2[i];
    float k = (float)(it & 15) * 0.25f;
    for (int i = 0; i < N; i++)
        fa[i] = k * fb[i] + fa[i] * 0.5f;
    for (int b = 0; b < 16; b++) {
        int c = 0;
        for (int i = 0; i < 4 * N; i++)
            c += (p[i] >> 4) == b;
        hist[b] += c;
    }
    unsigned char mn = 255, mx = 0;
    for (int i = 0; i < 4 * N; i++) {
        mn = p[i] < mn ? p[i] : mn;
        mx = q[i] > mx ? q[i] : mx;
    }
    for (int i = 0; i < 4 * N; i++)
        p[i] = (unsigned char)(p[i] + q[i] + (unsigned)it);
    u32 fbits;
    memcpy(&fbits, &fa[it % N], sizeof fbits);
    return sad * 31 + (u64)dot * 7 + fbits + mn + ((u64)mx << 8);
}

int main(int argc, char **argv)
{
    int simd = argc > 1 && argv[1][0] == 's';
    u64 rounds = argc > 2 ? parse_u64(argv[2]) : 1;
    u64 s = 0x9E3779B97F4A7C15UL;
    for (int i = 0; i < N; i++) {
        x[i] = (double)(rnd_next(&s) >> 40) / 16777216.0;
        y[i] = (double)(rnd_next(&s) >> 40) / 8388608.0;
        fa[i] = (float)(rnd_next(&s) >> 44) / 1048576.0f;
        fb[i] = (float)(rnd_next(&s) >> 44) / 524288.0f;
    }
    for (int i = 0; i < 4 * N; i++) {
        p[i] = (unsigned char)(rnd_next(&s) >> 56);
        q[i] = (unsigned char)(rnd_next(&s) >> 56);
    }
    for (int i = 0; i < 2 * N; i++) {
        s1[i] = (short)(rnd_next(&s) >> 48);
        s2[i] = (short)(rnd_next(&s) >> 48);
    }
    u64 sum = 0;
    for (u64 it = 0; it < rounds; it++)
        sum = sum * 31 + (simd ? simd_round(it) : bits(fp_round(it)));
    for (int b = 0; b < 16; b++)
        sum = sum * 31 + (u64)hist[b];
    out_str(simd ? "simd" : "fp");
    out_str(" rounds "); out_u64(rounds);
    out_str(" checksum "); out_hex(sum, 16); out_chr('\n');
    out_flush();
    return 0;
}
