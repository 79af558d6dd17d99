#include "xen.h"

#define SAMPLES 40
#define PERIOD 800 /* ticks of 125 ns: 100 us */

/* A virtual timer deadline every 100 us, waited for in WFI; latency = CNTVCT - CVAL when taken. */
int main(void)
{
    gic_init(0x51b00000UL);
    ((volatile u8 *)(0x51b00000UL + 0x10000 + 0x400))[27] = 0xa0;
    *(volatile u32 *)(0x51b00000UL + 0x10000 + 0x100) = 1u << 27;
    u64 deadline = cntvct() + PERIOD;
    u64 total = 0, max = 0;
    for (int i = 0; i < SAMPLES; i++) {
        __asm__ volatile("msr cntv_cval_el0, %0\n msr cntv_ctl_el0, %1\n isb" :: "r"(deadline), "r"(1UL));
        for (;;) {
            __asm__ volatile("wfi");
            u64 iar;
            __asm__ volatile("mrs %0, icc_iar1_el1" : "=r"(iar));
            if ((iar & 0xffffff) == 27) {
                u64 late = cntvct() - deadline;
                __asm__ volatile("msr cntv_ctl_el0, xzr\n msr icc_eoir1_el1, %0\n isb" :: "r"(iar));
                total += late;
                if (late > max)
                    max = late;
                break;
            }
            if ((iar & 0xffffff) != 1023)
                __asm__ volatile("msr icc_eoir1_el1, %0" :: "r"(iar));
        }
        deadline += PERIOD;
    }
    xputs("timer: samples ");
    xputu(SAMPLES);
    xputs(" total ");
    xputu(total);
    xputs(" max ");
    xputu(max);
    xputs("\n");
    return 0;
}
