/* Timer latency in the spirit of cyclictest: CPU 0 programs the virtual timer for a periodic
 * deadline every PERIOD_US and its interrupt handler records now - deadline, then programs the
 * next deadline (absolute, so lateness does not accumulate). Min/avg/max/p99 and a histogram.
 *
 * With INTERFERENCE (timer_latency_interference): CPU 0 runs background work instead of sleeping
 * between deadlines, and CPU 1 wakes every 37 us on its own timer, reads the distributor and
 * sends CPU 0 an SGI whose handler computes for about 3 us with interrupts masked: a timer that
 * expires meanwhile is late, as on a loaded system. */
#include "rt.h"

#define PERIOD_US 100
#ifdef INTERFERENCE
#define SAMPLES 500
#define NAME "timer_latency_interference"
#else
#define SAMPLES 1000
#define NAME "timer_latency"
#endif
#define SGI_NOISE 3
#define NOISE_PERIOD_US 37

static struct latency lat;
static volatile u64 deadline;
static volatile u32 samples;
static u64 period;

static void on_timer(u32 intid)
{
    (void)intid;
    u64 t = now();
    lat_add(&lat, t - deadline);
    samples++;
    if (samples < SAMPLES) {
        deadline += period;
        WR(cntv_cval_el0, deadline);
        /* Re-enabled and unmasked as Linux's set_next_event does: a hypervisor may have masked
         * the timer when it took its interrupt (Xen's vtimer_interrupt sets IMASK). */
        WR(cntv_ctl_el0, 1);
    } else {
        WR(cntv_ctl_el0, 0);
    }
}

#ifdef INTERFERENCE
static volatile u64 noise_sink;

static void on_noise(u32 intid)
{
    (void)intid;
    u64 x = noise_sink;
    for (int i = 0; i < 1200; i++) {
        x = x * 6364136223846793005UL + 1442695040888963407UL;
    }
    noise_sink = x;
}

static u64 noise_deadline;

static void on_cpu1_timer(u32 intid)
{
    (void)intid;
    u32 s = 0;
    for (int i = 0; i < 32; i++) {
        s += MMIO32(GICD + 0x4);             /* GICD_TYPER */
    }
    noise_sink += s;
    send_sgi(SGI_NOISE, 0);
    noise_deadline += NOISE_PERIOD_US * ticks_per_us();
    WR(cntv_cval_el0, noise_deadline);
    WR(cntv_ctl_el0, 1);                     /* unmasked again, see on_timer */
}

static void cpu1(int cpu)
{
    (void)cpu;
    gic_enable(PPI_VTIMER, on_cpu1_timer);
    noise_deadline = now() + NOISE_PERIOD_US * ticks_per_us();
    WR(cntv_cval_el0, noise_deadline);
    WR(cntv_ctl_el0, 1);
    IRQ_ON();
    for (;;) {
        WFI();
    }
}
#endif

void workload_main(void)
{
    period = PERIOD_US * ticks_per_us();
    gic_enable(PPI_VTIMER, on_timer);
#ifdef INTERFERENCE
    gic_enable(SGI_NOISE, on_noise);
    start_cpu(1, cpu1);
#endif
    deadline = now() + period;
    WR(cntv_cval_el0, deadline);
    WR(cntv_ctl_el0, 1);
    IRQ_ON();
    while (samples < SAMPLES) {
#ifdef INTERFERENCE
        u64 x = 1;
        for (int i = 0; i < 100; i++) {      /* background work: preemptible */
            x = x * 3 + (u64)i;
        }
        noise_sink += x;
#else
        WFI();
#endif
    }
    IRQ_OFF();
    lat_report(&lat, NAME);
}
