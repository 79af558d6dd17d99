// Reset entry at EL3, the vector table shared by EL3/EL2/EL1, the call_at descent helper and
// the semihosting primitives. Everything a test needs before C runs.
#define FRAME 288

    .section .text.boot, "ax"
    .global _start
_start:
    mrs     x1, mpidr_el1
    and     x1, x1, #0xff
    adr     x2, secondary_entry_hook
    cbz     x1, 1f
    // A CPU other than 0 that starts at the entry (PSCI CPU_ON lands here too; on QEMU's virt
    // without firmware every CPU starts here at reset): it waits for CPU 0 to publish a function
    // in secondary_entry_hook (then SEV), and runs it on its own stacks.
7:  ldr     x4, [x2]
    cbnz    x4, 8f
    wfe
    b       7b
8:  mov     x2, x4
    lsl     x3, x1, #16
    ldr     x4, =stacks_top
    sub     x4, x4, x3
    mov     sp, x4
    mov     x0, x1
    mrs     x5, CurrentEL
    cmp     x5, #(3 << 2)
    b.ne    3f
    sub     x6, x4, #0x4000
    msr     sp_el2, x6
    sub     x6, x4, #0x8000
    msr     sp_el1, x6
    adr     x6, vectors
    msr     vbar_el3, x6
    msr     vbar_el2, x6
3:  adr     x6, vectors
    cmp     x5, #(2 << 2)
    b.ne    4f
    msr     vbar_el2, x6
    sub     x7, x4, #0x8000
    msr     sp_el1, x7
4:  msr     vbar_el1, x6
    blr     x2
park:
    wfe
    b       park
1:
    ldr     x4, =stacks_top
    mov     sp, x4
    sub     x5, x4, #0x4000
    msr     sp_el2, x5
    sub     x5, x4, #0x8000
    msr     sp_el1, x5
    sub     x5, x4, #0xc000
    msr     sp_el0, x5
    adr     x5, vectors
    msr     vbar_el3, x5
    msr     vbar_el2, x5
    msr     vbar_el1, x5
    // Zero the bss (QEMU loads zeroes too, but do not rely on it).
    ldr     x5, =__bss_start
    ldr     x6, =__bss_end
5:  cmp     x5, x6
    b.hs    6f
    str     xzr, [x5], #8
    b       5b
6:  isb
    bl      harness_main
    // harness_main exits through semihosting; never here.
    b       park

// ---------------------------------------------------------------------------------------------
// Vectors: every entry saves x0-x30, ELR, SPSR and calls exception_entry(kind, frame).
// kind = (source group << 2) | type, group 0 current SP0, 1 current SPx, 2 lower A64, 3 lower A32;
// type 0 sync, 1 IRQ, 2 FIQ, 3 SError.
    .macro ventry kind
    .balign 0x80
    sub     sp, sp, #FRAME
    stp     x0, x1, [sp, #0]
    mov     x0, #\kind
    b       vector_common
    .endm

    .text
    .balign 2048
    .global vectors
vectors:
    ventry 0
    ventry 1
    ventry 2
    ventry 3
    ventry 4
    ventry 5
    ventry 6
    ventry 7
    ventry 8
    ventry 9
    ventry 10
    ventry 11
    ventry 12
    ventry 13
    ventry 14
    ventry 15

vector_common:
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    str     x30, [sp, #240]
    // ELR and SPSR of this EL: saved so that a nested exception (an IRQ taken inside a handler)
    // does not lose them.
    mrs     x2, CurrentEL
    cmp     x2, #(3 << 2)
    b.ne    1f
    mrs     x3, elr_el3
    mrs     x4, spsr_el3
    b       3f
1:  cmp     x2, #(2 << 2)
    b.ne    2f
    mrs     x3, elr_el2
    mrs     x4, spsr_el2
    b       3f
2:  mrs     x3, elr_el1
    mrs     x4, spsr_el1
3:  stp     x3, x4, [sp, #248]
    mov     x1, sp
    bl      exception_entry
    // x0: 0 = return from the exception, 1 = the lower EL's call_at function finished.
    cbnz    x0, call_return
    // Handlers change ELR/SPSR through the registers: store them back into the frame first, then
    // restore from the frame (after any nested exception the registers hold the inner values).
    // exception_entry returns with the registers as the handler left them; a nested exception
    // inside it restored them on its own way out.
    ldp     x3, x4, [sp, #248]
    mrs     x2, CurrentEL
    cmp     x2, #(3 << 2)
    b.ne    1f
    msr     elr_el3, x3
    msr     spsr_el3, x4
    b       3f
1:  cmp     x2, #(2 << 2)
    b.ne    2f
    msr     elr_el2, x3
    msr     spsr_el2, x4
    b       3f
2:  msr     elr_el1, x3
    msr     spsr_el1, x4
3:
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    ldp     x28, x29, [sp, #224]
    ldr     x30, [sp, #240]
    ldp     x0, x1, [sp, #0]
    add     sp, sp, #FRAME
    eret

// The function run by call_at returned (its return stub trapped here): resume call_at's caller
// with the context call_at saved for this EL, X0 = the function's result (its X1 in the frame).
call_return:
    ldr     x0, [sp, #8]
    mrs     x1, CurrentEL
    lsr     x1, x1, #2
    mrs     x3, mpidr_el1
    and     x3, x3, #0xff
    add     x1, x1, x3, lsl #2
    ldr     x2, =call_ctx
    mov     x3, #112
    madd    x2, x1, x3, x2
    ldp     x19, x20, [x2, #0]
    ldp     x21, x22, [x2, #16]
    ldp     x23, x24, [x2, #32]
    ldp     x25, x26, [x2, #48]
    ldp     x27, x28, [x2, #64]
    ldp     x29, x30, [x2, #80]
    ldp     x3, x4, [x2, #96]
    mov     sp, x3
    msr     daif, x4
    ret

// uint64_t call_at(int el, uint64_t (*fn)(uint64_t), uint64_t arg, uint64_t spsr_extra)
// Runs fn(arg) at the lower EL `el` (AArch64, SP_ELx, DAIF masked unless spsr_extra clears it:
// spsr_extra is XORed into the DAIF mask) and returns its result. The function returns into a
// stub that traps back: SVC from EL0, HVC to EL2, SMC to EL3.
    .global call_at
call_at:
    mrs     x5, CurrentEL
    lsr     x5, x5, #2
    mrs     x7, mpidr_el1
    and     x7, x7, #0xff
    add     x6, x5, x7, lsl #2
    ldr     x7, =call_ctx
    mov     x9, #112
    madd    x6, x6, x9, x7
    stp     x19, x20, [x6, #0]
    stp     x21, x22, [x6, #16]
    stp     x23, x24, [x6, #32]
    stp     x25, x26, [x6, #48]
    stp     x27, x28, [x6, #64]
    stp     x29, x30, [x6, #80]
    mov     x7, sp
    mrs     x8, daif
    stp     x7, x8, [x6, #96]
    // SPSR: M = ELx with SP_ELx (EL0t for EL0), DAIF masked.
    lsl     x7, x0, #2
    cbz     x0, 1f
    orr     x7, x7, #1
1:  mov     x8, #0x3c0
    eor     x8, x8, x3
    orr     x7, x7, x8
    // The return stub: the trap back to this EL (SVC from EL0, which HCR_EL2.TGE sends to EL2).
    adr     x8, ret_svc
    cbz     x0, 2f
    cmp     x5, #3
    adr     x8, ret_smc
    b.eq    2f
    cmp     x5, #2
    adr     x8, ret_hvc
    b.eq    2f
    adr     x8, ret_svc
2:  cmp     x5, #3
    b.ne    3f
    msr     elr_el3, x1
    msr     spsr_el3, x7
    b       4f
3:  cmp     x5, #2
    b.ne    5f
    msr     elr_el2, x1
    msr     spsr_el2, x7
    b       4f
5:  msr     elr_el1, x1
    msr     spsr_el1, x7
4:  mov     x0, x2
    mov     x30, x8
    isb
    eret

ret_svc:
    mov     x1, x0
    mov     x0, #0
    svc     #0xffff
ret_hvc:
    mov     x1, x0
    mov     x0, #0
    hvc     #0xffff
ret_smc:
    mov     x1, x0
    mov     x0, #0
    smc     #0xffff

// Semihosting: long semihost(long op, long arg) at EL1 or above.
    .global semihost
semihost:
    mov     x2, x1
    mov     x1, x2
    hlt     #0xf000
    ret

    .bss
    .balign 16
    .global call_ctx
call_ctx:
    .skip   112 * 4 * 4
    .balign 16
stacks:
    .skip   0x10000 * 8
    .global stacks_top
stacks_top:
    .data
    .balign 8
    .global secondary_entry_hook
secondary_entry_hook:
    .quad   0
