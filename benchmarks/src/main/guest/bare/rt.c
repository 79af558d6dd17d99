#include "rt.h"

#define UART_STAT 0x14
#define UART_CTRL 0x18
#define UART_DATA 0x1c
#define STAT_TDRE (1u << 23)
#define CTRL_TE (1u << 19)

#define PSCI_CPU_ON 0xc4000003UL
#define PSCI_SYSTEM_OFF 0x84000008UL

u64 entry_el;
volatile u64 hvc_undefined;
static irq_fn handlers[MAX_CPUS][32];
static void (*volatile secondary_fn)(int);
static volatile int online[MAX_CPUS];

void workload_main(void);

#ifdef VPL011
#define UARTDR 0x00
#define UARTFR 0x18
#define FR_TXFF (1u << 5)

void putc(char c)
{
    while (MMIO32(VPL011 + UARTFR) & FR_TXFF) {
    }
    MMIO32(VPL011 + UARTDR) = (u8)c;
}
#else
void putc(char c)
{
    while (!(MMIO32(LPUART0 + UART_STAT) & STAT_TDRE)) {
    }
    MMIO32(LPUART0 + UART_DATA) = (u8)c;
}
#endif

void puts(const char *s)
{
    while (*s) {
        if (*s == '\n') {
            putc('\r');
        }
        putc(*s++);
    }
}

void putu(u64 v)
{
    char b[24];
    int i = 0;
    do {
        b[i++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (i) {
        putc(b[--i]);
    }
}

void putmilli(u64 v)
{
    putu(v / 1000);
    putc('.');
    u64 f = v % 1000;
    putc((char)('0' + f / 100));
    putc((char)('0' + f / 10 % 10));
    putc((char)('0' + f % 10));
}

void result(const char *name, const char *unit, const char *better, u64 milli)
{
    puts("RESULT name=");
    puts(name);
    puts(" unit=");
    puts(unit);
    puts(" better=");
    puts(better);
    puts(" value=");
    putmilli(milli);
    puts("\n");
}

void skip(const char *name, const char *reason)
{
    puts("SKIP name=");
    puts(name);
    puts(" reason=");
    puts(reason);
    puts("\n");
}

void hist(const char *name, const char *unit, u64 width_milli, const u32 *counts, int n)
{
    puts("HIST name=");
    puts(name);
    puts(" unit=");
    puts(unit);
    puts(" width=");
    putmilli(width_milli);
    puts(" counts=");
    for (int i = 0; i < n; i++) {
        if (i) {
            putc(',');
        }
        putu(counts[i]);
    }
    puts("\n");
}

static u64 smc(u64 fn, u64 a1, u64 a2, u64 a3)
{
    register u64 x0 __asm__("x0") = fn;
    register u64 x1 __asm__("x1") = a1;
    register u64 x2 __asm__("x2") = a2;
    register u64 x3 __asm__("x3") = a3;
    __asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) :: "memory");
    return x0;
}

void finish(void)
{
    puts("DONE\n");
    for (;;) {
        smc(PSCI_SYSTEM_OFF, 0, 0, 0);
    }
}

void fail(const char *why)
{
    puts("FAIL ");
    puts(why);
    puts("\n");
    finish();
}

static void puthex(u64 v)
{
    puts("0x");
    for (int s = 60; s >= 0; s -= 4) {
        putc("0123456789abcdef"[(v >> s) & 15]);
    }
}

void el1_unexpected(u64 kind, u64 esr, u64 elr)
{
    puts("FAIL unexpected exception at EL1: vector ");
    putu(kind);
    puts(" ESR ");
    puthex(esr);
    puts(" ELR ");
    puthex(elr);
    puts("\n");
    finish();
}

void el2_unexpected(u64 esr, u64 elr)
{
    puts("FAIL unexpected exception at EL2: ESR ");
    puthex(esr);
    puts(" ELR ");
    puthex(elr);
    puts("\n");
    finish();
}

int cpu_id(void)
{
    u64 m = RD(mpidr_el1);
    return (int)((m & 0xff) + ((m >> 8) & 0xff) * CPUS_PER_CLUSTER);
}

static u64 affinity_of(int cpu)
{
    return (u64)((cpu / CPUS_PER_CLUSTER) << 8 | (cpu % CPUS_PER_CLUSTER));
}

/* The redistributor whose GICR_TYPER.Affinity_Value is this CPU's (as a kernel finds its own). */
u64 gicr_sgi_frame(int cpu)
{
    u64 aff = affinity_of(cpu);
    for (u64 f = GICR_BASE;; f += GICR_STRIDE) {
        u64 typer = MMIO64(f + 8);
        if ((typer >> 32) == aff) {
            return f + 0x10000;
        }
        if (typer & (1u << 4)) {
            fail("no redistributor for this CPU");
        }
    }
}

void gic_cpu_init(void)
{
    u64 rd = gicr_sgi_frame(cpu_id()) - 0x10000;
    MMIO32(rd + 0x14) &= ~2u;                 /* GICR_WAKER.ProcessorSleep */
    while (MMIO32(rd + 0x14) & 4u) {          /* ChildrenAsleep */
    }
    WR(S3_0_C12_C12_5, RD(S3_0_C12_C12_5) | 1); /* ICC_SRE_EL1.SRE */
    ISB();
    WR(S3_0_C4_C6_0, 0xff);                   /* ICC_PMR_EL1: every priority */
    WR(S3_0_C12_C12_3, 0);                    /* ICC_BPR1_EL1 */
    WR(S3_0_C12_C12_7, 1);                    /* ICC_IGRPEN1_EL1 */
    ISB();
    /* The PMU cycle counter, counting at EL2 too (PMCCFILTR_EL0.NSH) where it may. */
    WR(pmccfiltr_el0, 1UL << 27);
    WR(pmcr_el0, RD(pmcr_el0) | 1);           /* E */
    WR(pmcntenset_el0, 1UL << 31);
    ISB();
}

void gic_enable(int intid, irq_fn handler)
{
    u64 sgi = gicr_sgi_frame(cpu_id());
    handlers[cpu_id()][intid] = handler;
    MMIO32(sgi + 0x80) |= 1u << intid;        /* GICR_IGROUPR0: Group 1 */
    *(volatile u8 *)(sgi + 0x400 + intid) = 0xa0; /* GICR_IPRIORITYR */
    MMIO32(sgi + 0x100) = 1u << intid;        /* GICR_ISENABLER0 */
    DSB();
}

void send_sgi(int intid, int cpu)
{
    u64 v = ((u64)intid << 24) | ((u64)(cpu / CPUS_PER_CLUSTER) << 16) | (1UL << (cpu % CPUS_PER_CLUSTER));
    WR(S3_0_C12_C11_5, v);                    /* ICC_SGI1R_EL1 */
    ISB();
}

void irq_dispatch(void)
{
    u64 iar = RD(S3_0_C12_C12_0);             /* ICC_IAR1_EL1 */
    u32 intid = (u32)(iar & 0xffffff);
    if (intid >= 1020) {
        return;                               /* spurious */
    }
    irq_fn h = intid < 32 ? handlers[cpu_id()][intid] : 0;
    if (h) {
        h(intid);
    }
    WR(S3_0_C12_C12_1, iar);                  /* ICC_EOIR1_EL1 */
    ISB();
}

u64 ps_per_tick(void)
{
    return 1000000000000UL / RD(cntfrq_el0);
}

u64 ticks_per_us(void)
{
    return RD(cntfrq_el0) / 1000000;
}

void secondary_main(int cpu)
{
    gic_cpu_init();
    online[cpu] = 1;
    DSB();
    secondary_fn(cpu);
    for (;;) {
        WFI();
    }
}

extern char _start[];

void start_cpu(int cpu, void (*fn)(int))
{
    secondary_fn = fn;
    DSB();
    s64 r = (s64)smc(PSCI_CPU_ON, affinity_of(cpu), (u64)_start, 0);
    if (r != 0) {
        fail("PSCI CPU_ON failed");
    }
    while (!online[cpu]) {
    }
}

void rt_main(void)
{
#ifdef LPUART0
    MMIO32(LPUART0 + UART_CTRL) |= CTRL_TE;
#endif
    /* Distributor: affinity routing and Group 1 on (the Non-secure view of GICD_CTLR). */
    MMIO32(GICD) |= (1u << 4) | (1u << 1) | 1u;
    while (MMIO32(GICD) & (1u << 31)) {       /* RWP */
    }
    gic_cpu_init();
    puts("hvlab-workload entry-el=");
    putu(entry_el);
    puts(" cpu=");
    putu((u64)cpu_id());
    puts("\n");
    workload_main();
    finish();
}

void lat_add(struct latency *l, u64 ticks)
{
    if (l->n == 0 || ticks < l->min) {
        l->min = ticks;
    }
    if (ticks > l->max) {
        l->max = ticks;
    }
    l->n++;
    l->sum += ticks;
    l->bucket[ticks < LAT_BUCKETS ? ticks : LAT_BUCKETS - 1]++;
}

static void lat_result(const char *name, const char *suffix, u64 milli)
{
    char full[64];
    int i = 0;
    for (const char *p = name; *p && i < 40; p++) {
        full[i++] = *p;
    }
    for (const char *p = suffix; *p && i < 63; p++) {
        full[i++] = *p;
    }
    full[i] = 0;
    result(full, "ns", "lower", milli);
}

void lat_report(const struct latency *l, const char *name)
{
    u64 ps = ps_per_tick();
    if (l->n == 0) {
        fail("no latency samples");
    }
    /* p99: the 99th percentile sample (nearest rank); exact, buckets being one tick wide, unless
     * it lies in the last, open-ended bucket: then the maximum. */
    u64 rank = (l->n * 99 + 99) / 100, seen = 0, p99 = l->max;
    for (int i = 0; i < LAT_BUCKETS - 1; i++) {
        seen += l->bucket[i];
        if (seen >= rank) {
            p99 = (u64)i;
            break;
        }
    }
    lat_result(name, "_min", l->min * ps);
    lat_result(name, "_avg", l->sum * ps / l->n);
    lat_result(name, "_max", l->max * ps);
    lat_result(name, "_p99", p99 * ps);
    hist(name, "ns", ps, l->bucket, LAT_BUCKETS);
}

/* What the compiler may call for struct assignment and initialisation. */
void *memset(void *d, int c, unsigned long n)
{
    volatile u8 *p = d;
    while (n--) {
        *p++ = (u8)c;
    }
    return d;
}

void *memcpy(void *d, const void *s, unsigned long n)
{
    volatile u8 *p = d;
    const u8 *q = s;
    while (n--) {
        *p++ = *q++;
    }
    return d;
}
