/* GICv3 on QEMU virt's map: distributor 0x08000000, redistributors from 0x080A0000. */
#ifndef GIC_H
#define GIC_H
#include "hv.h"
#define GICD 0x08000000UL
#define GICR(cpu) (0x080A0000UL + (cpu) * 0x20000UL)
#define GICR_SGI(cpu) (GICR(cpu) + 0x10000UL)
#define GICR_ISENABLER0 0x100
#define GICR_ICENABLER0 0x180
#define GICR_ISPENDR0 0x200
#define GICR_ICPENDR0 0x280
#define GICR_ISACTIVER0 0x300
#define GICR_ICACTIVER0 0x380
#define GICR_IPRIORITYR 0x400

/* At EL3 (Secure): distributor with affinity routing and both groups on, this CPU's
 * redistributor awake, every SGI/PPI in Non-secure Group 1 at priority 0x80, system register
 * access enabled for EL2 and EL1. */
void gic_init_el3(int cpu);
/* At Non-secure EL1 or EL2: PMR open, Group 1 enabled. */
void gic_cpu_on(void);
void gic_enable_ppi(int cpu, int intid, u8 prio);
void gic_sgi_self(int intid);
u64 gic_ack(void);
void gic_eoi(u64 iar);
#endif
