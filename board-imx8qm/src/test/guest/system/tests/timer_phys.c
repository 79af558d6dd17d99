#include "hv.h"
#include "gic.h"
/* The EL1 physical timer (CNTP, PPI 30) programmed through TVAL: IRQ at EL1 once the counter
 * reaches the compare value, TVAL negative afterwards, IMASK keeps ISTATUS but drops the IRQ. */
static volatile int fired;
static int irq(int el, int kind, struct frame *f)
{
    u64 iar = gic_ack();
    puts("IRQ at EL");
    putdec(el);
    kv("INTID", iar & 0xffffff);
    kv("CTL", RD(cntp_ctl_el0));
    kv("not early", RD(cntpct_el0) >= RD(cntp_cval_el0));
    kv("TVAL<0", (RD(cntp_tval_el0) >> 31) & 1);
    newline();
    WR(cntp_ctl_el0, 3); /* IMASK */
    ISB();
    kv("masked CTL", RD(cntp_ctl_el0));
    kv("pending", (MMIO32(GICR_SGI(0) + GICR_ISPENDR0) >> 30) & 1);
    newline();
    WR(cntp_ctl_el0, 0);
    gic_eoi(iar);
    fired = 1;
    return 1;
}
static u64 el1(u64 a)
{
    gic_cpu_on();
    gic_enable_ppi(0, 30, 0xa0);
    WR(cntp_tval_el0, 30000);
    WR(cntp_ctl_el0, 1);
    ISB();
    kv("CTL before", RD(cntp_ctl_el0));
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
