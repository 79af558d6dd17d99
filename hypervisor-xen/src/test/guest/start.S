// Entry at EL1 (MMU off): stack, vectors that report and stop, FP on, main(), then PSCI SYSTEM_OFF.
    .file   "start.S"
    .section .text.boot, "ax"
    .global _start
_start:
    ldr     x1, =stack_top
    mov     sp, x1
    adr     x1, vectors
    msr     vbar_el1, x1
    mov     x1, #(3 << 20)
    msr     cpacr_el1, x1
    isb
    bl      main
    bl      system_off
1:  b       1b

    .balign 2048
vectors:
    .rept   16
    .balign 0x80
    b       fatal
    .endr
fatal:
    mrs     x19, esr_el1
    adr     x0, fail_msg
    bl      xputs
    mov     x0, x19
    bl      xputu
    adr     x0, nl
    bl      xputs
    bl      system_off
fail_msg:
    .asciz  "FAIL exception esr="
nl:
    .asciz  "\n"

    .bss
    .balign 16
    .space  0x4000
stack_top:
