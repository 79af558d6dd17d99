#include "xen.h"

static void put_result(const char *name, long v)
{
    xputs(name);
    xputs("=");
    if (v < 0) {
        xputs("-");
        v = -v;
    }
    xputu((u64)v);
    xputs("\n");
}

static void sgi_self(int intid)
{
    __asm__ volatile("msr icc_sgi1r_el1, %0\n isb" :: "r"(((u64)intid << 24) | 1UL));
}

/* Hypercall dispatch, then list register overflow: six SGIs to itself with IRQs masked. */
int main(void)
{
    put_result("xen_version", hypercall(HYPERVISOR_xen_version, 0, 0, 0));
    put_result("unknown", hypercall(99, 0, 0, 0));
    put_result("yield", hypercall(HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0));
    put_result("send_bad_port", evtchn_send(4000));
    put_result("alloc_to_nobody", evtchn_alloc_unbound(77));

    u64 gicr = 0x51b00000UL;
    __asm__ volatile("msr icc_pmr_el1, %0\n msr icc_igrpen1_el1, %1\n isb" :: "r"(0xffUL), "r"(1UL));
    for (int i = 1; i <= 6; i++)
        ((volatile u8 *)(gicr + 0x10000 + 0x400))[i] = (u8)(0x80 + i * 8);
    *(volatile u32 *)(gicr + 0x10000 + 0x100) = 0x7e;
    for (int i = 1; i <= 6; i++)
        sgi_self(i);
    int got = 0;
    u64 order = 0;
    while (got < 6) {
        u64 iar;
        __asm__ volatile("mrs %0, icc_iar1_el1" : "=r"(iar));
        iar &= 0xffffff;
        if (iar == 1023) {
            __asm__ volatile("wfi");
            continue;
        }
        __asm__ volatile("msr icc_eoir1_el1, %0\n isb" :: "r"(iar));
        order = order * 10 + iar;
        got++;
    }
    put_result("sgis", got);
    put_result("order", (long)order);
    return 0;
}
