/* Trap-path micro-benchmarks in the style of kvm-unit-tests' arm micro-bench: each operation is
 * repeated ITERS times between two reads of the virtual counter and of the PMU cycle counter, and
 * reported as nanoseconds and cycles per operation. Natively (entered at EL2, see start.S) the
 * null hypercall is the image's own trivial EL2 round trip; under a hypervisor every operation
 * is whatever path the hypervisor takes for it. */
#include "rt.h"

#define ITERS 10000
#define IPI_ITERS 1000
#define TIMER_ITERS 1000
#define SGI_PING 1
#define SMCCC_VERSION 0x80000000UL

static volatile u32 acks;
static volatile u32 timer_fired;

static void report(const char *name, const char *cyc_name, u64 t0, u64 t1, u64 c0, u64 c1, u64 n)
{
    result(name, "ns", "lower", (t1 - t0) * ps_per_tick() / n);
    result(cyc_name, "cycles", "lower", (c1 - c0) * 1000 / n);
}

static void bench_hvc(void)
{
    hvc_undefined = 0;
    hvc_call(SMCCC_VERSION);
    if (hvc_undefined) {
        skip("hvc", "HVC is UNDEFINED at EL1: no EL2 software (entered at EL1)");
        skip("hvc_cycles", "HVC is UNDEFINED at EL1: no EL2 software (entered at EL1)");
        return;
    }
    u64 t0 = now(), c0 = cycles();
    for (int i = 0; i < ITERS; i++) {
        hvc_call(SMCCC_VERSION);
    }
    u64 c1 = cycles(), t1 = now();
    report("hvc", "hvc_cycles", t0, t1, c0, c1, ITERS);
}

/* A read of an MMIO device register: the console UART's ID register (CONSOLE_ID, rt.h; an
 * emulated device under a hypervisor that traps the console). */
static void bench_mmio(void)
{
    u32 sink = 0;
    u64 t0 = now(), c0 = cycles();
    for (int i = 0; i < ITERS; i++) {
        sink += MMIO32(CONSOLE_ID);
    }
    u64 c1 = cycles(), t1 = now();
    (void)sink;
    report("mmio_read", "mmio_read_cycles", t0, t1, c0, c1, ITERS);
}

/* A read of GICD_IIDR: the interrupt controller's distributor, which hypervisors emulate. */
static void bench_gicd(void)
{
    u32 sink = 0;
    u64 t0 = now(), c0 = cycles();
    for (int i = 0; i < ITERS; i++) {
        sink += MMIO32(GICD + 0x8);
    }
    u64 c1 = cycles(), t1 = now();
    (void)sink;
    report("gicd_read", "gicd_read_cycles", t0, t1, c0, c1, ITERS);
}

/* An EOI of INTID 1023 (spurious: ignored by the CPU interface), as micro-bench does: the cost of
 * the EOI register access itself, virtual (ICV_EOIR1_EL1) under a hypervisor with a vGIC. */
static void bench_eoi(void)
{
    u64 t0 = now(), c0 = cycles();
    for (int i = 0; i < ITERS; i++) {
        WR(S3_0_C12_C12_1, 1023);
        ISB();
    }
    u64 c1 = cycles(), t1 = now();
    report("eoi", "eoi_cycles", t0, t1, c0, c1, ITERS);
}

static void ping(u32 intid)
{
    (void)intid;
    acks++;
}

static void cpu1_ping_server(int cpu)
{
    (void)cpu;
    gic_enable(SGI_PING, ping);
    IRQ_ON();
    for (;;) {
        WFI();
    }
}

/* SGI to CPU 1 and wait until its handler has acknowledged it. */
static void bench_ipi(void)
{
    start_cpu(1, cpu1_ping_server);
    /* CPU 1 enables its SGI before it can take one; give it time to get there. */
    u64 warm = acks;
    while (acks == warm) {
        send_sgi(SGI_PING, 1);
        for (u64 t = now(); now() - t < ticks_per_us() * 10;) {
        }
    }
    u64 t0 = now(), c0 = cycles();
    for (u32 i = 0; i < IPI_ITERS; i++) {
        u32 want = acks + 1;
        send_sgi(SGI_PING, 1);
        while (acks != want) {
        }
    }
    u64 c1 = cycles(), t1 = now();
    report("ipi", "ipi_cycles", t0, t1, c0, c1, IPI_ITERS);
}

static void timer_irq(u32 intid)
{
    (void)intid;
    WR(cntv_ctl_el0, 0);
    timer_fired++;
}

/* A virtual timer interrupt due at once: set, taken, handled, EOI'd. */
static void bench_timer(void)
{
    gic_enable(PPI_VTIMER, timer_irq);
    u64 t0 = now(), c0 = cycles();
    for (u32 i = 0; i < TIMER_ITERS; i++) {
        WR(cntv_cval_el0, 0);
        WR(cntv_ctl_el0, 1);
        ISB();
        IRQ_ON();
        while (timer_fired == i) {
            WFI();
        }
        IRQ_OFF();
    }
    u64 c1 = cycles(), t1 = now();
    report("timer_irq", "timer_irq_cycles", t0, t1, c0, c1, TIMER_ITERS);
}

void workload_main(void)
{
    bench_hvc();
    bench_mmio();
    bench_gicd();
    bench_eoi();
    bench_timer();
    bench_ipi();
}
