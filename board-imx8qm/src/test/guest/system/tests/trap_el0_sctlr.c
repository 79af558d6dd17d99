#include "hv.h"
/* EL0 accesses gated by SCTLR_EL1 and CNTKCTL_EL1: UCT (CTR_EL0), DZE (DC ZVA), UCI (DC CVAC),
 * UMA (MRS DAIF; MSR DAIFSet is left out: QEMU 7.2 swaps Op1 and Op2 in its ISS, 0x0793e4 where the
 * ARM ARM gives 0x0cd3e4 as hvlab does), EL0VCTEN/EL0PCTEN (counters), EL0VTEN (virtual timer) trap to EL1 (EC 0x18). */
static u64 el0(u64 a)
{
    RD(ctr_el0);
    __asm__ volatile("dc zva, %0" ::"r"(0x40100000UL));
    __asm__ volatile("dc cvac, %0" ::"r"(0x40100000UL));
    RD(daif);
    RD(cntvct_el0);
    RD(cntpct_el0);
    RD(cntv_ctl_el0);
    RD(cntfrq_el0);
    return 0;
}
static u64 el1(u64 a)
{
    WR(cntkctl_el1, a ? 0x303 : 0);
    call_at(0, el0, 0, 0);
    return 0;
}
void test_main(void)
{
    line("all disabled");
    u64 s = RD(sctlr_el1) & ~((1UL << 15) | (1UL << 14) | (1UL << 26) | (1UL << 9));
    WR(sctlr_el1, s);
    call_at(1, el1, 0, 0);
    line("all enabled");
    WR(sctlr_el1, s | (1UL << 15) | (1UL << 14) | (1UL << 26) | (1UL << 9));
    call_at(1, el1, 1, 0);
}
