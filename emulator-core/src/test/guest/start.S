// Entry point of the guest test programs: the Linux initial stack holds argc then argv
// (see InitialStack); main's return value becomes the exit status (exit_group).
    .text
    .globl _start
    .type _start, %function
_start:
    mov     x29, #0
    mov     x30, #0
    ldr     x0, [sp]
    add     x1, sp, #8
    bl      main
    mov     x8, #94             // exit_group
    svc     #0
    .size _start, . - _start
