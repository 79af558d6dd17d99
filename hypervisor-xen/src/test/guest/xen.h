/* The Xen hypercall ABI subset the test guests use (xen/include/public). */
#ifndef XEN_H
#define XEN_H
typedef unsigned long u64;
typedef long s64;
typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;

#define DOMID_SELF 0x7ff0
#define HYPERVISOR_memory_op 12
#define HYPERVISOR_xen_version 17
#define HYPERVISOR_console_io 18
#define HYPERVISOR_sched_op 29
#define HYPERVISOR_event_channel_op 32
#define SCHEDOP_yield 0
#define SCHEDOP_block 1
#define SCHEDOP_shutdown 2
#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_send 4
#define EVTCHNOP_alloc_unbound 6
#define XENMEM_add_to_physmap 7

static inline long hypercall(long nr, long a0, long a1, long a2)
{
    register long x0 __asm__("x0") = a0;
    register long x1 __asm__("x1") = a1;
    register long x2 __asm__("x2") = a2;
    register long x16 __asm__("x16") = nr;
    __asm__ volatile("hvc #0xea1" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x16) : "memory");
    return x0;
}

static inline long smc(long fn, long a1, long a2, long a3)
{
    register long x0 __asm__("x0") = fn;
    register long x1 __asm__("x1") = a1;
    register long x2 __asm__("x2") = a2;
    register long x3 __asm__("x3") = a3;
    __asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) :: "memory");
    return x0;
}

static inline u64 cntvct(void)
{
    u64 v;
    __asm__ volatile("isb\n mrs %0, cntvct_el0" : "=r"(v) :: "memory");
    return v;
}

void xputs(const char *s);
void xputu(u64 v);
void map_shared_info(void);
void gic_init(u64 gicr_base);
int evtchn_alloc_unbound(int remote_dom);
int evtchn_bind_interdomain(int remote_dom, int remote_port);
int evtchn_send(int port);
void wait_event(int port);
void system_off(void);
#endif
