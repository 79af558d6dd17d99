/* Rounding modes and exception flags: floor/ceil/round/trunc/rint/nearbyint/lrint/llround and
 * arithmetic in each of the four modes set with fesetround, and fetestexcept after operations. */
#include <fenv.h>
#include <math.h>
#include <stdio.h>

static const int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
static const char *names[] = {"nearest", "upward", "downward", "towardzero"};
static const double xs[] = {0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, 2.4999999999999996, 1e15 + 0.5,
                            4503599627370495.5, -4503599627370497.0, 1e300, -0.0, 5e-324, 3.7, -3.7, 9.5, -9.5};

static void flags(const char *what) {
    int f = fetestexcept(FE_ALL_EXCEPT);
    printf("  %-12s %s%s%s%s%s\n", what, f & FE_INVALID ? "I" : "-", f & FE_DIVBYZERO ? "Z" : "-",
           f & FE_OVERFLOW ? "O" : "-", f & FE_UNDERFLOW ? "U" : "-", f & FE_INEXACT ? "X" : "-");
    feclearexcept(FE_ALL_EXCEPT);
}

int main(void) {
    volatile double v0 = 0.0, v1 = 1.0, v3 = 3.0, big = 1e308, tiny = 1e-308, m1 = -1.0;
    volatile float f3 = 3.0f, ftiny = 1e-38f;
    for (int m = 0; m < 4; m++) {
        if (fesetround(modes[m]) != 0) {
            printf("fesetround failed\n");
        }
        printf("%s (fegetround ok: %d)\n", names[m], fegetround() == modes[m]);
        for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++) {
            volatile double x = xs[i];
            printf("  %a floor %a ceil %a round %a trunc %a rint %a nearbyint %a lrint %ld llround %lld\n", x,
                   floor(x), ceil(x), round(x), trunc(x), rint(x), nearbyint(x), lrint(x), llround(x));
            float fx = (float)x;
            printf("    f %a rintf %a lrintf %ld roundf %a\n", fx, rintf(fx), lrintf(fx), roundf(fx));
        }
        printf("  1/3 %a %a 2/3f %a sqrt2 %a big*10 %a tiny/3 %a\n", v1 / v3, -v1 / v3, 2.0f / f3, sqrt(2.0), big * 10,
               tiny / 3);
        printf("  sum %a prod %a fma %a (float)0.1 %a\n", 0.1 + v1 * 0.2, v3 * 0.1, fma(v3, 0.1, -0.3), (float)(v1 / 10));
        feclearexcept(FE_ALL_EXCEPT);
        volatile double r;
        r = v1 / v0; flags("1/0");
        r = v0 / v0; flags("0/0");
        r = big * big; flags("big*big");
        r = tiny * tiny; flags("tiny*tiny");
        r = v1 / v3; flags("1/3");
        r = v1 + v1; flags("1+1");
        r = sqrt(m1); flags("sqrt(-1)");
        r = rint(2.5 + v0); flags("rint(2.5)");
        r = nearbyint(2.5 + v0); flags("nearbyint");
        volatile float rf = ftiny / 1e10f; flags("ftiny/1e10");
        volatile long l = lrint(1e30 + v0); flags("lrint(1e30)");
        volatile int ci = (int)(big + v0); flags("(int)big");
        r = log(v0); flags("log(0)");
        r = exp(1000 + v0); flags("exp(1000)");
        (void)r; (void)rf; (void)l; (void)ci;
    }
    fesetround(FE_TONEAREST);
    fenv_t env;
    feholdexcept(&env);
    volatile double z = v1 / v0;
    printf("held %d\n", fetestexcept(FE_DIVBYZERO) != 0);
    fesetenv(&env);
    printf("restored %d %a\n", fetestexcept(FE_DIVBYZERO) != 0, z);
    return 0;
}
