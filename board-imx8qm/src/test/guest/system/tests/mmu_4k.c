#include "hv.h"
#include "mmu_el1_common.h"
/* EL1 stage 1 with the 4 KiB granule (start level 1, 32-bit VA). */
void test_main(void) { mmu_el1_test(12); }
