#include "hv.h"
#include "gic.h"
/* ICC_CTLR_EL1.EOImode = 1: EOIR1 drops the running priority but leaves the interrupt active (a
 * second SGI of the same INTID stays pending, not taken), ICC_DIR_EL1 deactivates it. */
static volatile int n;
static volatile u64 last;
static int irq(int el, int kind, struct frame *f)
{
    last = gic_ack();
    kv("IRQ INTID", last);
    gic_eoi(last);
    kv("RPR after EOI", RD(S3_0_C12_C11_3));
    kv("active", MMIO32(GICR_SGI(0) + GICR_ISACTIVER0) & 0xff);
    newline();
    n++;
    return 1;
}
static void pulse(void) { __asm__ volatile("msr daifclr, #2\n isb\n nop\n nop\n msr daifset, #2"); }
static u64 el1(u64 a)
{
    gic_cpu_on();
    WR(S3_0_C12_C12_4, RD(S3_0_C12_C12_4) | 2); /* ICC_CTLR_EL1.EOImode */
    ISB();
    kv("CTLR", RD(S3_0_C12_C12_4) & 2);
    newline();
    gic_enable_ppi(0, 4, 0xa0);
    gic_sgi_self(4);
    pulse();
    gic_sgi_self(4);
    pulse();
    kv("taken", n);
    kv("pending", MMIO32(GICR_SGI(0) + GICR_ISPENDR0) & 0xff);
    newline();
    WR(S3_0_C12_C11_1, last); /* ICC_DIR_EL1 */
    ISB();
    kv("active after DIR", MMIO32(GICR_SGI(0) + GICR_ISACTIVER0) & 0xff);
    newline();
    pulse();
    kv("taken", n);
    newline();
    WR(S3_0_C12_C11_1, last);
    WR(S3_0_C12_C12_4, RD(S3_0_C12_C12_4) & ~2UL);
    ISB();
    return 0;
}
void test_main(void)
{
    gic_init_el3(0);
    /* EOImode of Non-secure EL1 lives in ICC_CTLR_EL3 too: start from 0. */
    irq_hook = irq;
    call_at(1, el1, 0, 0);
}
