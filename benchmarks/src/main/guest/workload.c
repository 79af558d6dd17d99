/*
 * The interpreter benchmark's guest program: ITERATIONS rounds (argv[1], default 1) of integer work
 * typical of compiled C: quicksort and mergesort of pseudo-random words, CRC-32 (table driven),
 * FNV-1a and SHA-256 over the sorted data. Prints one checksum so a run under hvlab can be checked
 * against the same run under qemu-aarch64. No system call inside the rounds: the JMH benchmark
 * runs this program for a fixed instruction budget and measures the interpreter alone.
 */
#include "rt.h"

#define N 2048

static u32 a[N], b[N], tmp[N];
static u32 crc_table[256];

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

static void crc_init(void)
{
    for (u32 i = 0; i < 256; i++) {
        u32 c = i;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

static u32 crc32(const u8 *p, size_t n)
{
    u32 c = 0xFFFFFFFFu;
    while (n--)
        c = crc_table[(c ^ *p++) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

static u64 fnv1a64(const u8 *p, size_t n)
{
    u64 h = 14695981039346656037UL;
    while (n--) { h ^= *p++; h *= 1099511628211UL; }
    return h;
}

static const u32 K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

/* SHA-256 compression (FIPS 180-4) over every whole 64-byte block of p. */
static void sha256_blocks(u32 *h, const u8 *p, size_t n)
{
    u32 w[64];
    for (; n >= 64; n -= 64, p += 64) {
        for (int i = 0; i < 16; i++)
            w[i] = (u32)p[4 * i] << 24 | (u32)p[4 * i + 1] << 16 | (u32)p[4 * i + 2] << 8 | p[4 * i + 3];
        for (int i = 16; i < 64; i++) {
            u32 s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
            u32 s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        u32 a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
        for (int i = 0; i < 64; i++) {
            u32 t1 = hh + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
            u32 t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
        }
        h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
    }
}

static u64 parse_u64(const char *s)
{
    u64 v = 0;
    while (*s >= '0' && *s <= '9')
        v = v * 10 + (u64)(*s++ - '0');
    return v;
}

int main(int argc, char **argv)
{
    u64 iterations = argc > 1 ? parse_u64(argv[1]) : 1;
    u64 s = 0x9E3779B97F4A7C15UL;
    u64 sum = 0;
    int ok = 1;
    crc_init();
    for (u64 it = 0; it < iterations; it++) {
        for (int i = 0; i < N; i++)
            a[i] = b[i] = (u32)(rnd_next(&s) >> 32);
        quicksort(a, 0, N - 1);
        mergesort(b, tmp, N);
        if (memcmp(a, b, sizeof a) != 0)
            ok = 0;
        u32 h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
        sha256_blocks(h, (const u8 *)a, sizeof a);
        sum = sum * 31 + crc32((const u8 *)a, sizeof a);
        sum = sum * 31 + fnv1a64((const u8 *)b, sizeof b);
        for (int i = 0; i < 8; i++)
            sum = sum * 31 + h[i];
    }
    out_str("iterations "); out_u64(iterations);
    out_str(" sorted "); out_str(ok ? "ok" : "FAIL");
    out_str(" checksum "); out_hex(sum, 16); out_chr('\n');
    out_flush();
    return ok ? 0 : 1;
}
