/* The bare-metal workload runtime: what a minimal guest kernel on the i.MX 8QM provides
 * (console on LPUART0, GICv3 CPU interface, virtual timer, PSCI through SMC, the PMU cycle
 * counter) and the result lines the runner parses (docs/WORKLOADS.md). Every workload defines
 * workload_main(), run on CPU 0 at EL1. */
#ifndef RT_H
#define RT_H
typedef unsigned long u64;
typedef long s64;
typedef unsigned int u32;
typedef unsigned char u8;

#define RD(r) ({ u64 __v; __asm__ volatile("mrs %0, " #r : "=r"(__v) :: "memory"); __v; })
#define WR(r, v) __asm__ volatile("msr " #r ", %0" :: "r"((u64)(v)) : "memory")
#define ISB() __asm__ volatile("isb" ::: "memory")
#define DSB() __asm__ volatile("dsb sy" ::: "memory")
#define MMIO32(a) (*(volatile u32 *)(u64)(a))
#define MMIO64(a) (*(volatile u64 *)(u64)(a))
#define IRQ_ON() __asm__ volatile("msr daifclr, #2" ::: "memory")
#define IRQ_OFF() __asm__ volatile("msr daifset, #2" ::: "memory")
#define WFI() __asm__ volatile("wfi" ::: "memory")

#ifdef LAYOUT_XEN_DOMU
/* Xen's domU guest layout (xen/include/public/arch-arm.h): GUEST_GICV3_GICD_BASE,
 * GUEST_GICV3_GICR0_BASE, GUEST_PL011_BASE (vpl011, an SBSA UART); vCPU n has MPIDR Aff0 = n % 16,
 * Aff1 = n / 16 (vcpuid_to_vaffinity). */
#define VPL011 0x22000000UL
#define CONSOLE_ID (VPL011 + 0xfe0) /* UARTPeriphID0 */
#define GICD 0x03001000UL
#define GICR_BASE 0x03020000UL
#define CPUS_PER_CLUSTER 16
#else
/* The i.MX 8QM memory map (board-imx8qm's imx8qm.json): 4 cores per Aff1 cluster. */
#define LPUART0 0x5a060000UL
#define CONSOLE_ID LPUART0 /* VERID */
#define GICD 0x51a00000UL
#define GICR_BASE 0x51b00000UL
#define CPUS_PER_CLUSTER 4
#endif
#define GICR_STRIDE 0x20000UL

#define PPI_VTIMER 27
#define MAX_CPUS 8

/* The EL the image was entered at (2: it installed its own EL2 vectors, see start.S; 1: none). */
extern u64 entry_el;

void putc(char c);
void puts(const char *s);
void putu(u64 v);
/* A fixed-point number with three decimals: v / 1000. */
void putmilli(u64 v);

/* RESULT name=NAME unit=UNIT better=lower|higher value=V (V = milli / 1000, three decimals). */
void result(const char *name, const char *unit, const char *better, u64 milli);
/* SKIP name=NAME reason=TEXT: a metric this environment cannot measure. */
void skip(const char *name, const char *reason);
/* HIST name=NAME unit=UNIT width=W counts=C0,C1,...: bucket i holds [i*W, (i+1)*W), the last one
 * everything above. */
void hist(const char *name, const char *unit, u64 width_milli, const u32 *counts, int n);
/* Prints DONE and powers the machine off (PSCI SYSTEM_OFF). */
void finish(void) __attribute__((noreturn));
void fail(const char *why) __attribute__((noreturn));

/* This CPU's linear index (Aff1 * CPUS_PER_CLUSTER + Aff0). */
int cpu_id(void);
/* PSCI CPU_ON of the CPU with linear index cpu; it runs fn(cpu) at EL1 with its GIC interface on. */
void start_cpu(int cpu, void (*fn)(int));

/* GIC: this CPU's interface on, an SGI/PPI enabled, an SGI sent to a CPU. */
typedef void (*irq_fn)(u32 intid);
void gic_cpu_init(void);
void gic_enable(int intid, irq_fn handler);
void send_sgi(int intid, int cpu);
u64 gicr_sgi_frame(int cpu);

/* Time: the virtual counter, its frequency, picoseconds per tick. The PMU cycle counter. */
static inline u64 now(void) { u64 v; __asm__ volatile("isb\n mrs %0, cntvct_el0" : "=r"(v) :: "memory"); return v; }
static inline u64 cycles(void) { u64 v; __asm__ volatile("isb\n mrs %0, pmccntr_el0" : "=r"(v) :: "memory"); return v; }
u64 ps_per_tick(void);
u64 ticks_per_us(void);


/* HVC #0 with X0 = fn; returns X0. Without EL2 software it is UNDEFINED at EL1: the exception is
 * skipped and hvc_undefined set. */
u64 hvc_call(u64 fn);
extern volatile u64 hvc_undefined;

/* Latency samples in counter ticks: min/avg/max/p99 and a histogram of one tick per bucket. */
#define LAT_BUCKETS 64
struct latency {
    u64 n, sum, min, max;
    u32 bucket[LAT_BUCKETS];
};
void lat_add(struct latency *l, u64 ticks);
/* RESULT NAME_min/_avg/_max/_p99 in ns, and HIST NAME. */
void lat_report(const struct latency *l, const char *name);
#endif
