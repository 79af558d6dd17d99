/* The Cryptographic Extension through ACLE intrinsics (built with +crypto): AES-128 rounds, the
 * SHA-1 and SHA-256 compression functions over a message, and 64-bit PMULL (a GHASH-style fold).
 * AT_HWCAP says whether the extension is there, as a library would check. */
#include <arm_neon.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/auxv.h>

static uint8_t msg[4096];

static void sha256(const uint8_t *data, size_t blocks, uint32_t out[8]) {
    static const uint32_t K[64] = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
        0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
        0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
        0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
        0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
        0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
        0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2};
    uint32x4_t s0 = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a};
    uint32x4_t s1 = {0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    for (size_t b = 0; b < blocks; b++) {
        uint32x4_t w[4];
        for (int i = 0; i < 4; i++) w[i] = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(data + 64 * b + 16 * i)));
        uint32x4_t a = s0, e = s1;
        for (int r = 0; r < 16; r++) {
            uint32x4_t wk = vaddq_u32(w[r & 3], vld1q_u32(K + 4 * r));
            uint32x4_t a2 = vsha256hq_u32(a, e, wk);
            e = vsha256h2q_u32(e, a, wk);
            a = a2;
            if (r < 12) w[r & 3] = vsha256su1q_u32(vsha256su0q_u32(w[r & 3], w[(r + 1) & 3]), w[(r + 2) & 3], w[(r + 3) & 3]);
        }
        s0 = vaddq_u32(s0, a);
        s1 = vaddq_u32(s1, e);
    }
    vst1q_u32(out, s0);
    vst1q_u32(out + 4, s1);
}

static void sha1(const uint8_t *data, size_t blocks, uint32_t out[5]) {
    uint32x4_t abcd = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476};
    uint32_t e0 = 0xC3D2E1F0;
    for (size_t b = 0; b < blocks; b++) {
        uint32x4_t w[4];
        for (int i = 0; i < 4; i++) w[i] = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(data + 64 * b + 16 * i)));
        uint32x4_t h = abcd;
        uint32_t e = e0;
        for (int r = 0; r < 20; r++) {
            uint32_t k = r < 5 ? 0x5A827999 : r < 10 ? 0x6ED9EBA1 : r < 15 ? 0x8F1BBCDC : 0xCA62C1D6;
            uint32x4_t wk = vaddq_u32(w[r & 3], vdupq_n_u32(k));
            uint32_t en = vsha1h_u32(vgetq_lane_u32(h, 0));
            h = r < 5 ? vsha1cq_u32(h, e, wk) : (r < 10 || r >= 15) ? vsha1pq_u32(h, e, wk) : vsha1mq_u32(h, e, wk);
            e = en;
            if (r < 16) w[r & 3] = vsha1su1q_u32(vsha1su0q_u32(w[r & 3], w[(r + 1) & 3], w[(r + 2) & 3]), w[(r + 3) & 3]);
        }
        abcd = vaddq_u32(abcd, h);
        e0 += e;
    }
    vst1q_u32(out, abcd);
    out[4] = e0;
}

int main(void) {
    unsigned long hw = getauxval(AT_HWCAP);
    printf("hwcap aes %d pmull %d sha1 %d sha2 %d\n", !!(hw & HWCAP_AES), !!(hw & HWCAP_PMULL), !!(hw & HWCAP_SHA1),
           !!(hw & HWCAP_SHA2));
    uint32_t x = 1;
    for (size_t i = 0; i < sizeof msg; i++) { x = x * 1103515245u + 12345u; msg[i] = x >> 16; }
    /* "abc", padded: the FIPS 180 example block */
    uint8_t abc[64] = {'a', 'b', 'c', 0x80};
    abc[63] = 24;
    uint32_t h[8];
    sha256(abc, 1, h);
    printf("sha256(abc)");
    for (int i = 0; i < 8; i++) printf(" %08x", h[i]);
    sha1(abc, 1, h);
    printf("\nsha1(abc)");
    for (int i = 0; i < 5; i++) printf(" %08x", h[i]);
    sha256(msg, sizeof msg / 64, h);
    printf("\nsha256(msg) %08x %08x\n", h[0], h[7]);
    sha1(msg, sizeof msg / 64, h);
    printf("sha1(msg) %08x %08x\n", h[0], h[4]);
    uint8x16_t key = vld1q_u8(msg), st = vld1q_u8(msg + 16), acc = vdupq_n_u8(0);
    for (int i = 0; i + 16 <= (int)sizeof msg; i += 16) {
        uint8x16_t rk = veorq_u8(key, vld1q_u8(msg + i));
        st = vaesmcq_u8(vaeseq_u8(st, rk));
        acc = veorq_u8(acc, vaesimcq_u8(vaesdq_u8(st, key)));
    }
    uint8_t o[16];
    vst1q_u8(o, veorq_u8(st, acc));
    printf("aes");
    for (int i = 0; i < 16; i++) printf(" %02x", o[i]);
    poly128_t g = 0;
    for (int i = 0; i + 16 <= (int)sizeof msg; i += 16) {
        poly64x2_t v = vreinterpretq_p64_u8(vld1q_u8(msg + i));
        g ^= vmull_p64(vgetq_lane_p64(v, 0), 0xC200000000000001ull) ^ vmull_high_p64(v, v);
    }
    printf("\npmull %016llx%016llx\n", (unsigned long long)(g >> 64), (unsigned long long)g);
    return 0;
}
