/* The integer CPU kernel of ../common/dhry_kernel.h (in the spirit of Dhrystone, our own code).
 * Reported as nanoseconds and cycles per loop and as loops per second; the checksum line proves
 * the work was done and is the same everywhere. */
#include "rt.h"

#define LOOPS 20000

#include "dhry_kernel.h"

void workload_main(void)
{
    dhry_init();
    u64 check = 0;
    u64 t0 = now(), c0 = cycles();
    for (int i = 0; i < LOOPS; i++) {
        check = dhry_loop(i, check);
    }
    u64 c1 = cycles(), t1 = now();
    u64 ps = (t1 - t0) * ps_per_tick();
    result("dhrystone_loop", "ns", "lower", ps / LOOPS);
    result("dhrystone_loop_cycles", "cycles", "lower", (c1 - c0) * 1000 / LOOPS);
    result("dhrystone_rate", "loops/s", "higher", ps ? (u64)LOOPS * 1000000000000UL / ps * 1000 : 0);
    puts("INFO checksum=");
    putu(check);
    puts("\n");
}
