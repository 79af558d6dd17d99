// Bare-metal entry for the GDB stub's test target: runs at EL1 with the MMU off (identity
// translation), sets up a stack and calls main; SVC #0 with the status in x0 ends the run.
    .section .text.start, "ax"
    .globl _start
_start:
    adr     x1, stack_top
    mov     sp, x1
    bl      main
    svc     #0
1:  b       1b

    .bss
    .balign 16
    .space  8192
stack_top:
