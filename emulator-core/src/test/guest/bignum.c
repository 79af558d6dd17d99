/* Big numbers in base 10^9: 100!, 2^512, Fibonacci(1000), printed in decimal. */
#include "rt.h"

#define BASE 1000000000u
#define LIMBS 256

typedef struct { u32 d[LIMBS]; int n; } big;

static void big_set(big *a, u32 v) { memset(a, 0, sizeof *a); a->d[0] = v; a->n = 1; }

static void big_mul_small(big *a, u32 m)
{
    u64 carry = 0;
    for (int i = 0; i < a->n; i++) {
        u64 t = (u64)a->d[i] * m + carry;
        a->d[i] = (u32)(t % BASE);
        carry = t / BASE;
    }
    while (carry) { a->d[a->n++] = (u32)(carry % BASE); carry /= BASE; }
}

static void big_add(big *r, const big *a, const big *b)
{
    int n = a->n > b->n ? a->n : b->n;
    u32 carry = 0;
    for (int i = 0; i < n; i++) {
        u32 t = (i < a->n ? a->d[i] : 0) + (i < b->n ? b->d[i] : 0) + carry;
        carry = t >= BASE;
        r->d[i] = carry ? t - BASE : t;
    }
    r->n = n;
    if (carry) r->d[r->n++] = 1;
}

static void big_mul(big *r, const big *a, const big *b)
{
    static u64 acc[2 * LIMBS];
    memset(acc, 0, sizeof acc);
    for (int i = 0; i < a->n; i++) {
        u64 carry = 0;
        for (int j = 0; j < b->n; j++) {
            u64 t = acc[i + j] + (u64)a->d[i] * b->d[j] + carry;
            acc[i + j] = t % BASE;
            carry = t / BASE;
        }
        int k = i + b->n;
        while (carry) { u64 t = acc[k] + carry; acc[k] = t % BASE; carry = t / BASE; k++; }
    }
    int n = a->n + b->n;
    while (n > 1 && acc[n - 1] == 0) n--;
    for (int i = 0; i < n; i++) r->d[i] = (u32)acc[i];
    r->n = n;
}

static void big_print(const char *label, const big *a)
{
    out_str(label);
    out_u64(a->d[a->n - 1]);
    for (int i = a->n - 2; i >= 0; i--) {
        u32 v = a->d[i];
        for (u32 p = BASE / 10; p; p /= 10) out_chr((char)('0' + v / p % 10));
    }
    out_chr('\n');
}

static big x, y, z;

int main(void)
{
    big_set(&x, 1);
    for (u32 i = 2; i <= 100; i++) big_mul_small(&x, i);
    big_print("100! = ", &x);

    big_set(&y, 2);
    for (int i = 0; i < 9; i++) { big_mul(&z, &y, &y); y = z; } /* 2^(2^9) */
    big_print("2^512 = ", &y);

    big_set(&x, 0); big_set(&y, 1);
    for (int i = 0; i < 1000; i++) { big_add(&z, &x, &y); x = y; y = z; }
    big_print("fib(1000) = ", &x);

    /* 3^200 by repeated multiplication, checked against squaring. */
    big_set(&x, 1);
    for (int i = 0; i < 200; i++) big_mul_small(&x, 3);
    big_set(&y, 9);
    big_set(&z, 1);
    for (int e = 100; e; e >>= 1) {   /* z = 9^100 */
        static big t;
        if (e & 1) { big_mul(&t, &z, &y); z = t; }
        big_mul(&t, &y, &y); y = t;
    }
    out_str(x.n == z.n && memcmp(x.d, z.d, sizeof x.d) == 0 ? "3^200 ok\n" : "3^200 MISMATCH\n");
    big_print("3^200 = ", &z);
    out_flush();
    return 0;
}
