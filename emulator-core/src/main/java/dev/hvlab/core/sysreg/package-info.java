/**
 * System registers as a table. {@link dev.hvlab.core.sysreg.SystemRegisters} holds one immutable
 * {@link dev.hvlab.core.sysreg.SystemRegister} (or {@link dev.hvlab.core.sysreg.SystemInstruction}
 * for SYS) per encoding, shared by every CPU; values live per CPU in
 * {@link dev.hvlab.core.sysreg.SystemRegisterFile} (or in {@code Cpu} fields for the hot ones).
 * MRS/MSR/SYS look an entry up when they are decoded and evaluate its
 * {@link dev.hvlab.core.sysreg.AccessRule} each time they execute; a refusal becomes UNDEFINED or a
 * trap with EC 0x18 and the ISS built by {@link dev.hvlab.core.sysreg.Traps#sysregIss} (EC 0x07
 * for the FP/SIMD traps). The trap controls ({@link dev.hvlab.core.sysreg.TrapRules}) are composed
 * onto each register's EL rule with {@code AccessRule.then}, so the ops never change.
 *
 * <p>FP/SIMD instructions call {@link dev.hvlab.core.sysreg.FpAccess#checkFpAccess} first: the
 * CPACR_EL1/CPTR_EL2/CPTR_EL3 outcome is precomputed per EL whenever one of its inputs is written.
 *
 * <p>Hooks for the models that own dynamic values: {@code SystemRegisterFile.counter} (CNTPCT),
 * {@code cycles} (PMCCNTR), {@code interruptStatus} (ISR_EL1), {@code timerListener} (timer
 * CTL/CVAL/TVAL writes).
 */
package dev.hvlab.core.sysreg;
