/* Matrix multiply in float and double (auto-vectorized inner loops), a blocked variant, LU
 * decomposition with partial pivoting, and the residual. */
#include <math.h>
#include <stdio.h>

#define N 48
static double a[N][N], b[N][N], c[N][N], c2[N][N], lu[N][N];
static float fa[N][N], fb[N][N], fc[N][N];

int main(void) {
    unsigned s = 12345;
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            s = s * 1103515245u + 12345u;
            a[i][j] = ((int)((s >> 8) % 2001) - 1000) / 977.0;
            s = s * 1103515245u + 12345u;
            b[i][j] = ((int)((s >> 8) % 2001) - 1000) / 331.0;
            fa[i][j] = (float)a[i][j];
            fb[i][j] = (float)b[i][j];
        }
        a[i][i] += 10;
    }
    for (int i = 0; i < N; i++)
        for (int k = 0; k < N; k++)
            for (int j = 0; j < N; j++) c[i][j] += a[i][k] * b[k][j];
    for (int i = 0; i < N; i++)
        for (int k = 0; k < N; k++)
            for (int j = 0; j < N; j++) fc[i][j] += fa[i][k] * fb[k][j];
    for (int ii = 0; ii < N; ii += 16)
        for (int kk = 0; kk < N; kk += 16)
            for (int i = ii; i < ii + 16; i++)
                for (int k = kk; k < kk + 16; k++)
                    for (int j = 0; j < N; j++) c2[i][j] += a[i][k] * b[k][j];
    double tr = 0, diff = 0;
    float ftr = 0;
    for (int i = 0; i < N; i++) {
        tr += c[i][i];
        ftr += fc[i][i];
        for (int j = 0; j < N; j++) diff = fmax(diff, fabs(c[i][j] - c2[i][j]));
    }
    printf("trace %a %a blocked-diff %a\n", tr, ftr, diff);
    for (int i = 0; i < N; i += 11) printf("c[%d] %.17g %.17g %.9g\n", i, c[i][0], c[i][N - 1], fc[i][i]);
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) lu[i][j] = a[i][j];
    int perm[N];
    double det = 1;
    for (int i = 0; i < N; i++) perm[i] = i;
    for (int k = 0; k < N; k++) {
        int p = k;
        for (int i = k + 1; i < N; i++) if (fabs(lu[i][k]) > fabs(lu[p][k])) p = i;
        if (p != k) {
            for (int j = 0; j < N; j++) { double t = lu[k][j]; lu[k][j] = lu[p][j]; lu[p][j] = t; }
            int t = perm[k]; perm[k] = perm[p]; perm[p] = t;
            det = -det;
        }
        det *= lu[k][k];
        for (int i = k + 1; i < N; i++) {
            double f = lu[i][k] / lu[k][k];
            lu[i][k] = f;
            for (int j = k + 1; j < N; j++) lu[i][j] -= f * lu[k][j];
        }
    }
    double x[N], y[N], rhs[N];
    for (int i = 0; i < N; i++) rhs[i] = i + 1;
    for (int i = 0; i < N; i++) {
        y[i] = rhs[perm[i]];
        for (int j = 0; j < i; j++) y[i] -= lu[i][j] * y[j];
    }
    for (int i = N - 1; i >= 0; i--) {
        x[i] = y[i];
        for (int j = i + 1; j < N; j++) x[i] -= lu[i][j] * x[j];
        x[i] /= lu[i][i];
    }
    double res = 0;
    for (int i = 0; i < N; i++) {
        double r = -rhs[i];
        for (int j = 0; j < N; j++) r += a[i][j] * x[j];
        res = fmax(res, fabs(r));
    }
    printf("det %.17g residual %a x0 %.17g\n", det, res, x[0]);
    return 0;
}
