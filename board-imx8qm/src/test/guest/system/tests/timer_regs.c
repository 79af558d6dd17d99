#include "hv.h"
/* Timer registers without interrupts: ISTATUS set once CVAL is reached (polled), ENABLE = 0 clears
 * it, CNTVCT = CNTPCT - CNTVOFF_EL2, CNTHCTL_EL2 traps of the EL1 physical counter and timer, and
 * CNTKCTL_EL1.EL0PTEN. */
static u64 el1(u64 a)
{
    WR(cntv_cval_el0, 0);
    WR(cntv_ctl_el0, 1);
    ISB();
    kv("CTL (CVAL 0)", RD(cntv_ctl_el0));
    WR(cntv_ctl_el0, 0);
    ISB();
    kv("disabled", RD(cntv_ctl_el0));
    WR(cntv_cval_el0, ~0UL);
    WR(cntv_ctl_el0, 1);
    ISB();
    kv("CTL (CVAL max)", RD(cntv_ctl_el0));
    WR(cntv_ctl_el0, 0);
    newline();
    u64 p1 = RD(cntpct_el0);
    u64 v = RD(cntvct_el0);
    u64 p2 = RD(cntpct_el0);
    u64 off = 0x100000;
    kv("vct+off in [pct1, pct2]", v + off >= p1 && v + off <= p2);
    newline();
    return 0;
}
static u64 el1_traps(u64 a)
{
    RD(cntpct_el0);
    RD(cntp_ctl_el0);
    WR(cntp_cval_el0, 0);
    RD(cntvct_el0);
    return 0;
}
static u64 el0(u64 a) { RD(cntp_ctl_el0); RD(cntv_ctl_el0); return 0; }
static u64 el1_el0(u64 a) { WR(cntkctl_el1, 3); call_at(0, el0, 0, 0); return 0; }
void test_main(void)
{
    WR(cntvoff_el2, 0x100000);
    call_at(1, el1, 0, 0);
    line("CNTHCTL_EL2 = 0");
    WR(cnthctl_el2, 0);
    call_at(1, el1_traps, 0, 0);
    WR(cnthctl_el2, 3);
    line("EL0 timers off");
    call_at(1, el1_el0, 0, 0);
}
