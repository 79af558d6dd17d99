#include "hv.h"
/* SVC at every EL: EL0 -> EL1 (lower, AArch64), EL1/EL2/EL3 to themselves; ESR.ISS = imm16. */
static u64 el0(u64 a) { SVC(0x42); return 0; }
static u64 el1(u64 a) { SVC(0x1); call_at(0, el0, 0, 0); return 0; }
static u64 el2(u64 a) { SVC(0x2222); return 0; }
void test_main(void)
{
    call_at(1, el1, 0, 0);
    call_at(2, el2, 0, 0);
    SVC(0x3);
}
