#include "hv.h"
#include "gic.h"
/* SGIs to self through ICC_SGI1R_EL1 at EL1: pending state, HPPIR1, PMR masking (pending but not
 * taken), IAR1/EOIR1, the spurious INTID 1023 when nothing is pending. */
static volatile int taken;
static int irq(int el, int kind, struct frame *f)
{
    u64 iar = gic_ack();
    kv("IRQ INTID", iar);
    kv("RPR", RD(S3_0_C12_C11_3));
    kv("IAR again", gic_ack());
    gic_eoi(iar);
    newline();
    taken++;
    return 1;
}
static u64 el1(u64 a)
{
    gic_cpu_on();
    gic_enable_ppi(0, 5, 0xa0);
    gic_enable_ppi(0, 6, 0xa0);
    kv("IAR idle", gic_ack());
    kv("HPPIR idle", RD(S3_0_C12_C12_2));
    newline();
    WR(S3_0_C4_C6_0, 0xa0); /* PMR at the SGI's priority: masked */
    ISB();
    gic_sgi_self(5);
    kv("pending", MMIO32(GICR_SGI(0) + GICR_ISPENDR0) & 0xff);
    kv("HPPIR", RD(S3_0_C12_C12_2));
    newline();
    __asm__ volatile("msr daifclr, #2\n isb\n nop\n nop\n msr daifset, #2");
    kv("taken while masked", taken);
    newline();
    WR(S3_0_C4_C6_0, 0xff);
    ISB();
    __asm__ volatile("msr daifclr, #2\n isb\n nop\n nop\n msr daifset, #2");
    kv("taken", taken);
    newline();
    line("SGI 6 with IRM = 1 (all but self): not to this CPU");
    WR(S3_0_C12_C11_5, (6UL << 24) | (1UL << 40));
    ISB();
    kv("pending", MMIO32(GICR_SGI(0) + GICR_ISPENDR0) & 0xff);
    newline();
    return 0;
}
void test_main(void)
{
    gic_init_el3(0);
    irq_hook = irq;
    call_at(1, el1, 0, 0);
}
