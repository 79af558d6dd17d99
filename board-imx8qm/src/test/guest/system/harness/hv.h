/* The bare-metal test harness: printing through semihosting, exception reporting, the descent
 * from EL3 to the lower ELs. Every test defines test_main(), run at EL3 after reset. */
#ifndef HV_H
#define HV_H
typedef unsigned long u64;
typedef unsigned int u32;
typedef unsigned char u8;

#define RD(r) ({ u64 __v; __asm__ volatile("mrs %0, " #r : "=r"(__v) :: "memory"); __v; })
#define WR(r, v) __asm__ volatile("msr " #r ", %0" :: "r"((u64)(v)) : "memory")
#define ISB() __asm__ volatile("isb" ::: "memory")
#define DSB() __asm__ volatile("dsb sy" ::: "memory")
#define MMIO32(a) (*(volatile u32 *)(u64)(a))
#define MMIO64(a) (*(volatile u64 *)(u64)(a))

/* Saved by the vectors: x[0..30], then ELR/SPSR are read from the system registers. */
struct frame { u64 x[31]; u64 elr; u64 spsr; u64 pad[3]; };

/* Exception kinds as the vector offset / 0x80 gives them. */
#define K_SYNC 0
#define K_IRQ 1
#define K_FIQ 2
#define K_SERROR 3

void test_main(void);

void puts(const char *s);
void putc(char c);
void puthex(u64 v);
void putdec(u64 v);
void kv(const char *k, u64 v);   /* " k=v" in hex */
void line(const char *s);        /* s then newline */
void newline(void);
void exit(int code) __attribute__((noreturn));
int current_el(void);

u64 call_at(int el, u64 (*fn)(u64), u64 arg, u64 daif_unmask);
/* Sets SCR_EL3/HCR_EL2 for a Non-secure EL2 and AArch64 EL1 (the default descent). */
void lower_els_init(void);

/* A hook sees the exception first; return 1 when it handled it (the harness then returns from
 * the exception to ELR as the hook left it), 0 for the default report-and-skip. */
typedef int (*hook_t)(int el, int kind, struct frame *f);
extern volatile hook_t sync_hook;
extern volatile hook_t irq_hook;
/* When nonzero, the default sync report omits ELR (for tests where it is not architectural). */
extern volatile int quiet;
extern volatile int exceptions_taken;
/* ESR bits the report leaves out (where QEMU is known to differ from the ARM ARM). */
extern volatile u64 esr_hide;

u64 esr_el(int el);
u64 elr_el(int el);
void set_elr(int el, u64 v);
void set_spsr(int el, u64 v);
u64 spsr_el(int el);
u64 far_el(int el);
void report_sync(int el, int kind);

extern void (*volatile secondary_entry_hook)(u64 cpu);
extern char vectors[];
extern char __free_start[];

/* Semihosting. */
long semihost(long op, long arg);

#define SVC(imm) __asm__ volatile("svc #" #imm ::: "memory")
#define HVC(imm) __asm__ volatile("hvc #" #imm ::: "memory")
#define SMC(imm) __asm__ volatile("mov x0, #0\n smc #" #imm ::: "x0", "memory")
#endif
