/* Stage 2 for an EL1 guest with its MMU off (VA = IPA): RAM identity-mapped, test pages at IPA
 * 0x80000000 + n * granule; every fault goes to EL2, which reports ESR (ISV, SAS, SSE, SRT, SF,
 * AR, WnR, S1PTW, DFSC), FAR and HPFAR. */
#include "mmu.h"

#define IBASE 0x80000000UL
static u64 G;
static struct pt s2;
static u64 data_pa, code_pa;
#define I(n) (IBASE + (n) * G)

static u64 vtcr(int gran)
{
    u64 tg = gran == 12 ? 0 : gran == 16 ? 1UL << 14 : 2UL << 14;
    u64 sl0 = 1; /* start level 1 (4K) or 2 (64K) */
    return (1UL << 31) | (2UL << 16) | tg | (3UL << 12) | (1UL << 10) | (1UL << 8) | (sl0 << 6) | 32;
}

static void s2_setup(int gran)
{
    G = 1UL << gran;
    pt_init(&s2, gran, gran == 12 ? 1 : 2, G);
    int lvl = 2;
    u64 block = gran == 12 ? 0x200000UL : 0x20000000UL;
    pt_map(&s2, 0x40000000, 0x40000000, 0x20000000 > block ? 0x20000000 : block, lvl, S2_RAM);
    data_pa = alloc_page(G);
    code_pa = alloc_page(G);
    *(volatile u64 *)data_pa = 0xda7a0001;
    *(volatile u32 *)code_pa = 0x91000400; /* add x0, x0, #1 */
    *(volatile u32 *)(code_pa + 4) = 0xd65f03c0; /* ret */
    pt_map(&s2, I(0), data_pa, G, 3, S2_RAM);
    pt_map(&s2, I(1), data_pa, G, 3, (S2_RAM & ~S2_AP_RW) | S2_AP_RO);
    /* I(2): unmapped */
    pt_map(&s2, I(3), data_pa, G, 3, S2_RAM & ~S2_AP_RW);
    pt_map(&s2, I(4), code_pa, G, 3, S2_RAM | S2_XN);
    pt_map(&s2, I(5), data_pa, G, 3, S2_RAM & ~S2_AF);
    pt_map(&s2, I(6), code_pa, G, 3, S2_RAM);
    pt_map(&s2, I(7), data_pa, G, 3, (S2_RAM & ~S2_AP_RW) | S2_AP_WO);
    WR(vttbr_el2, s2.root | (5UL << 48));
    WR(vtcr_el2, vtcr(gran));
    WR(hcr_el2, RD(hcr_el2) | 1);
    ISB();
    __asm__ volatile("tlbi alle1\n dsb sy\n isb");
}

static void s2_off(void)
{
    WR(hcr_el2, RD(hcr_el2) & ~1UL);
    ISB();
}

static u64 guest_accesses(u64 a)
{
    u64 v, p = I(2) + 0x18;
    __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(I(0)) : "memory");
    kv("guest read", v);
    newline();
    line("loads and stores to an unmapped IPA");
    __asm__ volatile("ldr x5, [%0]" ::"r"(p) : "x5", "memory");
    __asm__ volatile("str w7, [%0]" ::"r"(p) : "memory");
    __asm__ volatile("ldrsh w9, [%0]" ::"r"(p) : "x9", "memory");
    __asm__ volatile("ldrsb x10, [%0]" ::"r"(p) : "x10", "memory");
    __asm__ volatile("strb w11, [%0]" ::"r"(p) : "memory");
    __asm__ volatile("ldrh w12, [%0]" ::"r"(p) : "x12", "memory");
    __asm__ volatile("ldar x13, [%0]" ::"r"(p) : "x13", "memory");
    __asm__ volatile("stlr w14, [%0]" ::"r"(p) : "memory");
    __asm__ volatile("ldp x15, x16, [%0]" ::"r"(p) : "x15", "x16", "memory");
    __asm__ volatile("ldr x17, [%0], #8" ::"r"(p) : "x17", "memory");
    __asm__ volatile("ldxr x18, [%0]" ::"r"(p) : "x18", "memory");
    __asm__ volatile("ldrsw x19, [%0]" ::"r"(p) : "x19", "memory");
    /* DC IVAC is left out: QEMU 7.2 takes no stage 2 fault for it (the ARM ARM reports one, CM = 1). */
    line("read-only IPA");
    __asm__ volatile("ldr x5, [%0]" ::"r"(I(1)) : "x5", "memory");
    __asm__ volatile("str x6, [%0]" ::"r"(I(1) + 8) : "memory");
    line("no-access IPA");
    __asm__ volatile("ldr w5, [%0]" ::"r"(I(3)) : "x5", "memory");
    __asm__ volatile("str x6, [%0]" ::"r"(I(3) + 8) : "memory");
    line("write-only IPA");
    __asm__ volatile("ldr x5, [%0]" ::"r"(I(7)) : "x5", "memory");
    __asm__ volatile("str x6, [%0]" ::"r"(I(7) + 8) : "memory");
    line("access flag");
    __asm__ volatile("ldr x5, [%0]" ::"r"(I(5)) : "x5", "memory");
    line("level 1 / out of range");
    __asm__ volatile("ldr x5, [%0]" ::"r"(0xc0000000UL) : "x5", "memory");
    __asm__ volatile("ldr x5, [%0]" ::"r"(0x100000000UL) : "x5", "memory");
    line("instruction fetches");
    kv("exec", ((u64(*)(u64))I(6))(41));
    newline();
    ((u64(*)(u64))I(4))(1);
    ((u64(*)(u64))I(2))(1);
    return 0;
}
static u64 el2_runs_guest(u64 a) { return call_at(1, guest_accesses, 0, 0); }

static void s2_fault_test(int gran)
{
    s2_setup(gran);
    call_at(2, el2_runs_guest, 0, 0);
    s2_off();
}
