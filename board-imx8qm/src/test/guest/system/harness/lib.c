#include "hv.h"

volatile hook_t sync_hook;
volatile hook_t irq_hook;
volatile int quiet;
volatile int exceptions_taken;
volatile u64 esr_hide;

#define SYS_WRITEC 0x03
#define SYS_WRITE0 0x04
#define SYS_EXIT 0x18

void puts(const char *s) { semihost(SYS_WRITE0, (long)s); }

void putc(char c)
{
    volatile char b = c;
    semihost(SYS_WRITEC, (long)&b);
}

void newline(void) { putc('\n'); }

void line(const char *s)
{
    puts(s);
    newline();
}

void puthex(u64 v)
{
    char b[19];
    b[0] = '0';
    b[1] = 'x';
    for (int i = 0; i < 16; i++) {
        int d = (v >> (60 - 4 * i)) & 15;
        b[2 + i] = d < 10 ? '0' + d : 'a' + d - 10;
    }
    b[18] = 0;
    puts(b);
}

void putdec(u64 v)
{
    char b[24];
    int i = 23;
    b[i] = 0;
    do {
        b[--i] = '0' + v % 10;
        v /= 10;
    } while (v);
    puts(b + i);
}

void kv(const char *k, u64 v)
{
    putc(' ');
    puts(k);
    putc('=');
    puthex(v);
}

void exit(int code)
{
    volatile u64 block[2] = {0x20026, (u64)code};
    semihost(SYS_EXIT, (long)block);
    for (;;) {
    }
}

int current_el(void) { return (RD(CurrentEL) >> 2) & 3; }

u64 esr_el(int el) { return el == 3 ? RD(esr_el3) : el == 2 ? RD(esr_el2) : RD(esr_el1); }
/* The frame of the exception being handled: its saved ELR/SPSR are what the vectors return with. */
static struct frame *volatile cur_frame;

u64 elr_el(int el) { return cur_frame ? cur_frame->elr : el == 3 ? RD(elr_el3) : el == 2 ? RD(elr_el2) : RD(elr_el1); }
u64 spsr_el(int el) { return cur_frame ? cur_frame->spsr : el == 3 ? RD(spsr_el3) : el == 2 ? RD(spsr_el2) : RD(spsr_el1); }
u64 far_el(int el) { return el == 3 ? RD(far_el3) : el == 2 ? RD(far_el2) : RD(far_el1); }

void set_elr(int el, u64 v)
{
    if (cur_frame) {
        cur_frame->elr = v;
    }
    if (el == 3) {
        WR(elr_el3, v);
    } else if (el == 2) {
        WR(elr_el2, v);
    } else {
        WR(elr_el1, v);
    }
}

void set_spsr(int el, u64 v)
{
    if (cur_frame) {
        cur_frame->spsr = v;
    }
    if (el == 3) {
        WR(spsr_el3, v);
    } else if (el == 2) {
        WR(spsr_el2, v);
    } else {
        WR(spsr_el1, v);
    }
}

static int is_abort(u64 ec) { return ec == 0x20 || ec == 0x21 || ec == 0x24 || ec == 0x25 || ec == 0x22 || ec == 0x26; }

void report_sync(int el, int kind)
{
    u64 esr = esr_el(el);
    u64 ec = esr >> 26;
    puts("EL");
    putc('0' + el);
    puts(kind >= 8 ? " sync from lower:" : " sync from same:");
    kv("ESR", esr & ~esr_hide);
    if (!quiet) {
        kv("ELR", elr_el(el));
    }
    kv("SPSR", spsr_el(el));
    if (is_abort(ec)) {
        kv("FAR", far_el(el));
        if (el == 2 && (ec == 0x20 || ec == 0x24)) {
            kv("HPFAR", RD(hpfar_el2));
        }
    }
    newline();
}

static u64 handle(u64 kind, struct frame *f);

u64 exception_entry(u64 kind, struct frame *f)
{
    struct frame *outer = cur_frame;
    cur_frame = f;
    u64 r = handle(kind, f);
    cur_frame = outer;
    return r;
}

static u64 handle(u64 kind, struct frame *f)
{
    int el = current_el();
    int type = kind & 3;
    if (++exceptions_taken > 200) {
        line("too many exceptions");
        exit(2);
    }
    if (type == K_SYNC) {
        u64 esr = esr_el(el);
        u64 ec = esr >> 26;
        u64 imm = esr & 0xffff;
        /* The call_at return stubs: SVC/HVC/SMC #0xffff. */
        int from_el0 = (spsr_el(el) & 0xf) == 0;
        if (ec == (from_el0 ? 0x15 : el == 3 ? 0x17 : el == 2 ? 0x16 : 0x15) && imm == 0xffff && kind >= 8) {
            exceptions_taken--;
            return 1;
        }
        if (sync_hook && sync_hook(el, kind, f)) {
            return 0;
        }
        report_sync(el, kind);
        if (ec == 0x15 || ec == 0x16 || ec == 0x17) {
            return 0; /* preferred return is the next instruction */
        }
        if (ec == 0x20 || ec == 0x21 || ec == 0x22) {
            set_elr(el, f->x[30]); /* instruction aborts: return to the caller of the bad branch */
            return 0;
        }
        if (ec == 0x0e) {
            set_spsr(el, spsr_el(el) & ~(1UL << 20)); /* leave the illegal state */
        }
        set_elr(el, elr_el(el) + 4);
        return 0;
    }
    if (irq_hook && irq_hook(el, kind, f)) {
        return 0;
    }
    puts("EL");
    putc('0' + el);
    puts(type == K_IRQ ? " unexpected IRQ" : type == K_FIQ ? " unexpected FIQ" : " unexpected SError");
    kv("ESR", esr_el(el));
    newline();
    exit(3);
}

void lower_els_init(void)
{
    /* SCR_EL3: NS, RW (lower ELs AArch64), HCE (HVC enabled), RES1 bits 5:4. */
    WR(scr_el3, (1 << 0) | (1 << 10) | (1 << 8) | (3 << 4));
    /* HCR_EL2.RW: EL1 is AArch64. */
    WR(hcr_el2, 1UL << 31);
    /* SCTLR_EL2/EL1 with the MMU and caches off, RES1 bits of v8.0. */
    WR(sctlr_el2, 0x30c50830);
    WR(sctlr_el1, 0x30d00800);
    WR(cptr_el3, 0);
    WR(cptr_el2, 0x33ff);
    WR(cpacr_el1, 3 << 20);
    WR(mdcr_el2, 0);
    WR(mdcr_el3, 0);
    WR(cnthctl_el2, 3);
    WR(cntvoff_el2, 0);
    WR(vttbr_el2, 0);
    ISB();
}

void harness_main(void)
{
    lower_els_init();
    test_main();
    line("done");
    exit(0);
}
