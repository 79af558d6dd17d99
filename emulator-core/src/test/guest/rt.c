#include "rt.h"

long sys_write(int fd, const void *buf, size_t n)
{
    register long x0 __asm__("x0") = fd;
    register long x1 __asm__("x1") = (long)buf;
    register long x2 __asm__("x2") = (long)n;
    register long x8 __asm__("x8") = 64;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x8) : "memory");
    return x0;
}

void sys_exit(int code)
{
    register long x0 __asm__("x0") = code;
    register long x8 __asm__("x8") = 94;
    __asm__ volatile("svc #0" : : "r"(x0), "r"(x8) : "memory");
    __builtin_unreachable();
}

void *memcpy(void *d, const void *s, size_t n)
{
    u8 *dp = d;
    const u8 *sp = s;
    while (n--)
        *dp++ = *sp++;
    return d;
}

void *memmove(void *d, const void *s, size_t n)
{
    u8 *dp = d;
    const u8 *sp = s;
    if (dp < sp) {
        while (n--)
            *dp++ = *sp++;
    } else {
        while (n--)
            dp[n] = sp[n];
    }
    return d;
}

void *memset(void *d, int c, size_t n)
{
    u8 *dp = d;
    while (n--)
        *dp++ = (u8)c;
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const u8 *x = a, *y = b;
    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

static char obuf[4096];
static size_t olen;

void out_flush(void)
{
    if (olen)
        sys_write(1, obuf, olen);
    olen = 0;
}

void out_chr(char c)
{
    if (olen == sizeof obuf)
        out_flush();
    obuf[olen++] = c;
}

void out_str(const char *s)
{
    while (*s)
        out_chr(*s++);
}

void out_u64(u64 v)
{
    char tmp[24];
    int i = 0;
    do {
        tmp[i++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (i)
        out_chr(tmp[--i]);
}

void out_i64(i64 v)
{
    if (v < 0) {
        out_chr('-');
        out_u64((u64)0 - (u64)v);
    } else {
        out_u64((u64)v);
    }
}

void out_hex(u64 v, int digits)
{
    for (int i = digits - 1; i >= 0; i--)
        out_chr("0123456789abcdef"[(v >> (4 * i)) & 15]);
}

u64 rnd_next(u64 *state)
{
    u64 x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545F4914F6CDD1DUL;
}
