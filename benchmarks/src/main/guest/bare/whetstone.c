/* A floating-point kernel in the spirit of Whetstone (our own code, not the benchmark): per loop,
 * array arithmetic, procedure calls with FP arguments, trigonometry, square roots, exponentials
 * and logarithms, the transcendental functions computed by our own series (no libm). Reported as
 * nanoseconds and cycles per loop and as loops per second; the checksum line is the bits of the
 * final result, the same on every run. */
#include "rt.h"

#define LOOPS 2000
#define PI 3.14159265358979323846

static double reduce(double x)
{
    /* To [-pi, pi]. */
    while (x > PI) {
        x -= 2 * PI;
    }
    while (x < -PI) {
        x += 2 * PI;
    }
    return x;
}

static double my_sin(double x)
{
    x = reduce(x);
    double term = x, sum = x, x2 = x * x;
    for (int k = 1; k < 10; k++) {
        term *= -x2 / ((2 * k) * (2 * k + 1));
        sum += term;
    }
    return sum;
}

static double my_cos(double x)
{
    return my_sin(x + PI / 2);
}

static double my_atan(double x)
{
    /* atan(x) = 2 atan(x / (1 + sqrt(1 + x^2))) brings |x| below 0.42; then the series. */
    double y = x / (1 + __builtin_sqrt(1 + x * x));
    double term = y, sum = y, y2 = y * y;
    for (int k = 1; k < 12; k++) {
        term *= -y2;
        sum += term / (2 * k + 1);
    }
    return 2 * sum;
}

static double my_exp(double x)
{
    int n = 0;
    while (x > 0.5) {
        x -= 0.6931471805599453;
        n++;
    }
    while (x < -0.5) {
        x += 0.6931471805599453;
        n--;
    }
    double term = 1, sum = 1;
    for (int k = 1; k < 14; k++) {
        term *= x / k;
        sum += term;
    }
    while (n > 0) {
        sum *= 2;
        n--;
    }
    while (n < 0) {
        sum /= 2;
        n++;
    }
    return sum;
}

static double my_log(double x)
{
    int n = 0;
    while (x > 1.5) {
        x /= 2;
        n++;
    }
    while (x < 0.75) {
        x *= 2;
        n--;
    }
    /* log(x) = 2 atanh((x - 1) / (x + 1)) */
    double z = (x - 1) / (x + 1), z2 = z * z, term = z, sum = z;
    for (int k = 1; k < 12; k++) {
        term *= z2;
        sum += term / (2 * k + 1);
    }
    return 2 * sum + n * 0.6931471805599453;
}

static __attribute__((noinline)) void shuffle(double *e, double t)
{
    for (int j = 0; j < 6; j++) {
        e[0] = (e[0] + e[1] + e[2] - e[3]) * t;
        e[1] = (e[0] + e[1] - e[2] + e[3]) * t;
        e[2] = (e[0] - e[1] + e[2] + e[3]) * t;
        e[3] = (-e[0] + e[1] + e[2] + e[3]) / 2.0;
    }
}

static __attribute__((noinline)) double proc(double x, double y, double t)
{
    double a = t * (x + y);
    double b = t * (a + y);
    return (a + b) / 2.0;
}

void workload_main(void)
{
    volatile double seed = 0.499975;
    double t = seed, e[4] = {1.0, -1.0, -1.0, -1.0};
    double x = 0.5, y = 0.5, z = 1.0, acc = 0;
    u64 t0 = now(), c0 = cycles();
    for (int i = 0; i < LOOPS; i++) {
        shuffle(e, t);
        x = t * my_atan(2.0 * my_sin(x) * my_cos(x) / (my_cos(x + y) + my_cos(x - y) - 1.0));
        y = t * my_atan(2.0 * my_sin(y) * my_cos(y) / (my_cos(x + y) + my_cos(x - y) - 1.0));
        z = proc(x, y, t) + z * 0.5;
        double s = __builtin_sqrt(my_exp(my_log(z + 1.0) / 0.50000025));
        acc += s + e[0] * 1e-3;
    }
    u64 c1 = cycles(), t1 = now();
    u64 ps = (t1 - t0) * ps_per_tick();
    result("whetstone_loop", "ns", "lower", ps / LOOPS);
    result("whetstone_loop_cycles", "cycles", "lower", (c1 - c0) * 1000 / LOOPS);
    result("whetstone_rate", "loops/s", "higher", ps ? (u64)LOOPS * 1000000000000UL / ps * 1000 : 0);
    union { double d; u64 u; } bits = {acc};
    puts("INFO checksum=");
    putu(bits.u);
    puts("\n");
}
