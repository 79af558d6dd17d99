package dev.hvlab.hv.kvm;

import java.util.List;

/**
 * A KVM setup as JSON: one VM as a VMM would create it (vCPUs, guest memory, the image, the vCPU
 * threads' pinning), the host kernel's view of those threads (scheduling class, halt polling), the
 * VMM's devices, and whether the host kernel runs at EL2 ({@code vhe}, ARMv8.1: a what-if on the
 * i.MX 8QM, whose cores are ARMv8.0). Every field is required (ConfigReader's rule); the defaults
 * are {@link KvmConfigs#defaults}.
 *
 * @param vm   the guest
 * @param host the host kernel's scheduling of the vCPU threads and its memory
 * @param vmm  the user-space VMM's device models
 * @param vhe  the host kernel at EL2 (VHE), removing the EL1 context switch from every exit
 */
public record KvmConfig(Vm vm, Host host, Vmm vmm, boolean vhe) {

    /**
     * The default setup on a board with {@code cpus} CPUs (see {@link KvmConfigs#defaults}), with
     * or without VHE.
     */
    public static KvmConfig defaults(int cpus, boolean vhe) {
        return KvmConfigs.defaults(cpus, vhe);
    }

    /**
     * The VM (KVM_CREATE_VM, KVM_CREATE_VCPU, KVM_SET_USER_MEMORY_REGION).
     *
     * @param vcpus    number of vCPUs
     * @param memory   guest RAM: its IPA start (and physical backing, 1:1) and size
     * @param image    an ELF for the guest, relative to the config; "" for the booted image
     * @param pinning  the physical CPU of each vCPU thread (taskset), one entry per vCPU
     */
    public record Vm(int vcpus, Region memory, String image, List<Integer> pinning) {
        public Vm {
            pinning = List.copyOf(pinning);
            if (vcpus < 1 || vcpus > 16) {
                throw new IllegalArgumentException("vcpus must be 1-16");
            }
            if (pinning.size() != vcpus) {
                throw new IllegalArgumentException("pinning needs one physical CPU per vCPU (" + vcpus + ")");
            }
        }
    }

    /**
     * The host kernel.
     *
     * @param scheduler   the vCPU threads' class: "cfs" (SCHED_OTHER, fair share) or "fifo" (SCHED_FIFO)
     * @param haltPolling KVM's halt polling on a trapped WFI (halt_poll_ns &gt; 0)
     * @param haltPollNs  the polling window, ns (KVM's default grows up to 200000 on arm64... here fixed)
     * @param memory      the host kernel's own memory for KVM's data (hyp per-CPU areas, vCPU
     *                    contexts, vGIC state, stage 2 tables) and its idle loop; outside the VM's RAM
     */
    public record Host(String scheduler, boolean haltPolling, long haltPollNs, Region memory) {
        public static final String CFS = "cfs";
        public static final String FIFO = "fifo";

        public Host {
            if (!scheduler.equals(CFS) && !scheduler.equals(FIFO)) {
                throw new IllegalArgumentException("scheduler must be \"cfs\" or \"fifo\"");
            }
            if (haltPollNs < 0) {
                throw new IllegalArgumentException("haltPollNs must not be negative");
            }
        }
    }

    /**
     * The VMM process (kvmtool- or QEMU-like).
     *
     * @param devices   its MMIO device models
     * @param ioeventfd virtio queue notifications complete in the kernel (KVM_IOEVENTFD) instead of
     *                  exiting to the VMM
     * @param irqfd     the VMM injects interrupts through an eventfd (KVM_IRQFD) instead of the
     *                  KVM_IRQ_LINE ioctl
     * @param pmu       the vCPUs have a PMUv3 (KVM_ARM_VCPU_PMU_V3): PMU accesses trap and the host
     *                  emulates them; without it they are UNDEFINED in the guest
     */
    public record Vmm(List<Device> devices, boolean ioeventfd, boolean irqfd, boolean pmu) {
        public Vmm {
            devices = List.copyOf(devices);
        }
    }

    /**
     * One device of the VMM.
     *
     * @param type "lpuart" (an emulated NXP LPUART console) or "virtio-console" (virtio-mmio, device ID 3)
     * @param base its IPA
     * @param irq  its interrupt (an SPI, 32 and up), or 0 for none
     */
    public record Device(String type, long base, int irq) {
        public static final String LPUART = "lpuart";
        public static final String VIRTIO_CONSOLE = "virtio-console";

        public Device {
            if (!type.equals(LPUART) && !type.equals(VIRTIO_CONSOLE)) {
                throw new IllegalArgumentException("device type must be \"lpuart\" or \"virtio-console\"");
            }
            if ((base & 0xFFF) != 0) {
                throw new IllegalArgumentException("device base must be page aligned");
            }
            if (irq != 0 && (irq < 32 || irq > 1019)) {
                throw new IllegalArgumentException("device irq must be an SPI (32-1019) or 0");
            }
        }
    }

    /** A page-aligned range. */
    public record Region(long physStart, long size) {
        public Region {
            if (size <= 0 || (physStart & 0xFFF) != 0 || (size & 0xFFF) != 0) {
                throw new IllegalArgumentException("region 0x" + Long.toHexString(physStart) + " size 0x"
                        + Long.toHexString(size) + " must be non-empty and page aligned");
            }
        }

        boolean contains(long pa) {
            return Long.compareUnsigned(pa - physStart, size) < 0;
        }
    }
}
