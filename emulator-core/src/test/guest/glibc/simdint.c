/* Integer SIMD: popcount (vectorized CNT), byte histograms, NEON intrinsics for table lookups,
 * saturating narrows, pairwise adds, polynomial multiply, bit reversal and across-lane ops. */
#include <arm_neon.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define N 4099
static uint8_t buf[N];
static uint64_t words[N / 8];

int main(void) {
    uint32_t s = 0xC0FFEE;
    for (int i = 0; i < N; i++) {
        s = s * 1664525u + 1013904223u;
        buf[i] = (uint8_t)(s >> 24) & (i % 5 ? 0xFF : 0x0F);
    }
    memcpy(words, buf, sizeof words);
    unsigned pc = 0;
    for (int i = 0; i < N / 8; i++) pc += __builtin_popcountll(words[i]);
    unsigned pc8 = 0;
    for (int i = 0; i < N; i++) pc8 += __builtin_popcount(buf[i]);
    printf("popcount %u %u\n", pc, pc8);
    unsigned hist[256] = {0};
    for (int i = 0; i < N; i++) hist[buf[i]]++;
    unsigned long hh = 0;
    for (int i = 0; i < 256; i++) hh = hh * 31 + hist[i];
    printf("hist %lx %u %u %u\n", hh, hist[0], hist[15], hist[255]);
    unsigned lz = 0, tz = 0;
    for (int i = 0; i < N / 8; i++) { lz += __builtin_clzll(words[i] | 1); tz += __builtin_ctzll(words[i] | (1ull << 63)); }
    printf("clz %u ctz %u\n", lz, tz);

    uint8x16_t acc = vdupq_n_u8(0);
    uint16x8_t wide = vdupq_n_u16(0);
    uint32x4_t sad = vdupq_n_u32(0);
    uint8x16_t tbl = vld1q_u8(buf + 100);
    uint8x16x2_t tbl2 = {{vld1q_u8(buf + 200), vld1q_u8(buf + 216)}};
    poly8x16_t pm = vdupq_n_p8(0);
    for (int i = 0; i + 32 <= N; i += 16) {
        uint8x16_t v = vld1q_u8(buf + i);
        uint8x16_t w = vld1q_u8(buf + i + 16);
        acc = veorq_u8(acc, vcntq_u8(v));
        wide = vpadalq_u8(wide, v);
        sad = vpadalq_u16(sad, vabdl_u8(vget_low_u8(v), vget_low_u8(w)));
        uint8x16_t idx = vandq_u8(w, vdupq_n_u8(0x1F));
        acc = vaddq_u8(acc, vqtbl1q_u8(tbl, idx));
        acc = vsubq_u8(acc, vqtbx2q_u8(v, tbl2, vshrq_n_u8(w, 2)));
        pm = vreinterpretq_p8_u8(veorq_u8(vreinterpretq_u8_p8(pm), vreinterpretq_u8_p8(vmulq_p8(vreinterpretq_p8_u8(v), vreinterpretq_p8_u8(w)))));
        acc = vrbitq_u8(vqaddq_u8(acc, vrev64q_u8(w)));
        int16x8_t sx = vreinterpretq_s16_u8(v);
        int8x8_t nar = vqmovn_s16(vshrq_n_s16(sx, 3));
        acc = veorq_u8(acc, vcombine_u8(vreinterpret_u8_s8(nar), vqrshrn_n_u16(vreinterpretq_u16_u8(w), 5)));
        uint8x16_t z1 = vzip1q_u8(v, w), u2 = vuzp2q_u8(v, w), t1 = vtrn1q_u8(v, w), ex = vextq_u8(v, w, 7);
        acc = vaddq_u8(acc, veorq_u8(veorq_u8(z1, u2), veorq_u8(t1, ex)));
    }
    uint8_t out[16];
    vst1q_u8(out, acc);
    printf("acc");
    for (int i = 0; i < 16; i++) printf(" %02x", out[i]);
    printf("\nwide %u %u sad %u maxv %u minv %u addv %u\n", vaddvq_u16(wide), vgetq_lane_u16(wide, 3), vaddvq_u32(sad),
           vmaxvq_u8(acc), vminvq_u8(acc), vaddlvq_u8(acc));
    poly8_t pmo[16];
    vst1q_p8(pmo, pm);
    printf("pmul %02x %02x %02x\n", pmo[0], pmo[7], pmo[15]);
    poly64_t a = 0x87, b = 0xFFFFFFFFFFFFFFFFull;
    (void)a; (void)b;
    int32x4_t q = vdupq_n_s32(0x40000000);
    int32x4_t d = vqdmulhq_s32(q, vdupq_n_s32(0x7FFFFFFF));
    int32x4_t r = vqrdmulhq_s32(q, vdupq_n_s32(-0x7FFFFFFF));
    int64x2_t l = vqdmull_s32(vget_low_s32(q), vget_low_s32(vdupq_n_s32(INT32_MIN)));
    printf("sat %d %d %lld %d\n", vgetq_lane_s32(d, 0), vgetq_lane_s32(r, 1), (long long)vgetq_lane_s64(l, 0),
           vgetq_lane_s32(vqabsq_s32(vdupq_n_s32(INT32_MIN)), 2));
    uint64x2_t sh = vshlq_u64(vdupq_n_u64(0x8000000000000001ull), vdupq_n_s64(-1));
    int8x16_t rs = vrshlq_s8(vreinterpretq_s8_u8(vld1q_u8(buf)), vreinterpretq_s8_u8(vandq_u8(vld1q_u8(buf + 16), vdupq_n_u8(0x8F))));
    printf("shl %llx %d %d\n", (unsigned long long)vgetq_lane_u64(sh, 1), vgetq_lane_s8(rs, 0), vgetq_lane_s8(rs, 9));
    return 0;
}
