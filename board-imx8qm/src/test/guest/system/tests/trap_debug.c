#include "hv.h"
/* Debug register traps: MDCR_EL2.TDA (MDSCR_EL1, DBGBVR), TDOSA (OSLAR/OSLSR), TDRA (MDRAR) from
 * EL1 to EL2 (EC 0x18); MDCR_EL3.TDA from EL2 and EL1 to EL3; MDSCR_EL1 from EL0 (UNDEFINED). */
static u64 el1(u64 a)
{
    RD(mdscr_el1);
    WR(mdscr_el1, 0);
    RD(dbgbvr0_el1);
    RD(oslsr_el1);
    RD(mdrar_el1);
    return 0;
}
static u64 el0(u64 a) { RD(mdscr_el1); return 0; }
static u64 el1_el0(u64 a) { call_at(0, el0, 0, 0); return 0; }
void test_main(void)
{
    line("TDA");
    WR(mdcr_el2, 1 << 9);
    call_at(1, el1, 0, 0);
    line("TDOSA TDRA");
    WR(mdcr_el2, (1 << 10) | (1 << 11));
    call_at(1, el1, 0, 0);
    WR(mdcr_el2, 0);
    line("MDCR_EL3.TDA");
    WR(mdcr_el3, 1 << 9);
    call_at(1, el1, 0, 0);
    WR(mdcr_el3, 0);
    line("EL0");
    call_at(1, el1_el0, 0, 0);
}
