#include "hv.h"
/* HCR_EL2 register traps from EL1 to EL2 (EC 0x18 with Op0/Op1/CRn/CRm/Op2/Rt/direction):
 * TVM (writes of the VM controls), TRVM (reads), TID3 (ID group 3), TID1, TID2, TACR (ACTLR_EL1),
 * TSW (DC set/way), TPC (DC CIVAC/CVAC), TPU (IC), TTLB (TLBI). */
static u64 el1(u64 which)
{
    u64 v = RD(sctlr_el1);
    switch (which) {
    case 0:
        WR(sctlr_el1, v);
        WR(ttbr0_el1, 0);
        WR(mair_el1, 0);
        WR(contextidr_el1, 0);
        RD(ttbr1_el1);
        break;
    case 1:
        RD(tcr_el1);
        RD(esr_el1);
        WR(far_el1, 0);
        break;
    case 2:
        RD(id_aa64pfr0_el1);
        RD(id_aa64mmfr0_el1);
        RD(id_aa64isar0_el1);
        RD(mvfr0_el1);
        RD(midr_el1);
        break;
    case 3:
        RD(revidr_el1);
        RD(aidr_el1);
        RD(ctr_el0);
        RD(clidr_el1);
        WR(csselr_el1, 0);
        break;
    case 4:
        RD(actlr_el1);
        break;
    case 5:
        __asm__ volatile("dc isw, xzr\n dc csw, xzr\n dc cisw, xzr");
        __asm__ volatile("dc civac, %0\n dc cvac, %0" ::"r"(0x40000000UL));
        __asm__ volatile("ic ivau, %0\n ic iallu" ::"r"(0x40000000UL));
        __asm__ volatile("tlbi vmalle1\n tlbi vae1is, xzr\n tlbi aside1, xzr");
        break;
    }
    return 0;
}
static const char *names[] = {"TVM", "TRVM", "TID3", "TID1 TID2", "TACR", "TSW TPC TPU TTLB"};
static const u64 bits[] = {1UL << 26, 1UL << 30, 1UL << 18, 3UL << 16, 1UL << 21, 15UL << 22};
void test_main(void)
{
    for (int i = 0; i < 6; i++) {
        line(names[i]);
        WR(hcr_el2, 1UL << 31 | bits[i]);
        ISB();
        call_at(1, el1, i, 0);
    }
}
