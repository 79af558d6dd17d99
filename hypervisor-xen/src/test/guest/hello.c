#include "xen.h"

/* A domU that says hello through console_io and powers off (start.S calls SYSTEM_OFF). */
int main(void)
{
    xputs("hello from a domU\n");
    return 0;
}
