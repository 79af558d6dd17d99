#include "hv.h"
#include "gic.h"
/* Two CPUs: CPU 1 is released the two ways at once: CPU 0 publishes its entry function (then SEV) for
 * a CPU that started at reset and waits in the image (QEMU's virt with secure=on and no firmware
 * starts every CPU at the ELF entry and serves no PSCI), and calls PSCI CPU_ON (hvlab's firmware
 * model keeps secondaries off until then; on QEMU the SMC reaches the image's EL3 vectors and is
 * ignored silently). CPU 1 starts at EL3 on QEMU and at EL2 on hvlab (its PSCI model enters a
 * CPU at EL2 when SCR_EL3.HCE is set; PSCI itself only defines calls from EL1/EL2), so the EL is
 * not printed: from EL3 it configures its SCR/HCR and redistributor, from EL2 the firmware model
 * has done that. CPU 1 then drops to Non-secure EL1 and waits in WFI; CPU 0 sends SGI 8 to CPU 1
 * from EL1 through ICC_SGI1R_EL1 (target list) and CPU 1 takes it.
 * SMP: 2 */
static volatile int ready, got;
static int irq(int el, int kind, struct frame *f)
{
    u64 iar = gic_ack();
    gic_eoi(iar);
    got = (int)iar;
    return 1;
}
static u64 cpu1_wait(u64 a)
{
    gic_cpu_on();
    gic_enable_ppi(1, 8, 0xa0);
    __asm__ volatile("dsb sy");
    ready = 1;
    __asm__ volatile("msr daifclr, #2");
    while (!got) {
        __asm__ volatile("wfi");
    }
    __asm__ volatile("msr daifset, #2");
    return 0;
}
static void cpu1_main(u64 cpu)
{
    if (current_el() == 3) {
        lower_els_init();
        gic_init_el3(1);
    } else {
        WR(hcr_el2, 1UL << 31);
        WR(cnthctl_el2, 3);
        ISB();
    }
    call_at(1, cpu1_wait, 0, 0);
    ready = 2;
    for (;;) {
        __asm__ volatile("wfe");
    }
}
static u64 send(u64 a)
{
    gic_cpu_on();
    WR(S3_0_C12_C11_5, (8UL << 24) | 2); /* Aff3.Aff2.Aff1 = 0, target list: CPU 1 */
    ISB();
    return 0;
}
extern char _start[];
static int smc_hook(int el, int kind, struct frame *f)
{
    if (el == 3 && (esr_el(el) >> 26) == 0x17) {
        return 1; /* no PSCI firmware (QEMU): CPU 1 is already waiting in the image */
    }
    return 0;
}
void test_main(void)
{
    gic_init_el3(0);
    irq_hook = irq;
    secondary_entry_hook = cpu1_main;
    __asm__ volatile("dsb sy\n sev");
    sync_hook = smc_hook;
    register u64 x0 __asm__("x0") = 0xc4000003UL;
    register u64 x1 __asm__("x1") = 1;
    register u64 x2 __asm__("x2") = (u64)_start;
    register u64 x3 __asm__("x3") = 0;
    __asm__ volatile("smc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3) : "memory");
    sync_hook = 0;
    while (!ready) {
    }
    line("CPU 1 waits at EL1");
    call_at(1, send, 0, 0);
    while (ready != 2) {
    }
    kv("CPU 1 took INTID", got);
    newline();
}
