/* libm: sin cos tan exp log pow sqrt cbrt hypot atan2 fma ... on a spread of arguments,
 * printed as hex floats so every bit counts. */
#include <math.h>
#include <stdio.h>

static const double xs[] = {
    0.0, -0.0, 1e-310, 1e-20, 0.1, 0.5, 0.7853981633974483, 1.0, 1.5707963267948966, 2.0, 3.141592653589793,
    10.0, 100.0, 709.0, 710.0, -745.0, 1e22, -3.7, 123456.789, 0.999999, 1.000001, 4.5e15, INFINITY, -INFINITY, NAN,
};

int main(void) {
    int n = sizeof xs / sizeof xs[0];
    for (int i = 0; i < n; i++) {
        double x = xs[i];
        printf("%a: sin %a cos %a tan %a exp %a log %a log2 %a log10 %a\n", x, sin(x), cos(x), tan(x), exp(x),
               log(x), log2(x), log10(x));
        printf("  sqrt %a cbrt %a atan %a asin %a acos %a sinh %a tanh %a expm1 %a log1p %a\n", sqrt(x), cbrt(x),
               atan(x), asin(x), acos(x), sinh(x), tanh(x), expm1(x), log1p(x));
        printf("  exp2 %a erf %a lgamma %a tgamma %a\n", exp2(x), erf(x), lgamma(x), tgamma(x));
        float f = (float)x;
        printf("  f: sinf %a cosf %a expf %a logf %a powf %a sqrtf %a\n", sinf(f), cosf(f), expf(f), logf(f),
               powf(f, 1.5f), sqrtf(f));
        for (int j = 0; j < n; j += 4) {
            double y = xs[j];
            printf("  pow(%a) %a atan2 %a hypot %a fmod %a remainder %a fma %a\n", y, pow(x, y), atan2(x, y),
                   hypot(x, y), fmod(x, y), remainder(x, y), fma(x, y, -1.0));
        }
    }
    double acc = 0;
    for (int k = 1; k < 3000; k++) {
        double t = k * 0.0137;
        acc += sin(t) * cos(t * 1.1) + exp(-t) * log(t) + pow(t, 0.37) + atan(t) + sqrt(t);
    }
    printf("acc %a\n", acc);
    int e;
    double m = frexp(12345.678, &e);
    double ip;
    printf("frexp %a %d ldexp %a modf %a logb %a ilogb %d nextafter %a\n", m, e, ldexp(m, e), modf(-3.75, &ip),
           logb(1e-310), ilogb(1e300), nextafter(1.0, 2.0));
    return 0;
}
