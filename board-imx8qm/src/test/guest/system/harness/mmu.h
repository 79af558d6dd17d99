/* Translation tables built at run time for any granule and start level, stage 1 or stage 2. */
#ifndef MMU_H
#define MMU_H
#include "hv.h"

struct pt {
    int gran;        /* granule shift: 12, 14 or 16 */
    int start;       /* start level */
    u64 root;        /* physical address of the root table */
};

/* Stage 1 leaf attributes. */
#define S1_DEVICE (0UL << 2)
#define S1_NORMAL (1UL << 2)
#define S1_NC (2UL << 2)
#define S1_AP_RW_EL1 (0UL << 6)
#define S1_AP_RW_ALL (1UL << 6)
#define S1_AP_RO_EL1 (2UL << 6)
#define S1_AP_RO_ALL (3UL << 6)
#define S1_ISH (3UL << 8)
#define S1_AF (1UL << 10)
#define S1_NG (1UL << 11)
#define S1_PXN (1UL << 53)
#define S1_UXN (1UL << 54)
#define S1_RAM (S1_NORMAL | S1_ISH | S1_AF)
#define S1_DEV (S1_DEVICE | S1_AF | S1_PXN | S1_UXN)
/* Stage 2 leaf attributes. */
#define S2_NORMAL (0xfUL << 2)
#define S2_DEVICE (0x0UL << 2)
#define S2_AP_NONE (0UL << 6)
#define S2_AP_RO (1UL << 6)
#define S2_AP_WO (2UL << 6)
#define S2_AP_RW (3UL << 6)
#define S2_ISH (3UL << 8)
#define S2_AF (1UL << 10)
#define S2_XN (1UL << 54)
#define S2_RAM (S2_NORMAL | S2_AP_RW | S2_ISH | S2_AF)
#define S2_DEV (S2_DEVICE | S2_AP_RW | S2_AF | S2_XN)

#define MAIR_VALUE 0x44ff00UL /* 0: Device-nGnRnE, 1: Normal WB, 2: Normal NC */

u64 alloc_page(u64 size);
void pt_init(struct pt *t, int gran, int start, u64 root_size);
/* Maps [va, va + size) to pa with leaves at `level`; attrs are the leaf's attribute bits. */
void pt_map(struct pt *t, u64 va, u64 pa, u64 size, int level, u64 attrs);
/* The leaf descriptor for va (0 if none), to change it in place. */
volatile u64 *pt_leaf(struct pt *t, u64 va);
/* The usual stage-1 identity map: device up to 1 GiB, RAM from 0x40000000 (128 MiB). */
void pt_identity(struct pt *t);
/* TCR.TG0 encodings. */
u64 tg0(int gran);
u64 tg1(int gran);
void tlbi_all(void);
/* Enables the EL1&0 regime with TTBR0 = t, T0SZ = 64 - va_bits. */
void mmu_on_el1(struct pt *t, int va_bits);
void mmu_off_el1(void);
#endif
