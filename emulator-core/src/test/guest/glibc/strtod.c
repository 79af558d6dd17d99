/* strtod/strtof/strtold round trips, hex floats, edge inputs (denormals, overflow, "inf",
 * "nan(...)", long digit strings, halfway cases) with errno and end pointer. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *inputs[] = {
    "0", "-0", "1", "0.1", "1e23", "8.98846567431158e307", "1.7976931348623157e308", "1.7976931348623159e308",
    "2.2250738585072011e-308", "2.2250738585072012e-308", "4.9e-324", "2.4703282292062327e-324",
    "2.4703282292062328e-324", "1e-400", "1e400", "-1e400", "inf", "-Infinity", "nan", "NAN(123)", "0x1.8p1",
    "0x1p-1074", "0x1.fffffffffffff8p1023", "  +12.5e-1xyz", ".5", "5.", "1e", "abc", "9007199254740993",
    "9007199254740992.9999999999999999999999", "3.14159265358979323846264338327950288419716939937510",
    "0.30000000000000000000000000000000000000000000001", "123456789012345678901234567890e-20",
    "1.00000005960464477539062499", "1.000000059604644775390625", "1.00000005960464477539062501",
    "3.4028235677973366e38", "3.4028236e38", "1.401298464e-45", "7.006492321624085e-46",
};

int main(void) {
    for (unsigned i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        char *end;
        errno = 0;
        double d = strtod(inputs[i], &end);
        int e1 = errno;
        errno = 0;
        float f = strtof(inputs[i], NULL);
        int e2 = errno;
        long double ld = strtold(inputs[i], NULL);
        uint64_t bits;
        memcpy(&bits, &d, 8);
        printf("%-45s d=%a (%016llx) end+%ld errno=%d f=%a errno=%d ld=%La\n", inputs[i], d,
               (unsigned long long)bits, (long)(end - inputs[i]), e1 != 0, f, e2 != 0, ld);
    }
    uint64_t x = 0x243F6A8885A308D3ull;
    int bad = 0;
    char buf[64];
    for (int k = 0; k < 5000; k++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        uint64_t b = x & 0x7FEFFFFFFFFFFFFFull;
        double d;
        memcpy(&d, &b, 8);
        snprintf(buf, sizeof buf, "%.17g", d);
        if (strtod(buf, NULL) != d) bad++;
        float f = (float)d;
        snprintf(buf, sizeof buf, "%.9g", f);
        if (strtof(buf, NULL) != f) bad++;
        snprintf(buf, sizeof buf, "%a", d);
        if (strtod(buf, NULL) != d) bad++;
    }
    printf("roundtrip failures %d last %s\n", bad, buf);
    printf("atof %a strtol %ld strtoull %llu\n", atof("-6.25e-3"), strtol("-0x7fff", NULL, 16), strtoull("18446744073709551615", NULL, 10));
    return bad;
}
