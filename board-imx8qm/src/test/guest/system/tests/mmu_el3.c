#include "hv.h"
#include "mmu.h"
/* The EL3 stage 1 regime: faults taken to EL3 itself (EC 0x25, 0x21), AT S1E3R/W. */
static struct pt t;
#define V 0x80000000UL
void test_main(void)
{
    pt_init(&t, 12, 1, 0x1000);
    pt_identity(&t);
    u64 d = alloc_page(0x1000);
    *(volatile u64 *)d = 0x3333;
    pt_map(&t, V, d, 0x1000, 3, S1_RAM);
    pt_map(&t, V + 0x1000, d, 0x1000, 3, S1_RAM | S1_AP_RO_ALL);
    pt_map(&t, V + 0x2000, d, 0x1000, 3, S1_RAM & ~S1_AF);
    WR(mair_el3, MAIR_VALUE);
    WR(tcr_el3, (1UL << 31) | (1UL << 23) | (2UL << 16) | (3UL << 12) | (1UL << 10) | (1UL << 8) | 32);
    WR(ttbr0_el3, t.root);
    __asm__ volatile("tlbi alle3\n dsb sy\n isb");
    WR(sctlr_el3, RD(sctlr_el3) | 1 | 4 | (1 << 12));
    ISB();
    u64 v;
    __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(V) : "memory");
    kv("read", v);
    newline();
    __asm__ volatile("str xzr, [%0]" ::"r"(V + 0x1000) : "memory");
    __asm__ volatile("ldr x5, [%0]" ::"r"(V + 0x2000) : "x5", "memory");
    __asm__ volatile("ldr x5, [%0]" ::"r"(V + 0x3000) : "x5", "memory");
    __asm__ volatile("at s1e3r, %0\n isb" ::"r"(V));
    kv("S1E3R", RD(par_el1));
    __asm__ volatile("at s1e3w, %0\n isb" ::"r"(V + 0x1000));
    kv("S1E3W ro", RD(par_el1));
    newline();
    WR(sctlr_el3, RD(sctlr_el3) & ~(u64)(1 | 4 | (1 << 12) | (1 << 19)));
    ISB();
}
