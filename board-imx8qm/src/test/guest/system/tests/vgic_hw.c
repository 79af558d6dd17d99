#include "hv.h"
#include "gic.h"
/* A hardware-mapped virtual interrupt: EL2 takes the EL1 physical timer's PPI 30 (HCR_EL2.IMO),
 * acknowledges it with EOImode = 1 (priority dropped, still active), masks the timer and injects
 * it into the guest as virtual INTID 30 with ICH_LR.HW = 1, pINTID 30. The guest's EOI of the
 * virtual interrupt deactivates the physical one. */
static volatile int phys_taken, virt_taken;
static int irq(int el, int kind, struct frame *f)
{
    u64 iar = gic_ack();
    puts("EL");
    putdec(el);
    kv("INTID", iar);
    if (el == 2) {
        gic_eoi(iar); /* priority drop only */
        WR(cntp_ctl_el0, 3);
        ISB();
        kv("active", (MMIO32(GICR_SGI(0) + GICR_ISACTIVER0) >> 30) & 1);
        WR(ich_lr0_el2, (1UL << 62) | (1UL << 61) | (1UL << 60) | (0xa0UL << 48) | (30UL << 32) | 30);
        ISB();
        phys_taken = 1;
    } else {
        gic_eoi(iar);
        virt_taken = 1;
    }
    newline();
    return 1;
}
static u64 guest(u64 a)
{
    WR(S3_0_C12_C12_5, RD(S3_0_C12_C12_5) | 1);
    WR(S3_0_C4_C6_0, 0xff);
    WR(S3_0_C12_C12_7, 1);
    ISB();
    __asm__ volatile("msr daifclr, #2");
    while (!virt_taken) {
        __asm__ volatile("wfi");
    }
    __asm__ volatile("msr daifset, #2");
    return 0;
}
static u64 monitor(u64 a)
{
    gic_cpu_on();
    WR(S3_0_C12_C12_4, RD(S3_0_C12_C12_4) | 2); /* EOImode = 1 at EL2 */
    gic_enable_ppi(0, 30, 0xa0);
    WR(ich_vmcr_el2, 0xffUL << 24 | 2);
    WR(ich_hcr_el2, 1);
    WR(cntp_tval_el0, 5000);
    WR(cntp_ctl_el0, 1);
    ISB();
    __asm__ volatile("msr daifclr, #2");
    while (!phys_taken) {
        __asm__ volatile("wfi");
    }
    __asm__ volatile("msr daifset, #2");
    call_at(1, guest, 0, 0);
    kv("physical active after the guest's EOI", (MMIO32(GICR_SGI(0) + GICR_ISACTIVER0) >> 30) & 1);
    kv("LR0", RD(ich_lr0_el2));
    kv("ELRSR", RD(ich_elrsr_el2) & 15);
    newline();
    WR(cntp_ctl_el0, 0);
    WR(ich_hcr_el2, 0);
    WR(S3_0_C12_C12_4, RD(S3_0_C12_C12_4) & ~2UL);
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
