package dev.hvlab.hv.xvisor;

import java.util.List;

/**
 * An Xvisor configuration as JSON, in the spirit of Xvisor's device trees: the host part
 * ({@code /host}: where the hypervisor's own memory is, which scheduling algorithm was built in)
 * and one node per guest ({@code /guests/NAME}) with its {@code vcpus} (priority, time slice,
 * deadline and periodicity, {@code cpu_affinity}), its {@code aspace} memory regions and its
 * emulated devices. Every field is required (use [] for none).
 *
 * @param hypervisorMemory where Xvisor's own data lives (trap frames, vCPU contexts, stage 2 tables)
 * @param scheduler        {@code prr} (priority round-robin, Xvisor's default) or {@code prm}
 *                         (priority rate-monotonic)
 * @param wfiTimeoutUs     CONFIG_WFI_TIMEOUT_MSECS in microseconds (Xvisor's default 100 ms)
 * @param guests           the guests, created and kicked at boot
 */
public record XvisorConfig(Range hypervisorMemory, String scheduler, long wfiTimeoutUs, List<Guest> guests,
        List<String> deviations) {
    /**
     * Deviations from upstream a config may ask for, each named and documented: {@code smccc-not-supported}
     * answers unknown HVC/SMC functions with NOT_SUPPORTED (-1) instead of injecting an undefined
     * exception; {@code vtimer-eoi-unmask} puts the virtual timer's interrupt into a list register
     * with EOI = 1 and clears CNTV_CTL_EL0.IMASK in the maintenance interrupt of its deactivation,
     * so guests that re-arm with CNTV_CVAL_EL0 alone get their next interrupt.
     */
    public static final String SMCCC_NOT_SUPPORTED = "smccc-not-supported";
    public static final String VTIMER_EOI_UNMASK = "vtimer-eoi-unmask";

    public static final String PRR = "prr";
    public static final String PRM = "prm";

    /** Region types: guest RAM (mapped lazily in stage 2), a host device passed through, or an emulator. */
    public static final String RAM = "ram";
    public static final String PASSTHROUGH = "passthrough";

    /** Emulator types ({@code compatible} of a virtual device node). */
    public static final String GICV2 = "gicv2";
    public static final String GICV3_VIEW = "gicv3-view";
    public static final String PL011 = "pl011";
    public static final String VIRTIO_CONSOLE = "virtio-console";
    public static final String VIRTIO_BLOCK = "virtio-block";
    public static final String VIRTIO_NET = "virtio-net";
    static final List<String> EMULATORS = List.of(GICV2, GICV3_VIEW, PL011, VIRTIO_CONSOLE, VIRTIO_BLOCK, VIRTIO_NET);

    public XvisorConfig {
        guests = List.copyOf(guests);
        deviations = List.copyOf(deviations);
        for (String d : deviations) {
            if (!d.equals(SMCCC_NOT_SUPPORTED) && !d.equals(VTIMER_EOI_UNMASK)) {
                throw new IllegalArgumentException("unknown deviation '" + d + "'");
            }
        }
        if (!PRR.equals(scheduler) && !PRM.equals(scheduler)) {
            throw new IllegalArgumentException("scheduler must be prr or prm, not '" + scheduler + "'");
        }
        if (guests.isEmpty()) {
            throw new IllegalArgumentException("at least one guest");
        }
        if (wfiTimeoutUs <= 0) {
            throw new IllegalArgumentException("wfiTimeoutUs must be positive");
        }
    }

    /** A physical range. */
    public record Range(long physStart, long size) {
        public Range {
            if (size <= 0 || ((physStart | size) & 0xFFF) != 0) {
                throw new IllegalArgumentException("range must be non-empty and page aligned");
            }
        }
    }

    /**
     * A guest node.
     *
     * @param image the bare-metal ELF to load ("" for the image {@code hvlab boot} loaded); its
     *              segments are guest-physical addresses in the guest's RAM regions
     */
    public record Guest(String name, String image, List<Vcpu> vcpus, List<Region> memory, List<Device> devices) {
        public Guest {
            vcpus = List.copyOf(vcpus);
            memory = List.copyOf(memory);
            devices = List.copyOf(devices);
            if (vcpus.isEmpty()) {
                throw new IllegalArgumentException("guest '" + name + "' needs a vCPU");
            }
        }
    }

    /**
     * A vCPU node ({@code /guests/NAME/vcpus/vcpuN}).
     *
     * @param affinity     the physical CPUs it may run on ({@code cpu_affinity}); the first is where it starts
     * @param priority     0 (lowest) to 7 ({@code VMM_VCPU_MAX_PRIORITY}); Xvisor's default is 3
     * @param timeSliceUs  its time slice (CONFIG_TSLICE_MS: 1, 10 or 100 ms upstream)
     * @param periodUs     its periodicity, which PRM orders equal priorities by (10 x 10 x time slice by default)
     */
    public record Vcpu(List<Integer> affinity, int priority, long timeSliceUs, long periodUs) {
        public Vcpu {
            affinity = List.copyOf(affinity);
            if (affinity.isEmpty()) {
                throw new IllegalArgumentException("a vCPU needs a CPU in its affinity");
            }
            if (priority < 0 || priority > 7) {
                throw new IllegalArgumentException("priority must be 0-7");
            }
            if (timeSliceUs <= 0 || periodUs <= 0) {
                throw new IllegalArgumentException("timeSliceUs and periodUs must be positive");
            }
        }
    }

    /** A memory region of the guest's address space: {@code ram} or {@code passthrough} (host device). */
    public record Region(String name, String type, long guestPhys, long hostPhys, long size) {
        public Region {
            if (!RAM.equals(type) && !PASSTHROUGH.equals(type)) {
                throw new IllegalArgumentException("region '" + name + "' type must be ram or passthrough");
            }
            if (size <= 0 || ((guestPhys | hostPhys | size) & 0xFFF) != 0) {
                throw new IllegalArgumentException("region '" + name + "' must be non-empty and page aligned");
            }
        }

        boolean contains(long ipa) {
            return Long.compareUnsigned(ipa - guestPhys, size) < 0;
        }
    }

    /**
     * An emulated device node: {@code compatible} one of gicv2, gicv3-view, pl011, virtio-console,
     * virtio-block, virtio-net, at {@code guestPhys} (the GIC's distributor; its other frames follow
     * the usual layout), raising {@code irq} (an SPI; ignored for the GIC).
     *
     * @param capacity a virtio block device's size in bytes (0 otherwise)
     */
    public record Device(String name, String compatible, long guestPhys, int irq, long capacity) {
        public Device {
            if (!EMULATORS.contains(compatible)) {
                throw new IllegalArgumentException("device '" + name + "': unknown compatible '" + compatible
                        + "' (known: " + String.join(", ", EMULATORS) + ")");
            }
        }
    }
}
