.globl _start
_start:
  mov x0, #1
  adr x1, msg
  mov x2, #6
  mov x8, #64
  svc #0
  mrs x3, midr_el1
  mrs x4, id_aa64isar0_el1
  mrs x5, mpidr_el1
  mrs x6, id_aa64pfr0_el1
  mrs x7, revidr_el1
  mov x0, #3
  mov x8, #93
  svc #0
msg: .ascii "hello\n"
