.globl _start
_start:
  mov x1, sp
  mov x2, #0x5500000000
  movk x2, #0x0080, lsl #16
  movk x2, #0x1000
  sub x2, x2, x1
  mov x0, #1
  mov x8, #64
  svc #0
  mov x0, #0
  mov x8, #93
  svc #0
