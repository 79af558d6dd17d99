#include "hv.h"
#include "s2_common.h"
/* Stage 2 faults with the 4 KiB granule (start level 1, 32-bit IPA). */
void test_main(void) { s2_fault_test(12); }
