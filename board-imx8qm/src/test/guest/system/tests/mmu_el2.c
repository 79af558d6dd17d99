#include "hv.h"
#include "mmu.h"
/* The EL2 stage 1 regime (TTBR0_EL2, TCR_EL2, one VA range, AP[1] RES1, XN): translation,
 * permission, access flag faults and XN at EL2 (EC 0x25/0x21 to EL2), AT S1E2R/W. */
static struct pt t;
#define V 0x80000000UL
static u64 el2(u64 a)
{
    WR(mair_el2, MAIR_VALUE);
    WR(tcr_el2, (1UL << 31) | (1UL << 23) | (2UL << 16) | (3UL << 12) | (1UL << 10) | (1UL << 8) | 32);
    WR(ttbr0_el2, t.root);
    __asm__ volatile("tlbi alle2\n dsb sy\n isb");
    WR(sctlr_el2, RD(sctlr_el2) | 1 | 4 | (1 << 12));
    ISB();
    u64 v;
    __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(V) : "memory");
    kv("read", v);
    newline();
    __asm__ volatile("str xzr, [%0]" ::"r"(V + 0x1000) : "memory");
    __asm__ volatile("ldr x5, [%0]" ::"r"(V + 0x2000) : "x5", "memory");
    __asm__ volatile("ldr x5, [%0]" ::"r"(V + 0x3000) : "x5", "memory");
    ((u64(*)(u64))(V + 0x4000))(1);
    __asm__ volatile("at s1e2r, %0\n isb" ::"r"(V));
    kv("S1E2R", RD(par_el1));
    __asm__ volatile("at s1e2w, %0\n isb" ::"r"(V + 0x1000));
    kv("S1E2W ro", RD(par_el1));
    __asm__ volatile("at s1e2r, %0\n isb" ::"r"(V + 0x3000));
    kv("S1E2R none", RD(par_el1));
    newline();
    WR(sctlr_el2, RD(sctlr_el2) & ~(u64)(1 | 4 | (1 << 12)));
    ISB();
    return 0;
}
void test_main(void)
{
    /* QEMU 7.2 sets ISV (and SAS/SRT/...) for EL2's own stage 1 data aborts; the ARM ARM says ISV is 0
     * in ESR_EL2 except for stage 2 aborts (hvlab). Only ISS[13:0] and above bit 24 are compared. */
    esr_hide = 0x01ffc000UL;
    pt_init(&t, 12, 1, 0x1000);
    pt_identity(&t);
    u64 d = alloc_page(0x1000);
    *(volatile u64 *)d = 0x2222;
    pt_map(&t, V, d, 0x1000, 3, S1_RAM | S1_UXN);
    pt_map(&t, V + 0x1000, d, 0x1000, 3, S1_RAM | S1_AP_RO_ALL | S1_UXN);
    pt_map(&t, V + 0x2000, d, 0x1000, 3, (S1_RAM & ~S1_AF) | S1_UXN);
    pt_map(&t, V + 0x4000, d, 0x1000, 3, S1_RAM | S1_UXN);
    call_at(2, el2, 0, 0);
}
