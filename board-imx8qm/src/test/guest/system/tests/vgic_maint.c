#include "hv.h"
#include "gic.h"
/* The maintenance interrupt (PPI 25) at EL2: ICH_HCR_EL2.UIE with no valid list register
 * (underflow, MISR.U), then NPIE with no pending LR (MISR.NP), then an LR with EOI maintenance
 * after the guest's EOI (MISR.EOI, EISR). */
static volatile int n;
static int irq(int el, int kind, struct frame *f)
{
    u64 iar = gic_ack();
    puts("EL");
    putdec(el);
    kv("INTID", iar);
    if (el == 2) {
        kv("MISR", RD(ich_misr_el2));
        kv("EISR", RD(ich_eisr_el2));
        WR(ich_hcr_el2, 1); /* maintenance conditions off */
        WR(ich_lr0_el2, RD(ich_lr0_el2) & ~(1UL << 41));
        ISB();
        n++;
    }
    gic_eoi(iar);
    newline();
    return 1;
}
static void wait_for(int k)
{
    __asm__ volatile("msr daifclr, #2");
    for (int i = 0; i < 1000 && n < k; i++) {
        __asm__ volatile("isb");
    }
    __asm__ volatile("msr daifset, #2");
}
static u64 guest(u64 a)
{
    WR(S3_0_C12_C12_5, RD(S3_0_C12_C12_5) | 1);
    WR(S3_0_C4_C6_0, 0xff);
    WR(S3_0_C12_C12_7, 1);
    ISB();
    __asm__ volatile("msr daifclr, #2\n isb\n nop\n nop\n msr daifset, #2");
    return 0;
}
static u64 monitor(u64 a)
{
    gic_cpu_on();
    gic_enable_ppi(0, 25, 0x80);
    WR(ich_vmcr_el2, 0xffUL << 24 | 2);
    line("UIE");
    WR(ich_hcr_el2, 1 | 2);
    ISB();
    wait_for(1);
    line("NPIE");
    WR(ich_hcr_el2, 1 | 8);
    ISB();
    wait_for(2);
    line("EOI maintenance");
    WR(ich_lr0_el2, (1UL << 62) | (1UL << 60) | (0xa0UL << 48) | (1UL << 41) | 50);
    WR(ich_hcr_el2, 1);
    ISB();
    call_at(1, guest, 0, 0);
    wait_for(3);
    kv("maintenance interrupts", n);
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
