/* IPI latency as the thesis measured it: CPU 0 records the virtual counter and sends SGI 2 to
 * CPU 1, whose handler records the arrival; the difference over SAMPLES rounds, min/avg/max/p99 and
 * a histogram. Between rounds CPU 0 waits a varying number of microseconds so that the sends fall
 * at different points of the machine's scheduling. */
#include "rt.h"

#define SAMPLES 1000
#define SGI_IPI 2

static volatile u64 sent_at;
static volatile u32 received;
static struct latency lat;

static void on_ipi(u32 intid)
{
    (void)intid;
    lat_add(&lat, now() - sent_at);
    received++;
}

static void cpu1(int cpu)
{
    (void)cpu;
    gic_enable(SGI_IPI, on_ipi);
    IRQ_ON();
    for (;;) {
        WFI();
    }
}

void workload_main(void)
{
    start_cpu(1, cpu1);
    /* Wait until CPU 1 takes SGIs (it enables its SGI after it is online); not measured. */
    sent_at = now();
    while (received == 0) {
        sent_at = now();
        send_sgi(SGI_IPI, 1);
        for (u64 t = now(); now() - t < ticks_per_us() * 10;) {
        }
    }
    lat = (struct latency){0};
    received = 0;
    for (u32 i = 0; i < SAMPLES; i++) {
        for (u64 t = now(); now() - t < ticks_per_us() * (1 + i * 7 % 13);) {
        }
        sent_at = now();
        DSB();
        send_sgi(SGI_IPI, 1);
        while (received != i + 1) {
        }
    }
    lat_report(&lat, "ipi_latency");
}
