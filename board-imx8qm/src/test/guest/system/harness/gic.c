#include "gic.h"

void gic_init_el3(int cpu)
{
    MMIO32(GICD) = 0x37; /* ARE_S, ARE_NS, EnableGrp0, EnableGrp1NS, EnableGrp1S */
    while (MMIO32(GICD) & (1u << 31)) {
    }
    MMIO32(GICR(cpu) + 0x14) &= ~2u; /* WAKER.ProcessorSleep */
    while (MMIO32(GICR(cpu) + 0x14) & 4u) {
    }
    MMIO32(GICR_SGI(cpu) + 0x80) = 0xffffffffu;  /* IGROUPR0: Group 1 */
    MMIO32(GICR_SGI(cpu) + 0xd00) = 0;           /* IGRPMODR0: Non-secure */
    for (int i = 0; i < 32; i += 4) {
        MMIO32(GICR_SGI(cpu) + GICR_IPRIORITYR + i) = 0x80808080u;
    }
    MMIO32(GICR_SGI(cpu) + GICR_ICENABLER0) = 0xffffffffu;
    WR(S3_6_C12_C12_5, 0xf); /* ICC_SRE_EL3: SRE, DFB, DIB, Enable */
    ISB();
    WR(S3_4_C12_C9_5, 0xf);  /* ICC_SRE_EL2 */
    ISB();
}

void gic_cpu_on(void)
{
    /* ICC_SRE_EL1.SRE (as Linux's gic_enable_sre does): RAO/WI on QEMU and GIC-500, writable on
     * hvlab, where 0 makes the ICC registers UNDEFINED. */
    if (current_el() == 1) {
        WR(S3_0_C12_C12_5, RD(S3_0_C12_C12_5) | 1);
        ISB();
    }
    WR(S3_0_C4_C6_0, 0xff);  /* ICC_PMR_EL1 */
    WR(S3_0_C12_C12_3, 0);   /* ICC_BPR1_EL1 */
    WR(S3_0_C12_C12_7, 1);   /* ICC_IGRPEN1_EL1 */
    ISB();
}

void gic_enable_ppi(int cpu, int intid, u8 prio)
{
    *(volatile u8 *)(GICR_SGI(cpu) + GICR_IPRIORITYR + intid) = prio;
    MMIO32(GICR_SGI(cpu) + GICR_ISENABLER0) = 1u << intid;
    DSB();
}

void gic_sgi_self(int intid)
{
    u64 mpidr = RD(mpidr_el1);
    u64 v = ((u64)intid << 24) | (1UL << (mpidr & 15)) | (((mpidr >> 8) & 0xff) << 16);
    WR(S3_0_C12_C11_5, v); /* ICC_SGI1R_EL1 */
    ISB();
}

u64 gic_ack(void) { return RD(S3_0_C12_C12_0); }   /* ICC_IAR1_EL1 */
void gic_eoi(u64 iar) { WR(S3_0_C12_C12_1, iar); ISB(); } /* ICC_EOIR1_EL1 */
