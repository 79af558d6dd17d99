/* Sorting: quicksort and mergesort of pseudo-random data must agree; strings sorted too. */
#include "rt.h"

#define N 3000

static u32 a[N], b[N], tmp[N];

static void quicksort(u32 *v, long lo, long hi)
{
    while (lo < hi) {
        u32 pivot = v[lo + (hi - lo) / 2];
        long i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot) i++;
            while (v[j] > pivot) j--;
            if (i <= j) {
                u32 t = v[i]; v[i] = v[j]; v[j] = t;
                i++; j--;
            }
        }
        if (j - lo < hi - i) {
            quicksort(v, lo, j);
            lo = i;
        } else {
            quicksort(v, i, hi);
            hi = j;
        }
    }
}

static void mergesort(u32 *v, u32 *t, long n)
{
    if (n < 2)
        return;
    long m = n / 2;
    mergesort(v, t, m);
    mergesort(v + m, t, n - m);
    long i = 0, j = m, k = 0;
    while (i < m && j < n)
        t[k++] = v[i] <= v[j] ? v[i++] : v[j++];
    while (i < m) t[k++] = v[i++];
    while (j < n) t[k++] = v[j++];
    memcpy(v, t, n * sizeof *v);
}

static int strcmp_(const char *x, const char *y)
{
    while (*x && *x == *y) { x++; y++; }
    return (unsigned char)*x - (unsigned char)*y;
}

static void insertion_sort_str(const char **v, int n)
{
    for (int i = 1; i < n; i++) {
        const char *k = v[i];
        int j = i - 1;
        while (j >= 0 && strcmp_(v[j], k) > 0) {
            v[j + 1] = v[j];
            j--;
        }
        v[j + 1] = k;
    }
}

int main(void)
{
    u64 s = 0x9E3779B97F4A7C15UL;
    for (int i = 0; i < N; i++)
        a[i] = b[i] = (u32)(rnd_next(&s) >> 32) % 100000;
    quicksort(a, 0, N - 1);
    mergesort(b, tmp, N);
    int ok = 1;
    for (int i = 1; i < N; i++)
        if (a[i - 1] > a[i]) ok = 0;
    if (memcmp(a, b, sizeof a) != 0) ok = 0;
    u64 sum = 0;
    for (int i = 0; i < N; i++)
        sum = sum * 31 + a[i];
    out_str("sorted "); out_str(ok ? "ok" : "FAIL"); out_chr('\n');
    out_str("min "); out_u64(a[0]); out_str(" median "); out_u64(a[N / 2]);
    out_str(" max "); out_u64(a[N - 1]); out_chr('\n');
    out_str("checksum "); out_hex(sum, 16); out_chr('\n');
    for (int i = 0; i < N; i += 300) {
        out_u64(a[i]); out_chr(' ');
    }
    out_chr('\n');

    const char *words[] = {"pear", "apple", "fig", "banana", "kiwi", "apricot", "cherry", "date", "app", "zucchini"};
    int nw = sizeof words / sizeof words[0];
    insertion_sort_str(words, nw);
    for (int i = 0; i < nw; i++) {
        out_str(words[i]); out_chr(i + 1 < nw ? ' ' : '\n');
    }
    out_flush();
    return ok ? 0 : 1;
}
