package dev.hvlab.hv.xvisor;

import dev.hvlab.core.hypervisor.Stage2Tables;
import java.util.ArrayList;
import java.util.List;

/** A guest ({@code struct vmm_guest}): its vCPUs, address space, stage 2 tables, VMID and interrupt controller. */
final class GuestVm {
    final String name;
    final int id;
    final int vmid;
    final Stage2Tables stage2;
    final Devemu aspace;
    final List<Vcpu> vcpus = new ArrayList<>();
    final List<Emulator> devices = new ArrayList<>();
    GicEmulator gic;
    /** The counter value at the guest's reset: its vCPUs' CNTVOFF_EL2 ({@code vmm_manager_guest_reset_timestamp}). */
    long resetCounter;
    boolean shutDown;

    GuestVm(String name, int id, Stage2Tables stage2, Devemu aspace) {
        this.name = name;
        this.id = id;
        this.vmid = id + 1;
        this.stage2 = stage2;
        this.aspace = aspace;
    }

    Vcpu vcpuByMpidr(long mpidr) {
        for (Vcpu v : vcpus) {
            if ((v.vmpidr & 0xFF_00FF_FFFFL) == (mpidr & 0xFF_00FF_FFFFL)) {
                return v;
            }
        }
        return null;
    }

    boolean allHalted() {
        for (Vcpu v : vcpus) {
            if (v.state != Vcpu.State.HALTED && v.state != Vcpu.State.RESET) {
                return false;
            }
        }
        return true;
    }
}
