#include "hv.h"
/* PC alignment (EC 0x22, FAR = the target) by BR to a misaligned address at EL1, EL0 and EL2.
 * SP alignment (EC 0x26, SCTLR_ELx.SA/SA0) is left out: QEMU 7.2 does not check it (see the
 * README); hvlab's check is unit-tested (MmuSystemTest). */
static u64 br_bad(u64 a)
{
    void (*f)(void) = (void (*)(void))(a);
    f();
    return 0;
}
static u64 el1_el0(u64 a) { call_at(0, br_bad, 0x40000002, 0); return 0; }
void test_main(void)
{
    call_at(1, br_bad, 0x40000006, 0);
    call_at(1, el1_el0, 0, 0);
    call_at(2, br_bad, 0x4000000a, 0);
}
