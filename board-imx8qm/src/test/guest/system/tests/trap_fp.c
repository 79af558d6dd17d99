#include "hv.h"
/* FP/SIMD access traps (EC 0x07): CPACR_EL1.FPEN from EL0 and EL1 to EL1, CPTR_EL2.TFP from EL1
 * and EL0 to EL2, CPTR_EL3.TFP from EL2 to EL3; ISS carries the condition (0x1E00000). */
static u64 fp(u64 a) { __asm__ volatile("fmov d0, xzr\n mrs x0, fpcr" ::: "x0", "v0"); return 0; }
static u64 el1_el0(u64 a) { call_at(0, fp, 0, 0); fp(0); return 0; }
void test_main(void)
{
    line("CPACR_EL1.FPEN=0");
    WR(cpacr_el1, 0);
    call_at(1, el1_el0, 0, 0);
    line("CPACR_EL1.FPEN=1 (EL0 traps)");
    WR(cpacr_el1, 1 << 20);
    call_at(1, el1_el0, 0, 0);
    WR(cpacr_el1, 3 << 20);
    line("CPTR_EL2.TFP");
    WR(cptr_el2, 0x33ff | (1 << 10));
    call_at(1, el1_el0, 0, 0);
    WR(cptr_el2, 0x33ff);
    line("CPTR_EL3.TFP");
    WR(cptr_el3, 1 << 10);
    call_at(2, fp, 0, 0);
    call_at(1, fp, 0, 0);
    fp(0);
    WR(cptr_el3, 0);
}
