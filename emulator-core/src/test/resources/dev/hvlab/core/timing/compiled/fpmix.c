/*
 * A double-precision kernel for hvlab's timing validation: per iteration a small matrix-vector
 * product (multiply-add chains), a polynomial by Horner's rule (a dependent FMA chain), a
 * normalisation with divisions and a few Newton steps of a square root (divide-bound).
 */
#define M 8

static double mat[M][M];
static double vec[M];
static double out[M];

static __attribute__((noinline)) void matvec(void)
{
    for (int i = 0; i < M; i++) {
        double s = 0.0;
        for (int j = 0; j < M; j++)
            s += mat[i][j] * vec[j];
        out[i] = s;
    }
}

static __attribute__((noinline)) double poly(double x)
{
    static const double c[8] = {1.0, -0.5, 0.25, -0.125, 0.0625, -0.03125, 0.015625, -0.0078125};
    double r = c[7];
    for (int i = 6; i >= 0; i--)
        r = r * x + c[i];
    return r;
}

static __attribute__((noinline)) double root(double a)
{
    double x = a > 1.0 ? a : 1.0;
    for (int i = 0; i < 4; i++)
        x = 0.5 * (x + a / x);
    return x;
}

unsigned long kernel_main(unsigned long n)
{
    for (int i = 0; i < M; i++) {
        vec[i] = 1.0 / (i + 1);
        for (int j = 0; j < M; j++)
            mat[i][j] = (double)((i * 7 + j * 3) % 11 - 5) / 8.0;
    }
    double sum = 0.0;
    for (unsigned long k = 0; k < n; k++) {
        matvec();
        for (int i = 0; i < M; i++) {
            double v = out[i] + 0.001 * poly(vec[i]);
            double m = v < 0 ? -v : v;
            vec[i] = v / (1.0 + m);
        }
        sum += root(vec[k & (M - 1)] * vec[k & (M - 1)] + 2.0);
    }
    return (unsigned long)(sum * 1000.0);
}
