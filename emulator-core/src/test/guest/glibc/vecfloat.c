/* Auto-vectorized float and double loops (-O3, no -ffast-math: no reassociation, IEEE exact),
 * conversions, sqrt, fabs, fmin/fmax, fused multiply-add, comparisons. Prints bit patterns. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define N 515
static float fa[N], fb[N], fc[N];
static double da[N], db[N], dc[N];
static int32_t ia[N];
static int64_t la[N];
static uint32_t ua[N];
static uint64_t seed = 88172645463325252ull;

static uint64_t rnd(void) {
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
}

static uint64_t hf(const float *p) {
    uint64_t h = 1469598103934665603ull;
    for (int i = 0; i < N; i++) {
        uint32_t u; memcpy(&u, &p[i], 4);
        h = (h ^ u) * 1099511628211ull;
    }
    return h;
}

static uint64_t hd(const double *p) {
    uint64_t h = 1469598103934665603ull;
    for (int i = 0; i < N; i++) {
        uint64_t u; memcpy(&u, &p[i], 8);
        h = (h ^ u) * 1099511628211ull;
    }
    return h;
}

#define RF(name) printf("%-8s %016llx %a %a\n", name, (unsigned long long)hf(fc), fc[1], fc[N - 2])
#define RD(name) printf("%-8s %016llx %a %a\n", name, (unsigned long long)hd(dc), dc[1], dc[N - 2])

int main(void) {
    for (int i = 0; i < N; i++) {
        uint64_t r = rnd();
        fa[i] = (float)(int32_t)r / 65536.0f;
        fb[i] = (float)(r >> 40) * 1e-3f - 3.0f;
        da[i] = (double)(int64_t)rnd() / 1e12;
        db[i] = ((double)(r & 0xFFFFF) - 500000.0) * 1e-150;
        ia[i] = (int32_t)rnd();
        la[i] = (int64_t)rnd() >> (i & 31);
        ua[i] = (uint32_t)(rnd() >> 3);
    }
    fa[3] = INFINITY; fb[4] = -0.0f; fa[6] = NAN; fb[7] = 1e-40f; fa[8] = -1e-42f; da[9] = 4.9e-324; db[10] = -INFINITY;
    for (int i = 0; i < N; i++) fc[i] = fa[i] * fb[i] + fc[i];
    RF("fmla");
    for (int i = 0; i < N; i++) fc[i] = fmaf(fa[i], fb[i], 1.0f);
    RF("fmaf");
    for (int i = 0; i < N; i++) fc[i] = fa[i] / (fb[i] + 0.5f);
    RF("fdiv");
    for (int i = 0; i < N; i++) fc[i] = sqrtf(fabsf(fa[i]));
    RF("fsqrt");
    for (int i = 0; i < N; i++) fc[i] = fminf(fa[i], fb[i]) - fmaxf(fa[i], 2.0f * fb[i]);
    RF("fminmax");
    for (int i = 0; i < N; i++) fc[i] = fa[i] < fb[i] ? fa[i] : -fb[i];
    RF("fsel");
    for (int i = 0; i < N; i++) fc[i] = (float)ia[i];
    RF("scvtf");
    for (int i = 0; i < N; i++) fc[i] = (float)ua[i] * 0.25f;
    RF("ucvtf");
    for (int i = 0; i < N; i++) ia[i] = (int32_t)(fb[i] * 1000.0f);
    printf("fcvtzs   %d %d %d\n", ia[0], ia[100], ia[N - 1]);
    for (int i = 0; i < N; i++) fc[i] = (float)da[i];
    RF("fcvtn");
    for (int i = 0; i < N; i++) dc[i] = (double)fa[i] * db[i];
    RD("fcvtl");
    for (int i = 0; i < N; i++) dc[i] = da[i] * db[i] + da[i];
    RD("dmla");
    for (int i = 0; i < N; i++) dc[i] = fma(da[i], db[i], -da[i]);
    RD("fma");
    for (int i = 0; i < N; i++) dc[i] = sqrt(fabs(da[i])) / (db[i] - 1.0);
    RD("dsqrt");
    for (int i = 0; i < N; i++) dc[i] = (double)la[i];
    RD("scvtf64");
    for (int i = 0; i < N; i++) la[i] = (int64_t)(da[i] * 1e6);
    printf("fcvtzs64 %lld %lld\n", (long long)la[1], (long long)la[N - 1]);
    for (int i = 0; i < N; i++) dc[i] = fmin(da[i], db[i]) + fmax(db[i], -da[i]);
    RD("dminmax");
    for (int i = 0; i < N; i++) dc[i] = rint(da[i] * 3.5) + floor(da[i]) - ceil(db[i] * 1e150) + trunc(da[i] / 7) + round(da[i] * 0.5);
    RD("drint");
    float fs = 0; double ds = 0; float fm = -INFINITY;
    for (int i = 0; i < N; i++) fs += fa[i] * fb[i];
    for (int i = 0; i < N; i++) ds += da[i] * da[i];
    for (int i = 0; i < N; i++) fm = fa[i] > fm ? fa[i] : fm;
    printf("dot %a %a %a\n", fs, ds, fm);
    int cnt = 0;
    for (int i = 0; i < N; i++) cnt += fa[i] >= fb[i];
    for (int i = 0; i < N; i++) cnt += isless(da[i], db[i]);
    printf("cmp %d\n", cnt);
    return 0;
}
