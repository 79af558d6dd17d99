#include "hv.h"
/* SMC from EL1, EL2 and EL3 to EL3 (ESR.ISS = imm16); with HCR_EL2.TSC an EL1 SMC traps to EL2
 * (EC 0x17, preferred return the SMC itself, so ELR is skipped by the harness); with SCR_EL3.SMD
 * SMC is UNDEFINED (checked at EL3); at EL0 it is always UNDEFINED. */
static u64 el0(u64 a) { SMC(0x70); return 0; }
static u64 el1(u64 a) { SMC(0x71); call_at(0, el0, 0, 0); return 0; }
static u64 el2(u64 a) { SMC(0x72); return 0; }
static u64 el2_el1(u64 a) { return call_at(1, el1, 0, 0); }
static int tsc_hook(int el, int kind, struct frame *f)
{
    /* A trapped SMC's preferred return is the SMC: skip it. */
    if (el == 2 && (esr_el(el) >> 26) == 0x17) {
        report_sync(el, kind);
        set_elr(el, elr_el(el) + 4);
        return 1;
    }
    return 0;
}
void test_main(void)
{
    call_at(1, el1, 0, 0);
    call_at(2, el2, 0, 0);
    SMC(0x73);
    line("TSC");
    WR(hcr_el2, RD(hcr_el2) | (1UL << 19));
    ISB();
    sync_hook = tsc_hook;
    call_at(2, el2_el1, 0, 0);
    sync_hook = 0;
    WR(hcr_el2, RD(hcr_el2) & ~(1UL << 19));
    /* Only at EL3: from a lower EL the harness's own way back (SMC) would be UNDEFINED too. */
    line("SMD");
    WR(scr_el3, RD(scr_el3) | (1UL << 7));
    ISB();
    SMC(0x74);
    WR(scr_el3, RD(scr_el3) & ~(1UL << 7));
    ISB();
}
