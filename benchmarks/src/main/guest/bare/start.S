// Entry of every workload image, on each CPU (the boot CPU from the loader, the others from PSCI
// CPU_ON), at EL2 or EL1 as a guest kernel is entered.
//
// Entered at EL2 (hvlab boot --entry-el 2, the runner's native default), the image is its own
// minimal hypervisor: it installs el2_vectors, whose only job is to return from HVC, leaves every
// other trap disabled (HCR_EL2 = RW), gives EL1 the physical counter and the PMU, and drops to EL1.
// The workloads therefore always run at EL1, and the null hypercall costs natively what the
// cheapest possible EL2 round trip costs. Entered at EL1 (no EL2 software, or a hypervisor's
// guest) the image starts at EL1 directly.
    .file   "start.S"
#define STACK 0x4000
#define EL2_STACK 0x1000

    .section .text.boot, "ax"
    .global _start
_start:
    mrs     x1, mpidr_el1
    ubfx    x2, x1, #8, #8
    and     x1, x1, #0xff
#ifdef LAYOUT_XEN_DOMU
    add     x1, x1, x2, lsl #4          // linear CPU index: Aff1 * 16 + Aff0 (rt.h)
#else
    add     x1, x1, x2, lsl #2          // linear CPU index: Aff1 * 4 + Aff0
#endif
    ldr     x3, =stacks_top
    lsl     x4, x1, #14                 // STACK per CPU
    sub     x3, x3, x4
    mrs     x5, CurrentEL
    cmp     x5, #(2 << 2)
    b.ne    1f
    mov     sp, x3                      // SP_EL2: the top EL2_STACK of this CPU's slot
    sub     x3, x3, #EL2_STACK
    adr     x6, el2_vectors
    msr     vbar_el2, x6
    mov     x6, #(1 << 31)              // HCR_EL2.RW: EL1 is AArch64; no other trap
    msr     hcr_el2, x6
    mov     x6, #3                      // CNTHCTL_EL2.EL1PCTEN, EL1PCEN
    msr     cnthctl_el2, x6
    msr     cntvoff_el2, xzr
    mov     x6, #0x33ff                 // CPTR_EL2: RES1 bits, no FP/SIMD trap
    msr     cptr_el2, x6
    mrs     x6, pmcr_el0
    ubfx    x6, x6, #11, #5             // MDCR_EL2.HPMN = PMCR_EL0.N, TPM = TPMCR = 0
    msr     mdcr_el2, x6
    ldr     x6, =0x30d00800             // SCTLR_EL1: RES1 bits, MMU and caches off
    msr     sctlr_el1, x6
    msr     sp_el1, x3
    adr     x6, el1_start
    msr     elr_el2, x6
    mov     x6, #0x3c5                  // EL1h, D A I F masked
    msr     spsr_el2, x6
    mov     x7, #2
    isb
    eret
1:  mov     sp, x3
    mov     x7, #1
el1_start:
    adr     x6, el1_vectors
    msr     vbar_el1, x6
    mov     x6, #(3 << 20)              // CPACR_EL1.FPEN: FP/SIMD at EL1 (the FP workload)
    msr     cpacr_el1, x6
    isb
    mov     x0, x1
    cbnz    x1, 2f
    ldr     x5, =__bss_start            // the boot CPU clears the bss (a hypervisor may not)
    ldr     x6, =__bss_end
3:  cmp     x5, x6
    b.hs    4f
    str     xzr, [x5], #8
    b       3b
4:  ldr     x5, =entry_el
    str     x7, [x5]
    dsb     sy
    bl      rt_main
    b       park
2:  bl      secondary_main
park:
    wfe
    b       park

// EL2: HVC from EL1 returns at once (ELR_EL2 already points after it); anything else is a bug.
    .macro  bad_entry
    .balign 0x80
    b       el2_bad
    .endm
    .text
    .balign 2048
el2_vectors:
    .rept   8
    bad_entry
    .endr
    .balign 0x80                        // lower EL, AArch64, synchronous
    stp     x0, x1, [sp, #-16]!
    mrs     x0, esr_el2
    lsr     x0, x0, #26
    cmp     x0, #0x16                   // EC: HVC from AArch64
    b.ne    el2_bad
    ldp     x0, x1, [sp], #16
    eret
    .rept   7
    bad_entry
    .endr
el2_bad:
    mrs     x0, esr_el2
    mrs     x1, elr_el2
    bl      el2_unexpected
    b       park

// EL1: IRQs go to irq_dispatch with the caller-saved registers saved; everything else is fatal.
    .macro  el1_bad kind
    .balign 0x80
    mov     x0, #\kind
    b       el1_fatal
    .endm
    .balign 2048
el1_vectors:
    el1_bad 0
    el1_bad 1
    el1_bad 2
    el1_bad 3
    .balign 0x80                        // current EL with SP_ELx, synchronous
    b       el1_sync
    .balign 0x80
    b       el1_irq
    el1_bad 6
    el1_bad 7
    el1_bad 8
    el1_bad 9
    el1_bad 10
    el1_bad 11
    el1_bad 12
    el1_bad 13
    el1_bad 14
    el1_bad 15
// An UNDEFINED HVC at hvc_insn (no EL2 software: SCR_EL3.HCE = 0) skips it and sets
// hvc_undefined; every other synchronous exception is fatal.
el1_sync:
    stp     x0, x1, [sp, #-16]!
    mrs     x0, esr_el1
    lsr     x0, x0, #26
    cbnz    x0, 1f                      // EC 0: unknown reason (UNDEFINED)
    adr     x0, hvc_insn
    mrs     x1, elr_el1
    cmp     x0, x1
    b.ne    1f
    add     x1, x1, #4
    msr     elr_el1, x1
    ldr     x0, =hvc_undefined
    mov     x1, #1
    str     x1, [x0]
    ldp     x0, x1, [sp], #16
    eret
1:  ldp     x0, x1, [sp], #16
    mov     x0, #4
el1_fatal:
    mrs     x1, esr_el1
    mrs     x2, elr_el1
    bl      el1_unexpected
    b       park
el1_irq:
    sub     sp, sp, #176
    stp     x0, x1, [sp, #0]
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x29, [sp, #144]
    str     x30, [sp, #160]
    bl      irq_dispatch
    ldp     x0, x1, [sp, #0]
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x29, [sp, #144]
    ldr     x30, [sp, #160]
    add     sp, sp, #176
    eret

// u64 hvc_call(u64 x0): the null hypercall of the hypervisor beneath, returning X0. hv_abi says
// which: 0 (the default: native, Xen, KVM) is SMCCC over HVC #0 with X0 the function ID;
// 1 is Jailhouse's ABI, HVC #0x4a48 with X0 the hypercall code (Jailhouse stops a cell that uses
// any other HVC immediate; an unknown code returns -ENOSYS at once); 2 is HVC #0 with X0 =
// PSCI_VERSION (0x84000000) whatever the caller passed, for hypervisors that serve PSCI over HVC
// but inject an undefined exception for other SMCCC calls (Xvisor's do_psci_call).
    .global hvc_call
hvc_call:
    ldr     x9, =hv_abi
    ldr     x9, [x9]
    cbnz    x9, 1f
hvc_insn:
    hvc     #0
    ret
1:  cmp     x9, #2
    b.eq    2f
    hvc     #0x4a48
    ret
2:  mov     x0, #0x84000000
    hvc     #0
    ret

    .section .hvabi, "aw"
    .balign 16
    .global hv_abi
hv_abi:
    .quad   0
    .quad   0

    .section .stacks, "aw", %nobits
    .balign 16
    .skip   STACK * 8
    .global stacks_top
stacks_top:
