/* Hashing: FNV-1a (32/64), CRC-32 (IEEE, reflected) and SHA-256 (FIPS 180-4) of fixed inputs. */
#include "rt.h"

static u32 fnv1a32(const u8 *p, size_t n)
{
    u32 h = 2166136261u;
    while (n--) { h ^= *p++; h *= 16777619u; }
    return h;
}

static u64 fnv1a64(const u8 *p, size_t n)
{
    u64 h = 14695981039346656037UL;
    while (n--) { h ^= *p++; h *= 1099511628211UL; }
    return h;
}

static u32 crc_table[256];

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

static void sha256_block(u32 *h, const u8 *blk)
{
    u32 w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (u32)blk[4 * i] << 24 | (u32)blk[4 * i + 1] << 16 | (u32)blk[4 * i + 2] << 8 | blk[4 * i + 3];
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

static void sha256(const u8 *p, size_t n, u8 out[32])
{
    u32 h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    u8 blk[64];
    size_t done = 0;
    while (n - done >= 64) {
        sha256_block(h, p + done);
        done += 64;
    }
    size_t r = n - done;
    memset(blk, 0, 64);
    memcpy(blk, p + done, r);
    blk[r] = 0x80;
    if (r >= 56) {
        sha256_block(h, blk);
        memset(blk, 0, 64);
    }
    u64 bits = (u64)n * 8;
    for (int i = 0; i < 8; i++)
        blk[63 - i] = (u8)(bits >> (8 * i));
    sha256_block(h, blk);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (u8)(h[i] >> 24); out[4 * i + 1] = (u8)(h[i] >> 16);
        out[4 * i + 2] = (u8)(h[i] >> 8); out[4 * i + 3] = (u8)h[i];
    }
}

static u8 big[1000];

static void report(const char *name, const u8 *p, size_t n)
{
    u8 d[32];
    out_str(name); out_chr('\n');
    out_str("  fnv32 "); out_hex(fnv1a32(p, n), 8);
    out_str(" fnv64 "); out_hex(fnv1a64(p, n), 16);
    out_str(" crc32 "); out_hex(crc32(p, n), 8); out_chr('\n');
    sha256(p, n, d);
    out_str("  sha256 ");
    for (int i = 0; i < 32; i++) out_hex(d[i], 2);
    out_chr('\n');
}

int main(void)
{
    crc_init();
    report("empty", (const u8 *)"", 0);
    report("abc", (const u8 *)"abc", 3);
    const char *fox = "The quick brown fox jumps over the lazy dog";
    report("fox", (const u8 *)fox, strlen(fox));
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    report("two-block", (const u8 *)two, strlen(two));
    u64 s = 12345;
    for (int i = 0; i < 1000; i++) big[i] = (u8)(rnd_next(&s) >> 56);
    report("random-1000", big, sizeof big);
    out_flush();
    return 0;
}
