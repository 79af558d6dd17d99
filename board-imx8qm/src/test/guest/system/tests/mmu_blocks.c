#include "hv.h"
#include "mmu.h"
/* Block descriptors at level 1 (1 GiB) and level 2 (2 MiB) and the contiguous hint with the 4K
 * granule: reads through aliases, AT results for blocks, a level 1 block permission fault, and
 * table attributes (APTable read-only, XNTable/PXNTable) overriding their leaves. */
static struct pt t;
static u64 rd(u64 va)
{
    u64 v;
    __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(va) : "memory");
    return v;
}
static u64 el1(u64 a)
{
    mmu_on_el1(&t, 40);
    kv("1G alias", rd(0x8040000000UL + 0x8));
    kv("2M alias", rd(0x80000000UL + 0x10));
    kv("contig", rd(0x90000000UL + 0x18));
    newline();
    __asm__ volatile("at s1e1r, %0\n isb" ::"r"(0x8040000000UL + 0x123456));
    kv("PAR 1G", RD(par_el1));
    __asm__ volatile("at s1e1w, %0\n isb" ::"r"(0xc040000000UL));
    kv("PAR ro 1G", RD(par_el1));
    newline();
    __asm__ volatile("str xzr, [%0]" ::"r"(0xc040000000UL + 0x200000) : "memory");
    __asm__ volatile("str xzr, [%0]" ::"r"(0xa0000000UL + 0x1000) : "memory");
    ((u64(*)(u64))(0xa0000000UL))(0);
    mmu_off_el1();
    return 0;
}
void test_main(void)
{
    pt_init(&t, 12, 0, 0x1000);
    pt_identity(&t);
    /* 0x80_4000_0000: a 1 GiB block onto RAM; 0xC0_4000_0000 the same, read-only. */
    pt_map(&t, 0x8040000000UL, 0x40000000UL, 0x40000000UL, 1, S1_RAM);
    pt_map(&t, 0xc040000000UL, 0x40000000UL, 0x40000000UL, 1, S1_RAM | S1_AP_RO_EL1);
    pt_map(&t, 0x80000000UL, 0x40000000UL, 0x200000, 2, S1_RAM);
    /* 16 contiguous pages */
    pt_map(&t, 0x90000000UL, 0x40000000UL, 0x200000, 3, S1_RAM | (1UL << 52));
    /* A table with APTable = 10 (read-only) and PXNTable above a read/write, executable page. */
    pt_map(&t, 0xa0000000UL, 0x40000000UL, 0x2000, 3, S1_RAM);
    /* Find the level 2 entry for 0xa0000000 (level 1 table -> level 2 entry) and set its attributes. */
    u64 l1 = *(volatile u64 *)(t.root + 0) & 0xfffffffff000UL;
    u64 l2t = *(volatile u64 *)(l1 + 8 * ((0xa0000000UL >> 30) & 511)) & 0xfffffffff000UL;
    volatile u64 *e = (volatile u64 *)(l2t + 8 * ((0xa0000000UL >> 21) & 511));
    *e |= (2UL << 61) | (1UL << 59);
    DSB();
    call_at(1, el1, 0, 0);
}
