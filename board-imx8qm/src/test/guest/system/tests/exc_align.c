#include "hv.h"
/* PC alignment (EC 0x22, FAR = the target) by BR to a misaligned address at EL1 and EL0, and SP
 * alignment (EC 0x26) with SCTLR_EL1.SA / SA0 and SCTLR_EL2.SA. */
static u64 br_bad(u64 a)
{
    void (*f)(void) = (void (*)(void))(a);
    f();
    return 0;
}
static u64 sp_bad(u64 a)
{
    __asm__ volatile("mov x9, sp\n sub x10, x9, #4\n mov sp, x10\n ldr x11, [sp]\n mov sp, x9" ::: "x9", "x10", "x11", "memory");
    return 0;
}
static u64 el1_el0(u64 a) { call_at(0, a == 0 ? br_bad : sp_bad, 0x40000002, 0); return 0; }
void test_main(void)
{
    call_at(1, br_bad, 0x40000006, 0);
    call_at(1, el1_el0, 0, 0);
    call_at(2, br_bad, 0x4000000a, 0);
    line("SA");
    WR(sctlr_el1, RD(sctlr_el1) | (1 << 3) | (1 << 4));
    WR(sctlr_el2, RD(sctlr_el2) | (1 << 3));
    call_at(1, sp_bad, 0, 0);
    call_at(1, el1_el0, 1, 0);
    call_at(2, sp_bad, 0, 0);
}
