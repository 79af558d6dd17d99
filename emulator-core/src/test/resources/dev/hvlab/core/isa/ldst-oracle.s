// Load/store oracle program: run by qemu-aarch64 (whole program) and by hvlab (body only, from
// _start to body_end: straight-line loads and stores, so the test runs exactly that many
// instructions). The body leaves X0-X28 in out[0..232) and its stores in out[256..512); the
// epilogue writes out[] to stdout for the comparison. Includes the CONSTRAINED UNPREDICTABLE
// cases whose resolution hvlab copies from qemu (writeback onto Rt, LDP/LDXP with Rt == Rt2).
.text
.global _start
_start:
    ldr     x0, =src
    ldr     x1, =out + 256
    ldr     w2, lit_w
    ldrsw   x3, lit_w
    prfm    pldl1keep, lit_w
    ldrb    w4, [x0, #1]
    ldrsb   x5, [x0, #7]
    ldrsb   w6, [x0, #7]
    ldrh    w7, [x0, #6]
    ldrsh   x8, [x0, #6]
    ldrsh   w9, [x0, #14]
    ldr     w10, [x0, #4]
    ldrsw   x11, [x0, #4]
    ldur    x12, [x0, #3]
    ldr     x13, [x0, #8]!
    ldr     x14, [x0], #-8
    ldr     x15, =2
    ldr     x16, [x0, x15, lsl #3]
    ldr     x17, =-1
    ldr     w18, [x0, w17, sxtw #2]
    ldrb    w19, [x0, w15, uxtw]
    ldrsh   x20, [x0, x17, sxtx #1]
    prfm    pstl2strm, [x0, x15]
    prfum   pldl1keep, [x0, #-3]
    strb    w5, [x1, #0]
    strh    w9, [x1, #2]
    str     w3, [x1, #4]
    stur    x12, [x1, #9]
    str     x13, [x1, #24]!
    str     x14, [x1], #8
    stp     w5, w6, [x1]
    stp     x7, x8, [x1, #16]!
    stp     x9, x10, [x1], #32
    stnp    x11, x12, [x1]
    sttrh   w7, [x1, #18]
    ldtrsb  x21, [x0, #15]
    ldp     w21, w22, [x0]
    ldpsw   x23, x24, [x0, #8]
    ldnp    x25, x26, [x0]
    ldp     x27, x28, [x0, #16]!
    // exclusives and acquire/release
    ldxr    x2, [x0]
    stxr    w3, x17, [x0]
    stxr    w4, x15, [x0]
    ldaxp   x5, x6, [x0]
    stlxp   w7, x6, x5, [x0]
    ldar    w8, [x0]
    stlr    w8, [x1]
    ldaxrh  w9, [x0]
    stxrh   w10, w9, [x0]
    ldxrb   w11, [x0, #0]
    stlxrb  w12, w15, [x0]
    ldaxr   w13, [x0]
    stlxr   w14, w17, [x0]
    ldxp    w15, w16, [x0]
    stxp    w16, w17, w17, [x0]
    ldrb    w20, [x0, #8]
    // CONSTRAINED UNPREDICTABLE cases (hvlab follows qemu: see LoadStoreRegister, LoadStorePair)
    ldr     x18, =src
    ldr     x18, [x18], #8
    ldr     x19, =out + 400
    str     x19, [x19, #8]!
    ldr     x0, =cu
    ldp     x20, x20, [x0]
    ldxp    x22, x22, [x0]
    ldp     w23, w23, [x0]
    ldr     x24, =src
    ldp     x24, x25, [x24], #16
    ldr     x26, =out + 432
    ldr     x27, =0x5a5a
    ldxr    x28, [x26]
    .inst   0xc81b7f5b              // stxr  w27, x27, [x26]   (Rs == Rt)
    ldxr    x28, [x26]
    ldr     x28, =0x6b6b
    .inst   0xc81a7f5c              // stxr  w26, x28, [x26]   (Rs == Rn)
    // dump X0-X28
    ldr     x29, =out
    stp     x0, x1, [x29, #0]
    stp     x2, x3, [x29, #16]
    stp     x4, x5, [x29, #32]
    stp     x6, x7, [x29, #48]
    stp     x8, x9, [x29, #64]
    stp     x10, x11, [x29, #80]
    stp     x12, x13, [x29, #96]
    stp     x14, x15, [x29, #112]
    stp     x16, x17, [x29, #128]
    stp     x18, x19, [x29, #144]
    stp     x20, x21, [x29, #160]
    stp     x22, x23, [x29, #176]
    stp     x24, x25, [x29, #192]
    stp     x26, x27, [x29, #208]
    str     x28, [x29, #224]
body_end:
    mov     x0, #1
    ldr     x1, =out
    mov     x2, #512
    mov     x8, #64                 // write
    svc     #0
    mov     x0, #0
    mov     x8, #93                 // exit
    svc     #0
lit_w:
    .word   0x87654321
    .ltorg

.data
.balign 16
out:
    .fill   64, 8, 0
pad:
    .quad   0x0badc0de0badc0de, 0x1badc0de1badc0de
src:
    .quad   0xf1e2d3c4b5a69780, 0x0102030405060708, 0x8877665544332211, 0x7f6e5d4c3b2a1908
    .quad   0x1111111111111111, 0x2222222222222222
cu:
    .quad   0xaaaaaaaabbbbbbbb, 0xccccccccdddddddd
