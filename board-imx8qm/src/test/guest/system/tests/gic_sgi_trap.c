#include "hv.h"
#include "gic.h"
/* With HCR_EL2.IMO = 1, EL1 writes of ICC_SGI1R_EL1 / ICC_ASGI1R_EL1 trap to EL2 (EC 0x18); with
 * FMO = 1 the same (either group may be generated); ICH_* at EL1 are UNDEFINED. The
 * ICC_SRE_EL2.Enable = 0 trap of ICC_SRE_EL1 is left out: QEMU 7.2 does not implement it. */
static u64 sre_on(u64 a)
{
    WR(S3_0_C12_C12_5, RD(S3_0_C12_C12_5) | 1); /* ICC_SRE_EL1.SRE (RAO/WI on QEMU) */
    ISB();
    return 0;
}
static u64 el1(u64 a)
{
    WR(S3_0_C12_C11_5, (5UL << 24) | 1);  /* ICC_SGI1R_EL1 */
    WR(S3_0_C12_C11_6, (5UL << 24) | 1);  /* ICC_ASGI1R_EL1 */
    WR(S3_0_C12_C11_7, (5UL << 24) | 1);  /* ICC_SGI0R_EL1 */
    return 0;
}
static u64 el1_ich(u64 a) { RD(S3_4_C12_C11_0); return 0; }
void test_main(void)
{
    gic_init_el3(0);
    call_at(1, sre_on, 0, 0);
    line("IMO");
    WR(hcr_el2, RD(hcr_el2) | (1UL << 4));
    call_at(1, el1, 0, 0);
    line("FMO");
    WR(hcr_el2, (RD(hcr_el2) & ~(1UL << 4)) | (1UL << 3));
    call_at(1, el1, 0, 0);
    WR(hcr_el2, RD(hcr_el2) & ~(1UL << 3));
    line("ICH_HCR_EL2 at EL1");
    call_at(1, el1_ich, 0, 0);
}
