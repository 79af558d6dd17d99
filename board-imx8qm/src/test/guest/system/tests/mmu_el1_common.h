/* Stage 1 of the EL1&0 regime with one granule: an identity map for devices and RAM, and test
 * pages at 0x80000000 + n * granule, each showing one fault or one success. */
#include "mmu.h"

#define VBASE 0x80000000UL
static u64 G;
static struct pt t;
static u64 data_pa, data2_pa, code_pa;
#define V(n) (VBASE + (n) * G)

static inline u64 rd(u64 va)
{
    u64 v;
    __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(va) : "memory");
    return v;
}
static inline void wr(u64 va, u64 v) { __asm__ volatile("str %0, [%1]" ::"r"(v), "r"(va) : "memory"); }

static u64 at_s1e1r(u64 va) { __asm__ volatile("at s1e1r, %0\n isb" ::"r"(va)); return RD(par_el1); }
static u64 at_s1e1w(u64 va) { __asm__ volatile("at s1e1w, %0\n isb" ::"r"(va)); return RD(par_el1); }
static u64 at_s1e0r(u64 va) { __asm__ volatile("at s1e0r, %0\n isb" ::"r"(va)); return RD(par_el1); }
static u64 at_s1e0w(u64 va) { __asm__ volatile("at s1e0w, %0\n isb" ::"r"(va)); return RD(par_el1); }

/* At EL0 nothing but the EL0 page is readable: the granule comes as the argument. */
static u64 el0(u64 g)
{
    u64 r = rd(VBASE + 7 * g); /* EL0-readable page */
    rd(VBASE);                 /* EL1-only: permission fault from EL0 */
    wr(VBASE + g, 1);          /* read-only: permission fault */
    rd(VBASE + 3 * g);         /* translation fault */
    return r;
}

static int only_alignment;

static u64 el1(u64 a)
{
    mmu_on_el1(&t, 32);
    line("MMU on");
    if (only_alignment) {
        line("unaligned with SCTLR_EL1.A");
        WR(sctlr_el1, RD(sctlr_el1) | 2);
        ISB();
        rd(V(0) + 4);
        wr(V(0) + 2, 0);
        WR(sctlr_el1, RD(sctlr_el1) & ~2UL);
        ISB();
        kv("unaligned without", rd(V(0) + 4));
        newline();
        mmu_off_el1();
        return 0;
    }
    kv("read V0", rd(V(0)));
    newline();
    wr(V(0), 0x1111);
    kv("after write", rd(V(0)));
    kv("read-only V1", rd(V(1)));
    newline();
    line("write read-only");
    wr(V(1), 2);
    line("access flag");
    rd(V(2));
    line("translation fault, last level");
    rd(V(3));
    wr(V(3) + 0x18, 5);
    line("translation fault, higher level");
    rd(0xc0000000UL + 0x40);
    line("out of the TTBR0 range");
    rd(0x100000000UL);
    /* Unaligned accesses to Device memory are left out: QEMU 7.2 does not fault them. */
    kv("aligned on Device", rd(V(4) + 8));
    newline();
    line("address size");
    rd(V(8));
    line("execute never (PXN)");
    ((u64(*)(u64))V(5))(1);
    kv("execute", ((u64(*)(u64))V(6))(41));
    newline();
    line("AT");
    kv("S1E1R V0", at_s1e1r(V(0)));
    kv("S1E1W V1", at_s1e1w(V(1)));
    kv("S1E1R V2", at_s1e1r(V(2)));
    newline();
    kv("S1E1R V3", at_s1e1r(V(3)));
    kv("S1E0R V0", at_s1e0r(V(0)));
    kv("S1E0R V7", at_s1e0r(V(7)));
    newline();
    kv("S1E0W V7", at_s1e0w(V(7)));
    kv("S1E1R dev", at_s1e1r(V(4)));
    kv("S1E1R range", at_s1e1r(0x100000000UL));
    newline();
    line("EL0");
    /* EL0 runs from the EL1-only RAM (execute-only at EL0) with its stack in the EL0 page. */
    WR(sp_el0, V(7) + G);
    kv("EL0 read", call_at(0, el0, G, 0));
    newline();
    line("remap V0 + TLBI");
    *pt_leaf(&t, V(0)) = data2_pa | S1_RAM | 3;
    DSB();
    __asm__ volatile("tlbi vae1is, %0\n dsb ish\n isb" ::"r"(V(0) >> 12));
    kv("read V0", rd(V(0)));
    newline();
    mmu_off_el1();
    return 0;
}

static void mmu_el1_test(int gran)
{
    G = 1UL << gran;
    int start = gran == 12 ? 1 : 2;
    pt_init(&t, gran, start, G);
    pt_identity(&t);
    data_pa = alloc_page(G);
    data2_pa = alloc_page(G);
    code_pa = alloc_page(G);
    *(volatile u64 *)data_pa = 0xda7a0001;
    *(volatile u64 *)(data_pa + 8) = 0xda7a0008;
    *(volatile u64 *)data2_pa = 0xda7a0002;
    /* add x0, x0, #1; ret */
    *(volatile u32 *)code_pa = 0x91000400;
    *(volatile u32 *)(code_pa + 4) = 0xd65f03c0;
    pt_map(&t, V(0), data_pa, G, 3, S1_RAM | S1_AP_RW_EL1 | S1_UXN | S1_PXN);
    pt_map(&t, V(1), data_pa, G, 3, S1_RAM | S1_AP_RO_ALL | S1_UXN | S1_PXN);
    pt_map(&t, V(2), data_pa, G, 3, (S1_RAM & ~S1_AF) | S1_UXN | S1_PXN);
    pt_map(&t, V(4), data_pa, G, 3, S1_DEV);
    pt_map(&t, V(5), code_pa, G, 3, S1_RAM | S1_AP_RO_EL1 | S1_PXN);
    pt_map(&t, V(6), code_pa, G, 3, S1_RAM | S1_AP_RO_EL1 | S1_UXN);
    pt_map(&t, V(7), data_pa, G, 3, S1_RAM | S1_AP_RW_ALL | S1_UXN | S1_PXN);
    pt_map(&t, V(8), 0x10000000000UL, G, 3, S1_RAM);
    call_at(1, el1, 0, 0);
}
