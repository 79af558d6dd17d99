#include "xen.h"

#define ROUNDS 50

#ifdef PING
/* dom0: an unbound port for domain 1; wait for its hello, then time ROUNDS round trips. */
int main(void)
{
    map_shared_info();
    gic_init(0x51b00000UL);
    int port = evtchn_alloc_unbound(1);
    xputs("ping: port ");
    xputu((u64)port);
    xputs("\n");
    wait_event(port);
    u64 total = 0;
    for (int i = 0; i < ROUNDS; i++) {
        u64 t0 = cntvct();
        evtchn_send(port);
        wait_event(port);
        total += cntvct() - t0;
    }
    xputs("ping: rounds ");
    xputu(ROUNDS);
    xputs(" ticks ");
    xputu(total);
    xputs("\n");
    return 0;
}
#else
/* domain 1: bind to dom0's port 1 (retrying until it exists), say hello, answer every event. */
int main(void)
{
    map_shared_info();
    gic_init(0x03020000UL);
    int port;
    while ((port = evtchn_bind_interdomain(0, 1)) < 0)
        hypercall(HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0);
    xputs("pong: bound port ");
    xputu((u64)port);
    xputs("\n");
    evtchn_send(port);
    for (;;) {
        wait_event(port);
        evtchn_send(port);
    }
}
#endif
