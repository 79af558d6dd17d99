#include "hv.h"
/* System registers of a higher EL are UNDEFINED below it: EL3 registers at EL2/EL1, EL2 at EL1,
 * EL1 at EL0; MSR to a read-only and MRS of a write-only register are UNDEFINED too. */
static u64 el0(u64 a)
{
    RD(sctlr_el1);
    RD(mpidr_el1);
    WR(ttbr0_el1, 0);
    RD(tpidr_el0);
    return 0;
}
static u64 el1(u64 a)
{
    RD(scr_el3);
    RD(hcr_el2);
    WR(vbar_el2, 0);
    RD(elr_el2);
    __asm__ volatile("msr midr_el1, xzr");
    call_at(0, el0, 0, 0);
    return 0;
}
static u64 el2(u64 a)
{
    RD(scr_el3);
    RD(sctlr_el3);
    RD(vbar_el2);
    return 0;
}
void test_main(void)
{
    call_at(1, el1, 0, 0);
    call_at(2, el2, 0, 0);
}
