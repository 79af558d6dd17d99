#include "hv.h"
#include "mmu.h"
/* The upper VA range (TTBR1_EL1, T1SZ, TG1), EPD1, TBI0, non-canonical addresses, ASID-tagged
 * non-global entries switched by TTBR0.ASID without TLBI. */
static struct pt lo, lo2, hi;
#define HI 0xffffffff80000000UL
static u64 d1, d2;
static u64 rd(u64 va)
{
    u64 v;
    __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(va) : "memory");
    return v;
}
static u64 el1(u64 a)
{
    WR(mair_el1, MAIR_VALUE);
    u64 tcr = 32 | (32UL << 16) | tg1(12) | (3UL << 12) | (1UL << 10) | (1UL << 8) | (3UL << 28) | (1UL << 26)
              | (1UL << 24) | (2UL << 32);
    WR(tcr_el1, tcr);
    WR(ttbr0_el1, lo.root | (1UL << 48));
    WR(ttbr1_el1, hi.root);
    __asm__ volatile("tlbi vmalle1\n dsb sy\n isb");
    WR(sctlr_el1, RD(sctlr_el1) | 1 | 4 | (1 << 12));
    ISB();
    kv("hi", rd(HI));
    kv("lo asid1", rd(0x80000000UL));
    newline();
    line("hi unmapped, non-canonical");
    rd(HI + 0x1000);
    rd(0x0000800000000000UL);
    rd(0xffff000000000000UL);
    line("TBI0");
    rd(0x5a00000080000000UL);
    WR(tcr_el1, tcr | (1UL << 37));
    ISB();
    kv("tagged", rd(0x5a00000080000000UL));
    newline();
    line("ASID 2");
    WR(ttbr0_el1, lo2.root | (2UL << 48));
    ISB();
    kv("lo asid2", rd(0x80000000UL));
    WR(ttbr0_el1, lo.root | (1UL << 48));
    ISB();
    kv("lo asid1", rd(0x80000000UL));
    newline();
    line("EPD1");
    WR(tcr_el1, tcr | (1UL << 23));
    __asm__ volatile("tlbi vmalle1\n dsb sy\n isb");
    rd(HI);
    WR(sctlr_el1, RD(sctlr_el1) & ~(u64)(1 | 4 | (1 << 12)));
    ISB();
    return 0;
}
void test_main(void)
{
    d1 = alloc_page(0x1000);
    d2 = alloc_page(0x1000);
    *(volatile u64 *)d1 = 0x1111;
    *(volatile u64 *)d2 = 0x2222;
    pt_init(&lo, 12, 1, 0x1000);
    pt_identity(&lo);
    pt_map(&lo, 0x80000000UL, d1, 0x1000, 3, S1_RAM | S1_NG);
    pt_init(&lo2, 12, 1, 0x1000);
    pt_identity(&lo2);
    pt_map(&lo2, 0x80000000UL, d2, 0x1000, 3, S1_RAM | S1_NG);
    pt_init(&hi, 12, 1, 0x1000);
    pt_map(&hi, HI & 0xffffffffUL, d2,  /* the walk indexes with the low 32 bits */ 0x1000, 3, S1_RAM);
    call_at(1, el1, 0, 0);
}
