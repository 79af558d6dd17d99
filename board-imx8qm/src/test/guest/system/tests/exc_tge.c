#include "hv.h"
/* HCR_EL2.TGE = 1: synchronous exceptions from EL0 go to EL2 (SVC, BRK, UDF, an EL1 register);
 * the EL0 code is called from EL2 directly. */
static u64 el0(u64 a)
{
    __asm__ volatile("svc #0x12\n brk #0x34\n udf #0\n mrs x0, sctlr_el1" ::: "x0");
    return 0;
}
static u64 el2(u64 a) { return call_at(0, el0, 0, 0); }
void test_main(void)
{
    WR(hcr_el2, RD(hcr_el2) | (1UL << 27));
    ISB();
    call_at(2, el2, 0, 0);
    WR(hcr_el2, RD(hcr_el2) & ~(1UL << 27));
}
