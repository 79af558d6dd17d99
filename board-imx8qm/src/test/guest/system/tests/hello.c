#include "hv.h"
/* The harness itself: entry at EL3, printing, the descent to EL2, EL1 and EL0 and back. */
static u64 at_el0(u64 a) { return a + 1; }
static u64 at_el1(u64 a)
{
    puts("at EL");
    putdec(current_el());
    newline();
    return call_at(0, at_el0, a + 10, 0) + 100;
}
static u64 at_el2(u64 a)
{
    puts("at EL");
    putdec(current_el());
    newline();
    return call_at(1, at_el1, a, 0) + 1000;
}
void test_main(void)
{
    puts("hello at EL");
    putdec(current_el());
    newline();
    puthex(0x0123456789abcdefUL);
    newline();
    u64 r = call_at(2, at_el2, 5, 0);
    puts("back at EL");
    putdec(current_el());
    kv("result", r);
    newline();
    r = call_at(1, at_el1, 7, 0);
    kv("direct EL1 result", r);
    newline();
}
