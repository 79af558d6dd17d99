// Bare-metal entry of the two-CPU gdb target: CPU 0 starts here at EL3 (MMU off), CPU 1 at
// secondary_entry through PSCI CPU_ON; each gets its own stack. smc_call reaches the EL3
// firmware model (PSCI), which serves SMCs from EL3 itself too.
    .section .text.start, "ax"
    .globl _start
_start:
    adr     x1, stack0_top
    mov     sp, x1
    bl      main
1:  b       1b

    .globl secondary_entry
secondary_entry:
    adr     x1, stack1_top
    mov     sp, x1
    bl      secondary_main
2:  b       2b

    .globl smc_call
smc_call:
    smc     #0
    ret

    .bss
    .balign 16
    .space  8192
stack0_top:
    .space  8192
stack1_top:
