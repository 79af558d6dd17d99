// Bare-metal entry for the compiled timing kernels: EL1, MMU off. X0 holds the iteration count
// the test put there; the kernel's checksum is left in X0 when the CPU parks in WFI.
        .section .text.start, "ax"
        .global _start
_start:
        ldr     x1, =__stack_top
        mov     sp, x1
        mov     x1, #(3 << 20)          // CPACR_EL1.FPEN: no FP/AdvSIMD traps
        msr     cpacr_el1, x1
        isb
        bl      kernel_main
1:      wfi
        b       1b
