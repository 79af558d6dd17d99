#include "hv.h"
/* Exceptions taken from the current EL with SP_EL0 selected (SPSel = 0) use the "current EL with
 * SP0" vectors (offset 0x000) and SPSR.M = ELxt; at EL1 and EL2. */
static int sp0_hook(int el, int kind, struct frame *f)
{
    puts("EL");
    putdec(el);
    kv("vector", kind);
    kv("ESR", esr_el(el));
    kv("SPSR", spsr_el(el));
    newline();
    set_elr(el, elr_el(el) + 4);
    return 1;
}
static u64 el1(u64 a)
{
    __asm__ volatile("mov x9, sp\n msr spsel, #0\n mov sp, x9\n brk #1\n msr spsel, #1" ::: "x9", "memory");
    return 0;
}
void test_main(void)
{
    sync_hook = sp0_hook;
    call_at(1, el1, 0, 0);
    call_at(2, el1, 0, 0);
    sync_hook = 0;
}
