#include "xen.h"

/* A domU that computes for a while, so that it holds its pCPU across many of the machine's
 * quanta (six of them at once fill six pCPUs), then says so and powers off. */
int main(void)
{
    volatile u64 sum = 0;
    for (u64 i = 0; i < 200000; i++)
        sum += i;
    xputs("spun\n");
    return 0;
}
