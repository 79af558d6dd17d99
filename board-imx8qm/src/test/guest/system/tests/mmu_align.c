#include "hv.h"
#include "mmu_el1_common.h"
/* SCTLR_EL1.A: unaligned loads and stores to Normal memory take alignment faults (DFSC 0x21). */
void test_main(void)
{
    only_alignment = 1;
    mmu_el1_test(12);
}
