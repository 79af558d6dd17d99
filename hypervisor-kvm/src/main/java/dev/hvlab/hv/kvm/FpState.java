package dev.hvlab.hv.kvm;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.hypervisor.El2Operations;

/**
 * The FP/SIMD register file moved between the CPU and a {@code user_fpsimd_state} in memory
 * (fpsimd_save_state / fpsimd_load_state: STP/LDP of Q0-Q31, then FPSR and FPCR), each access
 * priced as the store or load it is. KVM switches it lazily: only when the guest touches FP after
 * the host owned it, and back at vcpu_put.
 */
final class FpState {
    /** Saves V0-V31, FPSR, FPCR of the CPU to {@code pa}. */
    void save(El2Operations ops, long pa, String whose) {
        Cpu cpu = ops.cpu();
        for (int i = 0; i < 64; i++) {
            ops.store("save " + whose + " Q0-Q31", pa + 8L * i, cpu.vreg[i], 8);
        }
        ops.store("save " + whose + " FPSR", pa + 0x200, ops.readSysreg("FPSR"), 4);
        ops.store("save " + whose + " FPCR", pa + 0x208, ops.readSysreg("FPCR"), 4);
    }

    /** Loads V0-V31, FPSR, FPCR into the CPU from {@code pa}. */
    void restore(El2Operations ops, long pa, String whose) {
        Cpu cpu = ops.cpu();
        for (int i = 0; i < 64; i++) {
            cpu.vreg[i] = ops.load("restore " + whose + " Q0-Q31", pa + 8L * i, 8);
        }
        ops.writeSysreg("FPSR", ops.load("restore " + whose + " FPSR", pa + 0x200, 4));
        ops.writeSysreg("FPCR", ops.load("restore " + whose + " FPCR", pa + 0x208, 4));
    }
}
