#include "hv.h"
/* Virtual IRQ, FIQ and SError from HCR_EL2.VI/VF/VSE (with IMO/FMO/AMO): taken at EL1 at the IRQ,
 * FIQ and SError vectors (current EL, SPx), ISR_EL1 showing them pending; VSE is cleared when the
 * virtual SError is taken. Without IMO, VI has no effect. */
static volatile int taken;
static int async(int el, int kind, struct frame *f)
{
    puts("EL");
    putdec(el);
    kv("vector", kind);
    kv("ISR", RD(isr_el1));
    if ((kind & 3) == 3) {
        kv("ESR", esr_el(el));
    }
    newline();
    /* The virtual IRQ/FIQ stay asserted: return with them masked. */
    set_spsr(el, spsr_el(el) | 0x1c0);
    taken++;
    return 1;
}
static u64 el1(u64 a)
{
    kv("ISR", RD(isr_el1));
    newline();
    __asm__ volatile("msr daifclr, #7\n isb\n nop\n nop" ::: "memory");
    __asm__ volatile("msr daifset, #7" ::: "memory");
    return 0;
}
void test_main(void)
{
    irq_hook = async;
    u64 h = RD(hcr_el2);
    line("VI without IMO");
    WR(hcr_el2, h | (1UL << 7));
    call_at(1, el1, 0, 0);
    line("VI");
    WR(hcr_el2, h | (1UL << 7) | (1UL << 4));
    call_at(1, el1, 0, 0);
    line("VF");
    WR(hcr_el2, h | (1UL << 6) | (1UL << 3));
    call_at(1, el1, 0, 0);
    line("VSE");
    WR(hcr_el2, h | (1UL << 8) | (1UL << 5));
    call_at(1, el1, 0, 0);
    kv("HCR.VSE after", (RD(hcr_el2) >> 8) & 1);
    newline();
    WR(hcr_el2, h);
}
