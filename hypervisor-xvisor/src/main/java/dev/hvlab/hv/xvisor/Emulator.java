package dev.hvlab.hv.xvisor;

import dev.hvlab.core.hypervisor.El2Operations;

/**
 * A device emulator's callbacks ({@code struct vmm_emulator}: read8/16/32/64, write...), called by
 * {@link Devemu} with the offset into its region. Runs in EL2 on the trapping CPU; everything it does
 * goes through {@code ops}.
 */
interface Emulator {
    /** The emulator's name in the ledger ("gic", "pl011", "virtio-mmio"). */
    String name();

    long size();

    long read(El2Operations ops, Vcpu vcpu, long offset, int size);

    void write(El2Operations ops, Vcpu vcpu, long offset, long value, int size);
}
