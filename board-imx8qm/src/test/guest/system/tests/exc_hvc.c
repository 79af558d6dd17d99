#include "hv.h"
/* HVC from EL1 and EL2 goes to EL2 (HVC at EL3 is not tested: QEMU 7.2 takes it to EL2, where
 * AArch64.CallHypervisor says EL3); with SCR_EL3.HCE = 0 it is UNDEFINED at EL1,
 * EL2 (to EL1/EL2) and EL3. HVC at EL0 is always UNDEFINED. */
static u64 el0(u64 a) { HVC(0x10); return 0; }
static u64 el1(u64 a) { HVC(0x11); call_at(0, el0, 0, 0); return 0; }
static u64 el2(u64 a) { HVC(0x22); return 0; }
void test_main(void)
{
    call_at(1, el1, 0, 0);
    call_at(2, el2, 0, 0);
    line("HCE=0");
    WR(scr_el3, RD(scr_el3) & ~(1UL << 8));
    ISB();
    call_at(1, el1, 0, 0);
    call_at(2, el2, 0, 0);
}
