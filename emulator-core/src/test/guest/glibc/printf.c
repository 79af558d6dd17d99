/* printf of floats and doubles: %f %e %g %a at many precisions, with denormals, +-0, +-inf,
 * NaNs, powers of ten, halfway cases, and long double (binary128, in software). */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static const double values[] = {
    0.0, -0.0, 1.0, -1.0, 0.5, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 123.456, -9876.54321, 1e10, 1e-10,
    1e22, 1e23, 1e-5, 5e-324, 2.2250738585072014e-308, 2.2250738585072009e-308, 4.9406564584124654e-324,
    1.7976931348623157e308, -1.7976931348623157e308, 0.125, 2.5, 3.5, -2.5, 0.015625, 1e100, 1e-100,
    123456789012345678.0, 9007199254740993.0, 0.000123456789, 299792458.0, 6.02214076e23, 1.602176634e-19,
    3.141592653589793, 2.718281828459045, 1.4142135623730951, 1e300, 1e-300, 0.9999999999999999,
};

static const char *formats[] = {
    "%f", "%.0f", "%.1f", "%.3f", "%.10f", "%.20f", "%e", "%.0e", "%.2e", "%.15e", "%.17e", "%g", "%.1g", "%.3g",
    "%.10g", "%.17g", "%#g", "%a", "%.0a", "%.3a", "%.13a", "%A", "%+12.4f", "%-12.3e|", "%012.5g", "% .6f",
};

int main(void) {
    volatile double inf = INFINITY, nan_ = NAN;
    double special[] = {inf, -inf, nan_, -nan_, DBL_MIN / 3, -DBL_TRUE_MIN};
    for (unsigned i = 0; i < sizeof values / sizeof values[0]; i++) {
        printf("[%u]", i);
        for (unsigned f = 0; f < sizeof formats / sizeof formats[0]; f++) {
            putchar(' ');
            printf(formats[f], values[i]);
        }
        putchar('\n');
    }
    for (unsigned i = 0; i < sizeof special / sizeof special[0]; i++) {
        printf("special %f %e %g %a %10.3f %-8g| %F %E %G\n", special[i], special[i], special[i], special[i],
               special[i], special[i], special[i], special[i], special[i]);
    }
    float fl[] = {1.1f, 3.4028235e38f, 1.17549435e-38f, 1.4e-45f, 16777217.0f, -0.3f, 7e-39f};
    for (unsigned i = 0; i < sizeof fl / sizeof fl[0]; i++) {
        printf("float %.9g %a %.30f %e\n", fl[i], fl[i], fl[i], fl[i]);
    }
    long double ld[] = {1.0L / 3, 1e4000L, 1.18973149535723176508575932662800702e4932L, 6.47517511943802511092443895822764655e-4966L, -0.1L};
    for (unsigned i = 0; i < sizeof ld / sizeof ld[0]; i++) {
        printf("long %.36Lg %La %.5Le %Lf\n", ld[i], ld[i], ld[i], ld[i] > 1e30L ? 0.0L : ld[i]);
    }
    for (int e = -30; e <= 30; e += 3) {
        double v = pow(10.0, e) * 1.2345;
        printf("p10 %d %.12e %g %f\n", e, v, v, v);
    }
    char buf[64];
    double acc = 0;
    for (int k = 0; k < 2000; k++) {
        double v = ldexp((double)(k * 2654435761u % 1000003) + 0.5, (k % 200) - 100);
        snprintf(buf, sizeof buf, "%.17g", v);
        double back = strtod(buf, NULL);
        if (back != v) {
            printf("roundtrip failed %s\n", buf);
        }
        acc += back;
    }
    printf("acc %.17g\n", acc);
    return 0;
}
