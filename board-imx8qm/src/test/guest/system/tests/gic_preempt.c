#include "hv.h"
#include "gic.h"
/* Priority preemption: SGI 1 (priority 0xc0) is active when SGI 2 (0x40) arrives; with IRQs
 * unmasked in the handler SGI 2 preempts, SGI 3 (0xc0, equal) does not until the first EOI. The
 * running priority and ICC_AP1R0 follow the nesting. */
static volatile int depth;
static int irq(int el, int kind, struct frame *f)
{
    u64 iar = gic_ack();
    depth++;
    puts("enter");
    kv("INTID", iar);
    kv("depth", depth);
    kv("RPR", RD(S3_0_C12_C11_3));
    kv("AP1R0", RD(S3_0_C12_C9_0));
    newline();
    if (iar == 1) {
        gic_sgi_self(3);
        gic_sgi_self(2);
        __asm__ volatile("msr daifclr, #2\n isb\n nop\n nop\n msr daifset, #2");
    }
    puts("exit");
    kv("INTID", iar);
    newline();
    gic_eoi(iar);
    depth--;
    return 1;
}
static u64 el1(u64 a)
{
    gic_cpu_on();
    gic_enable_ppi(0, 1, 0xc0);
    gic_enable_ppi(0, 2, 0x40);
    gic_enable_ppi(0, 3, 0xc0);
    gic_sgi_self(1);
    __asm__ volatile("msr daifclr, #2\n isb\n nop\n nop\n nop\n msr daifset, #2");
    kv("RPR idle", RD(S3_0_C12_C11_3));
    newline();
    return 0;
}
void test_main(void)
{
    gic_init_el3(0);
    irq_hook = irq;
    call_at(1, el1, 0, 0);
}
