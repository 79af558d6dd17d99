#include "hv.h"
#include "gic.h"
/* The EL2 physical timer (CNTHP, PPI 26): ISTATUS polled, pending in the redistributor, HPPIR1,
 * then its IRQ taken at EL2 (HCR_EL2.IMO = 1). */
static volatile int fired;
static int irq(int el, int kind, struct frame *f)
{
    u64 iar = gic_ack();
    puts("IRQ at EL");
    putdec(el);
    kv("INTID", iar & 0xffffff);
    kv("CTL", RD(cnthp_ctl_el2));
    kv("not early", RD(cntpct_el0) >= RD(cnthp_cval_el2));
    newline();
    WR(cnthp_ctl_el2, 0);
    gic_eoi(iar);
    fired = 1;
    return 1;
}
static u64 el2(u64 a)
{
    gic_cpu_on();
    gic_enable_ppi(0, 26, 0xa0);
    WR(cnthp_cval_el2, RD(cntpct_el0) + 10000);
    WR(cnthp_ctl_el2, 1);
    ISB();
    while (!(RD(cnthp_ctl_el2) & 4)) {
    }
    kv("ISTATUS", RD(cnthp_ctl_el2));
    kv("pending", (MMIO32(GICR_SGI(0) + GICR_ISPENDR0) >> 26) & 1);
    kv("enabled", (MMIO32(GICR_SGI(0) + GICR_ISENABLER0) >> 26) & 1);
    kv("HPPIR1", RD(S3_0_C12_C12_2));
    newline();
    __asm__ volatile("msr daifclr, #2");
    while (!fired) {
        __asm__ volatile("wfi");
    }
    __asm__ volatile("msr daifset, #2");
    return 0;
}
void test_main(void)
{
    gic_init_el3(0);
    irq_hook = irq;
    /* Physical IRQs go to EL2 only with HCR_EL2.IMO; otherwise their target is EL1, masked at EL2. */
    WR(hcr_el2, RD(hcr_el2) | (1UL << 4));
    call_at(2, el2, 0, 0);
    WR(hcr_el2, RD(hcr_el2) & ~(1UL << 4));
}
