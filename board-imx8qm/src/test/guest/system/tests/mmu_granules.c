#include "hv.h"
/* Which granules the CPU reports (ID_AA64MMFR0_EL1.TGran4/16/64) and its PA range: the suite runs
 * 16K tables only where TGran16 says they exist (Cortex-A72: no). */
void test_main(void)
{
    u64 m = RD(id_aa64mmfr0_el1);
    kv("PARange", m & 15);
    kv("TGran4", (m >> 28) & 15);
    kv("TGran64", (m >> 24) & 15);
    kv("TGran16", (m >> 20) & 15);
    newline();
}
