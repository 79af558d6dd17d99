#include "xen.h"

/*
 * A domU on Xen's vpl011 (SBSA UART at GUEST_PL011_BASE, SPI 32): prints through DR, then with
 * -DECHO takes its receive interrupt (RX | RT through the emulated GICD) and answers each line it
 * receives with "got: <line>", until it receives "off".
 */
#define UART 0x22000000UL
#define DR 0x00
#define FR 0x18
#define IMSC 0x38
#define MIS 0x40
#define ICR 0x44
#define FR_RXFE (1 << 4)
#define FR_TXFF (1 << 5)
#define RXI (1 << 4)
#define RTI (1 << 6)
#define GICD 0x03001000UL

static inline u32 rd(u64 off) { return *(volatile u32 *)(UART + off); }
static inline void wr(u64 off, u32 v) { *(volatile u32 *)(UART + off) = v; }

static void uputs(const char *s)
{
    for (; *s; s++) {
        while (rd(FR) & FR_TXFF)
            ;
        wr(DR, (u8)*s);
    }
}

static void uputx(u32 v)
{
    for (int i = 28; i >= 0; i -= 4)
        wr(DR, (u8)"0123456789abcdef"[(v >> i) & 0xf]);
}

int main(void)
{
    uputs("uart: hello\n");
    uputs("uart: fr=");
    uputx(rd(FR));
    uputs("\n");
#ifdef ECHO
    *(volatile u32 *)(GICD + 0x0) = (1 << 4) | (1 << 1);   /* ARE_NS, EnableGrp1A */
    *(volatile u32 *)(GICD + 0x104) = 1;                    /* ISENABLER1: INTID 32 */
    __asm__ volatile("msr icc_pmr_el1, %0\n msr icc_igrpen1_el1, %1\n isb" :: "r"(0xffUL), "r"(1UL));
    wr(IMSC, RXI | RTI);
    char line[64];
    int n = 0;
    u64 irqs = 0;
    for (;;) {
        u64 iar;
        __asm__ volatile("mrs %0, icc_iar1_el1" : "=r"(iar));
        iar &= 0xffffff;
        if (iar == 1023) {
            __asm__ volatile("wfi");
            continue;
        }
        irqs++;
        while (!(rd(FR) & FR_RXFE)) {
            char c = (char)rd(DR);
            if (c == '\n') {
                line[n] = 0;
                uputs("got: ");
                uputs(line);
                uputs("\n");
                if (n == 3 && line[0] == 'o' && line[1] == 'f' && line[2] == 'f') {
                    xputs("irqs ");
                    xputu(irqs);
                    xputs("\n");
                    return 0;
                }
                n = 0;
            } else if (n < 63) {
                line[n++] = c;
            }
        }
        wr(ICR, RXI | RTI);
        __asm__ volatile("msr icc_eoir1_el1, %0\n isb" :: "r"(iar));
    }
#endif
    return 0;
}
