#include "hv.h"
#include "gic.h"
/* A tiny EL2 monitor injects virtual INTID 40 through ICH_LR0_EL2 (pending, Group 1, EOI
 * maintenance); the EL1 guest takes the virtual IRQ, acknowledges it through ICC_IAR1_EL1 (the
 * ICV view under HCR_EL2.IMO), sees the virtual running priority and EOIs it; the monitor then
 * reads back the LR, ELRSR, EISR and MISR. */
static volatile int got;
static int irq(int el, int kind, struct frame *f)
{
    u64 iar = gic_ack();
    puts("EL");
    putdec(el);
    kv("vector", kind);
    kv("ICV_IAR1", iar);
    kv("ICV_RPR", RD(S3_0_C12_C11_3));
    kv("ICV_HPPIR1", RD(S3_0_C12_C12_2));
    newline();
    gic_eoi(iar);
    kv("ICV_RPR after EOI", RD(S3_0_C12_C11_3));
    newline();
    got = 1;
    return 1;
}
static u64 guest(u64 a)
{
    WR(S3_0_C12_C12_5, RD(S3_0_C12_C12_5) | 1);
    WR(S3_0_C4_C6_0, 0xff);
    WR(S3_0_C12_C12_7, 1);
    ISB();
    __asm__ volatile("msr daifclr, #2");
    while (!got) {
        __asm__ volatile("wfi");
    }
    __asm__ volatile("msr daifset, #2");
    return 0;
}
static u64 monitor(u64 a)
{
    u64 vtr = RD(ich_vtr_el2);
    kv("ListRegs", vtr & 31);
    kv("PREbits", (vtr >> 26) & 7);
    kv("PRIbits", (vtr >> 29) & 7);
    newline();
    WR(ich_vmcr_el2, 0xffUL << 24 | 2); /* VPMR 0xff, VENG1 */
    WR(ich_lr0_el2, (1UL << 62) | (1UL << 60) | (0xa0UL << 48) | (1UL << 41) | 40);
    WR(ich_hcr_el2, 1);
    ISB();
    kv("ELRSR before", RD(ich_elrsr_el2) & 15);
    newline();
    call_at(1, guest, 0, 0);
    kv("LR0", RD(ich_lr0_el2));
    kv("ELRSR", RD(ich_elrsr_el2) & 15);
    kv("EISR", RD(ich_eisr_el2));
    kv("MISR", RD(ich_misr_el2));
    newline();
    WR(ich_lr0_el2, 0);
    WR(ich_hcr_el2, 0);
    ISB();
    return 0;
}
void test_main(void)
{
    gic_init_el3(0);
    irq_hook = irq;
    WR(hcr_el2, RD(hcr_el2) | (1UL << 4) | (1UL << 3));
    call_at(2, monitor, 0, 0);
    WR(hcr_el2, RD(hcr_el2) & ~((1UL << 4) | (1UL << 3)));
}
