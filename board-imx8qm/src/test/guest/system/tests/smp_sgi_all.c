#include "hv.h"
#include "gic.h"
/* Six CPUs: CPU 0 releases CPUs 1-5 (PSCI CPU_ON on hvlab, the reset-time wait in the image on
 * QEMU's firmware-less virt, as in smp_sgi), each drops to Non-secure EL1 and waits in WFI with
 * SGI 8 enabled. CPU 0 then sends SGI 8 to each in turn through ICC_SGI1R_EL1's target list and
 * waits for that CPU to take it, and finally sends SGI 9 to every other CPU at once
 * (ICC_SGI1R_EL1.IRM = 1) and waits for all five.
 * SMP: 6 */
#define NCPU 6
static volatile int ready[NCPU], got[NCPU], got_all[NCPU];
static int irq(int el, int kind, struct frame *f)
{
    u64 iar = gic_ack();
    int cpu = (int)(RD(mpidr_el1) & 0xff);
    gic_eoi(iar);
    if ((iar & 0xffffff) == 9) {
        got_all[cpu] = 1;
    } else {
        got[cpu] = (int)iar;
    }
    return 1;
}
static u64 wait_el1(u64 cpu)
{
    gic_cpu_on();
    gic_enable_ppi((int)cpu, 8, 0xa0);
    gic_enable_ppi((int)cpu, 9, 0xa0);
    __asm__ volatile("dsb sy");
    ready[cpu] = 1;
    __asm__ volatile("msr daifclr, #2");
    while (!got[cpu] || !got_all[cpu]) {
        __asm__ volatile("wfi");
    }
    __asm__ volatile("msr daifset, #2");
    return 0;
}
static void secondary(u64 cpu)
{
    if (current_el() == 3) {
        lower_els_init();
        gic_init_el3((int)cpu);
    } else {
        WR(hcr_el2, 1UL << 31);
        WR(cnthctl_el2, 3);
        ISB();
    }
    call_at(1, wait_el1, cpu, 0);
    ready[cpu] = 2;
    for (;;) {
        __asm__ volatile("wfe");
    }
}
static u64 send(u64 cpu)
{
    gic_cpu_on();
    if (cpu == 0) {
        WR(S3_0_C12_C11_5, (9UL << 24) | (1UL << 40)); /* IRM: every PE but this one */
    } else {
        WR(S3_0_C12_C11_5, (8UL << 24) | (1UL << cpu)); /* Aff3.Aff2.Aff1 = 0, target list: cpu */
    }
    ISB();
    return 0;
}
extern char _start[];
static int smc_hook(int el, int kind, struct frame *f)
{
    if (el == 3 && (esr_el(el) >> 26) == 0x17) {
        return 1; /* no PSCI firmware (QEMU): the CPU is already waiting in the image */
    }
    return 0;
}
void test_main(void)
{
    gic_init_el3(0);
    irq_hook = irq;
    secondary_entry_hook = secondary;
    __asm__ volatile("dsb sy\n sev");
    sync_hook = smc_hook;
    for (u64 cpu = 1; cpu < NCPU; cpu++) {
        register u64 x0 __asm__("x0") = 0xc4000003UL;
        register u64 x1 __asm__("x1") = cpu;
        register u64 x2 __asm__("x2") = (u64)_start;
        register u64 x3 __asm__("x3") = 0;
        __asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
    }
    sync_hook = 0;
    for (int cpu = 1; cpu < NCPU; cpu++) {
        while (!ready[cpu]) {
        }
    }
    line("CPUs 1-5 wait at EL1");
    for (int cpu = 1; cpu < NCPU; cpu++) {
        call_at(1, send, (u64)cpu, 0);
        while (!got[cpu]) {
        }
        kv("CPU", (u64)cpu);
        kv("took INTID", (u64)got[cpu]);
        newline();
    }
    call_at(1, send, 0, 0);
    for (int cpu = 1; cpu < NCPU; cpu++) {
        while (ready[cpu] != 2) {
        }
    }
    line("every CPU took the broadcast SGI 9");
}
