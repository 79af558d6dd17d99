/* glibc's vectorized string functions on odd lengths and alignments, checked against plain C
 * loops: memcpy memmove memset strlen strcmp strncmp strchr strrchr memchr memcmp strcpy. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define SZ 4096
static unsigned char src[SZ + 64], dst[SZ + 64], ref[SZ + 64];
static uint32_t seed = 2463534242u;

static uint32_t rnd(void) {
    seed ^= seed << 13;
    seed ^= seed >> 17;
    seed ^= seed << 5;
    return seed;
}

static int sgn(int v) {
    return (v > 0) - (v < 0);
}

static size_t nlen(const char *s) {
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

static int ncmp(const unsigned char *a, const unsigned char *b) {
    while (*a && *a == *b) { a++; b++; }
    return sgn(*a - *b);
}

static const void *nchr(const unsigned char *s, size_t n, int c) {
    for (size_t i = 0; i < n; i++) if (s[i] == (unsigned char)c) return s + i;
    return NULL;
}

static const char *nstrrchr(const char *s, int c) {
    const char *r = NULL;
    for (;; s++) { if (*s == (char)c) r = s; if (!*s) return r; }
}

int main(void) {
    static const size_t lens[] = {0, 1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 95, 127, 128, 129, 255, 256, 257, 1000, 1023, 1025, 2049, 4000};
    unsigned long errors = 0, checks = 0, sum = 0;
    for (int i = 0; i < SZ + 64; i++) src[i] = (rnd() % 255) + 1;
    for (unsigned li = 0; li < sizeof lens / sizeof lens[0]; li++) {
        size_t n = lens[li];
        for (int sa = 0; sa < 16; sa += 3) {
            for (int da = 0; da < 16; da += 5) {
                memset(dst, 0xAA, sizeof dst);
                memcpy(dst + da, src + sa, n);
                checks++;
                for (size_t k = 0; k < n; k++) if (dst[da + k] != src[sa + k]) { errors++; break; }
                if (da > 0 && dst[da - 1] != 0xAA) errors++;
                if (dst[da + n] != 0xAA) errors++;
                memset(dst + da, sa, n);
                for (size_t k = 0; k < n; k++) if (dst[da + k] != sa) { errors++; break; }
                if (dst[da + n] != 0xAA) errors++;
                /* overlapping moves both ways */
                memcpy(dst, src, n + 32);
                memmove(dst + sa, dst + da, n);
                for (size_t k = 0; k < n; k++) if (dst[sa + k] != src[da + k]) { errors++; break; }
                memcpy(dst, src, n + 32);
                memmove(dst + da, dst + sa, n);
                for (size_t k = 0; k < n; k++) if (dst[da + k] != src[sa + k]) { errors++; break; }
                /* strings */
                memcpy(dst, src, SZ);
                dst[sa + n] = 0;
                char *s = (char *)dst + sa;
                if (strlen(s) != nlen(s)) errors++;
                sum += strlen(s);
                memcpy(ref, dst, SZ);
                if (n > 0) ref[sa + n / 2] ^= (da & 1) ? 0x01 : 0x80;
                char *t = (char *)ref + sa;
                if (sgn(strcmp(s, t)) != ncmp((unsigned char *)s, (unsigned char *)t)) errors++;
                if (sgn(memcmp(s, t, n)) != sgn(ncmp((unsigned char *)s, (unsigned char *)t))) errors++;
                sum += sgn(strcmp(s, t)) + 3 * sgn(strncmp(s, t, n / 2 + 1));
                int c = n > 0 ? (unsigned char)s[(n * 7) / 9] : 'x';
                if (strchr(s, c) != (n ? memchr(s, c, n) : NULL) && strchr(s, c) != nchr((unsigned char *)s, n, c)) errors++;
                if (strrchr(s, c) != nstrrchr(s, c)) errors++;
                if (memchr(s, c, n) != nchr((unsigned char *)s, n, c)) errors++;
                if (strchr(s, 0) != s + n) errors++;
                sum += strchr(s, c) ? (size_t)(strchr(s, c) - s) : 9999;
                sum += strrchr(s, c) ? (size_t)(strrchr(s, c) - s) : 7777;
                char buf[SZ + 64];
                strcpy(buf + da, s);
                if (strcmp(buf + da, s) != 0) errors++;
                checks += 10;
            }
        }
    }
    char line[200];
    snprintf(line, sizeof line, "%s|%.*s|%5.2s|", "hello", 3, "abcdef", "xyz");
    printf("%s %zu %zu %zu\n", line, strspn("aaabbbccc", "ab"), strcspn("hello world", " "), strlen(strstr("find the needle here", "needle")));
    printf("checks %lu errors %lu sum %lu\n", checks, errors, sum);
    return errors != 0;
}
