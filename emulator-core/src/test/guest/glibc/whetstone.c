/* A Whetstone-like loop (after Curnow and Wichmann's modules), fixed iteration count; prints
 * every module's results in hex so a one-ulp difference shows. */
#include <math.h>
#include <stdio.h>

static double t = 0.499975, t1 = 0.50025, t2 = 2.0;
static double e1[4];

static void pa(double *e) {
    for (int j = 0; j < 6; j++) {
        e[0] = (e[0] + e[1] + e[2] - e[3]) * t;
        e[1] = (e[0] + e[1] - e[2] + e[3]) * t;
        e[2] = (e[0] - e[1] + e[2] + e[3]) * t;
        e[3] = (-e[0] + e[1] + e[2] + e[3]) / t2;
    }
}

static void p3(double x, double y, double *z) {
    double x1 = t * (x + y);
    double y1 = t * (x1 + y);
    *z = (x1 + y1) / t2;
}

int main(void) {
    const int loops = 20;
    int n1 = 0, n2 = 12 * loops, n3 = 14 * loops, n4 = 345 * loops, n6 = 210 * loops, n7 = 32 * loops,
        n8 = 899 * loops, n9 = 616 * loops, n10 = 0, n11 = 93 * loops;
    double x1 = 1.0, x2 = -1.0, x3 = -1.0, x4 = -1.0, x, y, z;
    for (int i = 0; i < n1; i++) {
        x1 = (x1 + x2 + x3 - x4) * t;
    }
    e1[0] = 1.0; e1[1] = -1.0; e1[2] = -1.0; e1[3] = -1.0;
    for (int i = 0; i < n2; i++) {
        e1[0] = (e1[0] + e1[1] + e1[2] - e1[3]) * t;
        e1[1] = (e1[0] + e1[1] - e1[2] + e1[3]) * t;
        e1[2] = (e1[0] - e1[1] + e1[2] + e1[3]) * t;
        e1[3] = (-e1[0] + e1[1] + e1[2] + e1[3]) * t;
    }
    printf("m2 %a %a %a %a\n", e1[0], e1[1], e1[2], e1[3]);
    for (int i = 0; i < n3; i++) pa(e1);
    printf("m3 %a %a %a %a\n", e1[0], e1[1], e1[2], e1[3]);
    int j = 1;
    for (int i = 0; i < n4; i++) {
        j = j == 1 ? 2 : 3;
        j = j > 2 ? 0 : 1;
        j = j < 1 ? 1 : 0;
    }
    printf("m4 %d\n", j);
    int k = 2, l = 3;
    j = 1;
    for (int i = 0; i < n6; i++) {
        j = j * (k - j) * (l - k);
        k = l * k - (l - j) * k;
        l = (l - k) * (k + j);
        e1[l - 2] = j + k + l;
        e1[k - 2] = j * k * l;
    }
    printf("m6 %d %d %d %a %a\n", j, k, l, e1[0], e1[1]);
    x = 0.5; y = 0.5;
    for (int i = 0; i < n7; i++) {
        x = t * atan(t2 * sin(x) * cos(x) / (cos(x + y) + cos(x - y) - 1.0));
        y = t * atan(t2 * sin(y) * cos(y) / (cos(x + y) + cos(x - y) - 1.0));
    }
    printf("m7 %a %a\n", x, y);
    x = 1.0; y = 1.0; z = 1.0;
    for (int i = 0; i < n8; i++) p3(x, y, &z);
    printf("m8 %a\n", z);
    for (int i = 0; i < n10; i++) {
    }
    x = 0.75;
    for (int i = 0; i < n11; i++) x = sqrt(exp(log(x) / t1));
    printf("m11 %a\n", x);
    double s = 0;
    for (int i = 1; i <= n9; i++) s += 1.0 / ((double)i * i) + sin(i * 0.001) * t;
    printf("m9 %a %.15f\n", s, s);
    float fs = 0.0f;
    for (int i = 1; i <= 20000; i++) fs += sqrtf((float)i) / (float)(i + 1);
    printf("fsum %a %.6e\n", fs, fs);
    return 0;
}
