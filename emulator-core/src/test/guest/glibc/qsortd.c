/* qsort of doubles (with +-0, infinities, denormals), bsearch, and a stable ranking checksum. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define N 3001
static double v[N];
static uint64_t seed = 1234567;

static int cmpd(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(void) {
    for (int i = 0; i < N; i++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        int64_t r = (int64_t)seed;
        v[i] = ldexp((double)(r >> 11), (int)(seed % 64) - 90);
    }
    v[0] = INFINITY; v[1] = -INFINITY; v[2] = -0.0; v[3] = 0.0; v[4] = 4.9e-324; v[5] = -1e-310; v[6] = 1e308;
    qsort(v, N, sizeof v[0], cmpd);
    int sorted = 1;
    for (int i = 1; i < N; i++) if (v[i - 1] > v[i]) sorted = 0;
    printf("sorted %d\n", sorted);
    for (int i = 0; i < N; i += 150) printf("%5d %.17g %a\n", i, v[i], v[i]);
    double key = v[1234];
    double *p = bsearch(&key, v, N, sizeof v[0], cmpd);
    printf("bsearch %ld\n", p ? (long)(p - v) : -1L);
    double s = 0;
    for (int i = 0; i < N; i++) if (isfinite(v[i])) s += v[i] * (i % 7);
    printf("sum %a\n", s);
    return 0;
}
