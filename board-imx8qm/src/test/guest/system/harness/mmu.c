#include "mmu.h"

static u64 next_free;

u64 alloc_page(u64 size)
{
    if (!next_free) {
        next_free = ((u64)__free_start + 0xffff) & ~0xffffUL;
    }
    u64 p = (next_free + size - 1) & ~(size - 1);
    next_free = p + size;
    for (u64 a = p; a < p + size; a += 8) {
        *(volatile u64 *)a = 0;
    }
    return p;
}

void pt_init(struct pt *t, int gran, int start, u64 root_size)
{
    t->gran = gran;
    t->start = start;
    u64 g = 1UL << gran;
    t->root = alloc_page(root_size > g ? root_size : g);
}

static int shift_of(struct pt *t, int level) { return t->gran + (3 - level) * (t->gran - 3); }

static volatile u64 *slot(struct pt *t, u64 va, int level, int create)
{
    u64 table = t->root;
    for (int l = t->start;; l++) {
        u64 idx = va >> shift_of(t, l);
        if (l != t->start) {
            idx &= (1UL << (t->gran - 3)) - 1;
        }
        volatile u64 *e = (volatile u64 *)(table + idx * 8);
        if (l == level) {
            return e;
        }
        if ((*e & 3) != 3) {
            if (!create) {
                return 0;
            }
            *e = alloc_page(1UL << t->gran) | 3;
        }
        table = *e & 0x0000fffffffff000UL & ~((1UL << t->gran) - 1);
    }
}

void pt_map(struct pt *t, u64 va, u64 pa, u64 size, int level, u64 attrs)
{
    u64 step = 1UL << shift_of(t, level);
    for (u64 o = 0; o < size; o += step) {
        *slot(t, va + o, level, 1) = (pa + o) | attrs | (level == 3 ? 3 : 1);
    }
    DSB();
}

volatile u64 *pt_leaf(struct pt *t, u64 va)
{
    for (int l = 3; l >= t->start; l--) {
        volatile u64 *e = slot(t, va, l, 0);
        if (e && (*e & 1) && (l == 3 || (*e & 3) == 1)) {
            return e;
        }
    }
    return 0;
}

void pt_identity(struct pt *t)
{
    int lvl = t->gran == 12 ? 2 : 2; /* 2 MiB (4K), 32 MiB (16K) or 512 MiB (64K) blocks */
    u64 block = 1UL << shift_of(t, lvl);
    pt_map(t, 0, 0, 0x40000000, lvl, S1_DEV);
    u64 ram = 0x8000000 > block ? 0x8000000 : block;
    pt_map(t, 0x40000000, 0x40000000, ram, lvl, S1_RAM);
}

u64 tg0(int gran) { return gran == 12 ? 0 : gran == 16 ? 1UL << 14 : 2UL << 14; }
u64 tg1(int gran) { return gran == 12 ? 2UL << 30 : gran == 16 ? 3UL << 30 : 1UL << 30; }

void tlbi_all(void)
{
    __asm__ volatile("dsb ishst\n tlbi vmalle1is\n dsb ish\n isb" ::: "memory");
}

void mmu_on_el1(struct pt *t, int va_bits)
{
    WR(mair_el1, MAIR_VALUE);
    /* IPS 40 bits, TTBR1 walks disabled (EPD1), inner shareable write-back walks. */
    WR(tcr_el1, (64 - va_bits) | tg0(t->gran) | (3UL << 12) | (1UL << 10) | (1UL << 8) | (1UL << 23) | (2UL << 32));
    WR(ttbr0_el1, t->root);
    tlbi_all();
    WR(sctlr_el1, RD(sctlr_el1) | 1 | (1 << 2) | (1 << 12));
    ISB();
}

void mmu_off_el1(void)
{
    WR(sctlr_el1, RD(sctlr_el1) & ~(u64)(1 | (1 << 2) | (1 << 12)));
    ISB();
}
