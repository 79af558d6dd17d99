/* Auto-vectorized integer loops (-O3): every element width, widening/narrowing, min/max,
 * shifts, saturation written in C, reductions. Prints checksums and a few elements. */
#include <stdint.h>
#include <stdio.h>

#define N 1003
static int8_t a8[N], b8[N], c8[N];
static uint8_t u8a[N], u8b[N], u8c[N];
static int16_t a16[N], b16[N], c16[N];
static uint16_t u16a[N];
static int32_t a32[N], b32[N], c32[N];
static uint32_t u32a[N], u32b[N];
static int64_t a64[N], b64[N], c64[N];
static uint64_t seed = 0x9E3779B97F4A7C15ull;

static uint64_t rnd(void) {
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
}

static uint64_t fold(const void *p, size_t n) {
    const uint8_t *b = p;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ b[i]) * 1099511628211ull;
    }
    return h;
}

#define REPORT(name, arr) printf("%-10s %016llx %lld %lld\n", name, (unsigned long long)fold(arr, sizeof arr), \
                                 (long long)arr[0], (long long)arr[N - 1])

__attribute__((noinline)) static void fill(void) {
    for (int i = 0; i < N; i++) {
        uint64_t r = rnd();
        a8[i] = r; b8[i] = r >> 8; u8a[i] = r >> 16; u8b[i] = r >> 24;
        a16[i] = r >> 3; b16[i] = r >> 19; u16a[i] = r >> 33;
        a32[i] = r; b32[i] = r >> 32; u32a[i] = r >> 5; u32b[i] = r >> 29;
        a64[i] = rnd(); b64[i] = rnd();
    }
    a8[5] = -128; b8[5] = -128; a16[7] = -32768; b16[7] = -1; a32[9] = INT32_MIN; b32[9] = -1;
}

int main(void) {
    fill();
    for (int i = 0; i < N; i++) c8[i] = a8[i] + b8[i] * 3;
    REPORT("add8", c8);
    for (int i = 0; i < N; i++) u8c[i] = (u8a[i] + u8b[i] + 1) >> 1;
    REPORT("avg8", u8c);
    for (int i = 0; i < N; i++) u8c[i] = u8a[i] > u8b[i] ? u8a[i] - u8b[i] : u8b[i] - u8a[i];
    REPORT("absd8", u8c);
    for (int i = 0; i < N; i++) { int s = u8a[i] + u8b[i]; u8c[i] = s > 255 ? 255 : s; }
    REPORT("uqadd8", u8c);
    for (int i = 0; i < N; i++) { int s = a8[i] - b8[i]; c8[i] = s > 127 ? 127 : s < -128 ? -128 : s; }
    REPORT("sqsub8", c8);
    for (int i = 0; i < N; i++) c16[i] = a16[i] * b16[i];
    REPORT("mul16", c16);
    for (int i = 0; i < N; i++) c16[i] = (int16_t)(((int32_t)a16[i] * b16[i]) >> 15);
    REPORT("mulh16", c16);
    for (int i = 0; i < N; i++) c16[i] = a8[i] * (int16_t)b8[i];
    REPORT("smull8", c16);
    for (int i = 0; i < N; i++) c32[i] = (int32_t)u16a[i] * a16[i] + c32[i];
    REPORT("mla16", c32);
    for (int i = 0; i < N; i++) c32[i] = a32[i] < b32[i] ? a32[i] : b32[i];
    REPORT("min32", c32);
    for (int i = 0; i < N; i++) c32[i] = (u32a[i] > u32b[i] ? u32a[i] : u32b[i]) >> (i & 7);
    REPORT("umaxsh32", c32);
    for (int i = 0; i < N; i++) c32[i] = a32[i] >> 3 ^ (b32[i] << 5) ^ (int32_t)((uint32_t)a32[i] >> 27);
    REPORT("shifts32", c32);
    for (int i = 0; i < N; i++) c32[i] = a32[i] < 0 ? -a32[i] : a32[i];
    REPORT("abs32", c32);
    for (int i = 0; i < N; i++) c64[i] = a64[i] + b64[i] * 7 - (a64[i] >> 9);
    REPORT("add64", c64);
    for (int i = 0; i < N; i++) c64[i] = (int64_t)a32[i] * b32[i];
    REPORT("smull32", c64);
    for (int i = 0; i < N; i++) c64[i] = a64[i] > b64[i] ? a64[i] : b64[i];
    REPORT("max64", c64);
    for (int i = 0; i < N; i++) c8[i] = (int8_t)(a32[i] >> 4);
    REPORT("narrow", c8);
    for (int i = 0; i < N; i++) c16[i] = (int16_t)((a32[i] + b32[i]) >> 16);
    REPORT("addhn", c16);
    for (int i = 0; i < N; i++) c32[i] = (a8[i] == b8[i]) | ((a16[i] > b16[i]) << 1) | ((u32a[i] >= u32b[i]) << 2);
    REPORT("cmp", c32);
    for (int i = 0; i < N; i++) c32[i] = a32[i] & 0xFF00FF ? b32[i] : ~a32[i];
    REPORT("select", c32);

    int64_t s64 = 0; uint32_t su = 0; int32_t smax = INT32_MIN; int sum8 = 0; uint32_t x = 0;
    for (int i = 0; i < N; i++) s64 += a32[i];
    for (int i = 0; i < N; i++) su += u16a[i];
    for (int i = 0; i < N; i++) smax = a32[i] > smax ? a32[i] : smax;
    for (int i = 0; i < N; i++) sum8 += u8a[i] * u8b[i];
    for (int i = 0; i < N; i++) x ^= u32a[i];
    printf("reduce %lld %u %d %d %08x\n", (long long)s64, su, smax, sum8, x);
    uint64_t h = 0;
    for (int r = 0; r < 200; r++) {
        for (int i = 0; i < N; i++) a32[i] = a32[i] * 1103515245 + b32[i];
        h += fold(a32, sizeof a32);
    }
    printf("lcg %016llx\n", (unsigned long long)h);
    return (int)(h & 0x3F);
}
