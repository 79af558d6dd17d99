#include "hv.h"
#include "mmu.h"
/* A stage 1 walk whose level 3 table lies in an IPA that stage 2 does not map: a stage 2 fault on
 * the stage 1 walk (ISS.S1PTW, HPFAR = the table's IPA, FAR = the VA), for a load, a store and an
 * instruction fetch; then AT S1E1R from EL1 (PAR.PTW/S, or the fault taken to EL2) and AT S12E1R /
 * S1E1R from EL2 on good and bad addresses. */
static struct pt s1, s2;
static u64 table_pa;
#define VA 0x80000000UL

static u64 guest(u64 a)
{
    mmu_on_el1(&s1, 32);
    u64 v;
    __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(0x40000000UL) : "memory");
    kv("guest read", v);
    newline();
    __asm__ volatile("ldr x5, [%0]" ::"r"(VA + 8) : "x5", "memory");
    __asm__ volatile("str x5, [%0]" ::"r"(VA + 16) : "memory");
    ((u64(*)(u64))(VA + 0x1000))(1);
    mmu_off_el1();
    return 0;
}

static u64 at_s12e1r(u64 va) { __asm__ volatile("at s12e1r, %0\n isb" ::"r"(va)); return RD(par_el1); }
static u64 at_s12e1w(u64 va) { __asm__ volatile("at s12e1w, %0\n isb" ::"r"(va)); return RD(par_el1); }
static u64 at_s1e1r(u64 va) { __asm__ volatile("at s1e1r, %0\n isb" ::"r"(va)); return RD(par_el1); }

static u64 el2(u64 a)
{
    call_at(1, guest, 0, 0);
    /* The EL1 stage 1 regime stays configured (SCTLR_EL1.M set again for the AT). */
    WR(sctlr_el1, RD(sctlr_el1) | 1);
    ISB();
    kv("S12E1R ram", at_s12e1r(0x40000000UL + 0x123));
    kv("S12E1R va", at_s12e1r(VA));
    newline();
    kv("S12E1W va", at_s12e1w(VA));
    kv("S1E1R va", at_s1e1r(VA));
    kv("S1E1R dev", at_s1e1r(0x09000000UL));
    newline();
    WR(sctlr_el1, RD(sctlr_el1) & ~1UL);
    ISB();
    return 0;
}

void test_main(void)
{
    pt_init(&s1, 12, 1, 0x1000);
    pt_identity(&s1);
    u64 data = alloc_page(0x1000);
    pt_map(&s1, VA, data, 0x2000, 3, S1_RAM);
    table_pa = (u64)pt_leaf(&s1, VA) & ~0xfffUL;
    pt_init(&s2, 12, 1, 0x1000);
    pt_map(&s2, 0x40000000, 0x40000000, 0x20000000, 2, S2_RAM);
    pt_map(&s2, 0x08000000, 0x08000000, 0x02000000, 2, S2_DEV);
    /* Re-map the 2 MiB around the level 3 table with pages, leaving the table's page out. */
    u64 base = table_pa & ~0x1fffffUL;
    pt_map(&s2, base, base, 0x200000, 3, S2_RAM);
    *pt_leaf(&s2, table_pa) = 0;
    WR(vttbr_el2, s2.root | (7UL << 48));
    WR(vtcr_el2, (1UL << 31) | (2UL << 16) | (3UL << 12) | (1UL << 10) | (1UL << 8) | (1UL << 6) | 32);
    WR(hcr_el2, RD(hcr_el2) | 1);
    ISB();
    __asm__ volatile("tlbi alle1\n dsb sy\n isb");
    quiet = 0;
    /* HPFAR names the table page: print it relative to the image's free area. */
    kv("table page offset", table_pa - (u64)__free_start);
    newline();
    call_at(2, el2, 0, 0);
    WR(hcr_el2, RD(hcr_el2) & ~1UL);
}
