#include "hv.h"
/* BRK at each EL: EC 0x3C with the comment in ISS; EL0 goes to EL1. */
static u64 el0(u64 a) { __asm__ volatile("brk #0x100"); return 0; }
static u64 el1(u64 a) { __asm__ volatile("brk #0x101"); call_at(0, el0, 0, 0); return 0; }
static u64 el2(u64 a) { __asm__ volatile("brk #0x102"); return 0; }
void test_main(void)
{
    call_at(1, el1, 0, 0);
    call_at(2, el2, 0, 0);
    __asm__ volatile("brk #0xffff");
}
