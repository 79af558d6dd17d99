#include "hv.h"
/* Illegal exception returns (ERET to a higher EL, to EL2 when it is disabled, with a reserved M):
 * PSTATE.IL is set and the next instruction takes an Illegal Execution state exception (EC 0x0E). */
extern char illegal_target[];
static u64 el2(u64 a)
{
    /* ERET from EL2 with SPSR.M = EL3h: an illegal return, to ELR at EL2 with PSTATE.IL. */
    __asm__ volatile(
        "adr x9, 1f\n msr elr_el2, x9\n msr spsr_el2, %0\n isb\n eret\n"
        "1: nop\n" ::"r"(a) : "x9", "memory");
    return 0;
}
static u64 el1(u64 a)
{
    __asm__ volatile(
        "adr x9, 1f\n msr elr_el1, x9\n msr spsr_el1, %0\n isb\n eret\n"
        "1: nop\n" ::"r"(a) : "x9", "memory");
    return 0;
}
void test_main(void)
{
    line("EL2 -> EL3h");
    call_at(2, el2, 0x3cd, 0);
    line("EL2 -> reserved M (EL2 with bit 1)");
    call_at(2, el2, 0x3cb, 0);
    line("EL1 -> EL2h");
    call_at(1, el1, 0x3c9, 0);
    line("EL1 -> EL1h with SPSR.M[4] set (AArch32: not on hvlab, so only EL1 with a bad mode)");
    call_at(1, el1, 0x3c6, 0);
}
