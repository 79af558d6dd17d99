/**
 * System registers as a table. {@link dev.hvlab.core.sysreg.SystemRegisters} holds one immutable
 * {@link dev.hvlab.core.sysreg.SystemRegister} (or {@link dev.hvlab.core.sysreg.SystemInstruction}
 * for SYS) per encoding, shared by every CPU; values live per CPU in
 * {@link dev.hvlab.core.sysreg.SystemRegisterFile} (or in {@code Cpu} fields for the hot ones).
 * MRS/MSR/SYS look an entry up when they are decoded and evaluate its
 * {@link dev.hvlab.core.sysreg.AccessRule} each time they execute; a refusal becomes UNDEFINED or a
 * trap with EC 0x18 and the ISS built by {@link dev.hvlab.core.sysreg.Traps#sysregIss}. Adding the
 * EL2/EL3 trap controls means composing rules with {@code AccessRule.then}, not changing the ops.
 */
package dev.hvlab.core.sysreg;
