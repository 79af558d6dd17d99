#include "hv.h"
#include "mmu_el1_common.h"
/* EL1 stage 1 with the 64 KiB granule (start level 2, 32-bit VA). */
void test_main(void) { mmu_el1_test(16); }
