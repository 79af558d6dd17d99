#include "hv.h"
#include "gic.h"
/* The EL1 virtual timer (CNTV, PPI 27): ISTATUS clear before the compare value, the IRQ taken at
 * EL1 once CNTVCT >= CVAL, INTID from ICC_IAR1_EL1, running priority while active and after EOI. */
static volatile int fired;
static volatile u64 cval;
static int irq(int el, int kind, struct frame *f)
{
    u64 iar = gic_ack();
    u64 now = RD(cntvct_el0);
    puts("IRQ at EL");
    putdec(el);
    kv("INTID", iar & 0xffffff);
    kv("CTL", RD(cntv_ctl_el0));
    kv("not early", now >= cval);
    kv("RPR", RD(S3_0_C12_C11_3));
    WR(cntv_ctl_el0, 0);
    gic_eoi(iar);
    kv("RPR after EOI", RD(S3_0_C12_C11_3));
    newline();
    fired = 1;
    return 1;
}
static u64 el1(u64 a)
{
    gic_cpu_on();
    gic_enable_ppi(0, 27, 0xa0);
    cval = RD(cntvct_el0) + 20000;
    WR(cntv_cval_el0, cval);
    WR(cntv_ctl_el0, 1);
    ISB();
    kv("CTL before", RD(cntv_ctl_el0));
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
    call_at(1, el1, 0, 0);
}
