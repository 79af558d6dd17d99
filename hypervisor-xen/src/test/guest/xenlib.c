#include "xen.h"

/* The page the shared info frame is mapped over (XENMEM_add_to_physmap). */
static volatile u8 shared_page[4096] __attribute__((aligned(4096)));

#define VCPU0_UPCALL_PENDING (*(volatile u8 *)(shared_page + 0))
#define VCPU0_PENDING_SEL (*(volatile u64 *)(shared_page + 8))
#define EVTCHN_PENDING(w) (*(volatile u64 *)(shared_page + 2048 + 8 * (w)))

void xputs(const char *s)
{
    long n = 0;
    while (s[n])
        n++;
    hypercall(HYPERVISOR_console_io, 0, n, (long)s);
}

void xputu(u64 v)
{
    char b[24];
    int i = 23;
    b[i] = 0;
    do {
        b[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    xputs(&b[i]);
}

void map_shared_info(void)
{
    struct { u16 domid; u16 size; u32 space; u64 idx; u64 gpfn; } xatp = {
        DOMID_SELF, 0, 0, 0, ((u64)shared_page) >> 12 };
    if (hypercall(HYPERVISOR_memory_op, XENMEM_add_to_physmap, (long)&xatp, 0) != 0)
        xputs("FAIL add_to_physmap\n");
}

void gic_init(u64 gicr_base)
{
    volatile u32 *sgi = (volatile u32 *)(gicr_base + 0x10000);
    __asm__ volatile("msr icc_pmr_el1, %0\n msr icc_igrpen1_el1, %1\n isb" :: "r"(0xffUL), "r"(1UL));
    ((volatile u8 *)(gicr_base + 0x10000 + 0x400))[31] = 0xa0; /* GICR_IPRIORITYR: PPI 31 */
    sgi[0x100 / 4] = 1u << 31;                                  /* GICR_ISENABLER0 */
}

int evtchn_alloc_unbound(int remote_dom)
{
    struct { u16 dom; u16 remote_dom; u32 port; } a = { DOMID_SELF, (u16)remote_dom, 0 };
    long r = hypercall(HYPERVISOR_event_channel_op, EVTCHNOP_alloc_unbound, (long)&a, 0);
    return r ? (int)r : (int)a.port;
}

int evtchn_bind_interdomain(int remote_dom, int remote_port)
{
    struct { u16 remote_dom; u16 pad; u32 remote_port; u32 local_port; } b = { (u16)remote_dom, 0, (u32)remote_port, 0 };
    long r = hypercall(HYPERVISOR_event_channel_op, EVTCHNOP_bind_interdomain, (long)&b, 0);
    return r ? (int)r : (int)b.local_port;
}

int evtchn_send(int port)
{
    u32 p = (u32)port;
    return (int)hypercall(HYPERVISOR_event_channel_op, EVTCHNOP_send, (long)&p, 0);
}

/* Sleeps in WFI (IRQs masked) until the port is pending; acknowledges the upcall PPI. */
void wait_event(int port)
{
    u64 bit = 1UL << (port % 64);
    for (;;) {
        u64 iar;
        __asm__ volatile("mrs %0, icc_iar1_el1" : "=r"(iar));
        if ((iar & 0xffffff) != 1023) {
            __asm__ volatile("msr icc_eoir1_el1, %0\n isb" :: "r"(iar));
        }
        VCPU0_UPCALL_PENDING = 0;
        __atomic_exchange_n(&VCPU0_PENDING_SEL, 0, __ATOMIC_SEQ_CST);
        if (EVTCHN_PENDING(port / 64) & bit) {
            __atomic_fetch_and(&EVTCHN_PENDING(port / 64), ~bit, __ATOMIC_SEQ_CST);
            return;
        }
        __asm__ volatile("wfi");
    }
}

void system_off(void)
{
    smc(0x84000008L, 0, 0, 0);
    for (;;)
        __asm__ volatile("wfi");
}
