#include "hv.h"
/* WFI/WFE traps: HCR_EL2.TWI/TWE from EL1 and EL0 to EL2 (EC 1, ISS.TI), SCTLR_EL1.nTWI/nTWE = 0
 * from EL0 to EL1, SCR_EL3.TWI/TWE from EL2 to EL3. */
static u64 el0(u64 a) { __asm__ volatile("wfi\n wfe"); return 0; }
static u64 el1(u64 a) { __asm__ volatile("wfi\n wfe"); return 0; }
static u64 el1_el0(u64 a) { call_at(0, el0, 0, 0); return 0; }
static u64 el2(u64 a) { __asm__ volatile("wfi\n wfe"); return 0; }
void test_main(void)
{
    line("HCR.TWI TWE");
    WR(hcr_el2, RD(hcr_el2) | (3UL << 13));
    ISB();
    call_at(1, el1, 0, 0);
    call_at(1, el1_el0, 0, 0);
    WR(hcr_el2, RD(hcr_el2) & ~(3UL << 13));
    line("SCTLR_EL1.nTWI nTWE = 0");
    WR(sctlr_el1, RD(sctlr_el1) & ~((1UL << 16) | (1UL << 18)));
    ISB();
    call_at(1, el1_el0, 0, 0);
    line("SCR.TWI TWE");
    WR(scr_el3, RD(scr_el3) | (3UL << 12));
    ISB();
    call_at(2, el2, 0, 0);
}
