package dev.hvlab.hv.kvm;

import dev.hvlab.core.config.UserInputException;
import dev.hvlab.core.hypervisor.El2Platform;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The default KVM setup for a board, and the checks of a given one against the board. */
final class KvmConfigs {
    /** Where the i.MX 8QM's console is: the VMM emulates an LPUART there for the guest. */
    static final long LPUART0 = 0x5A06_0000L;
    /** The VMM's virtio console: QEMU virt's first virtio-mmio slot and its interrupt (SPI 16). */
    static final long VIRTIO_CONSOLE = 0x0A00_0000L;
    static final int VIRTIO_CONSOLE_IRQ = 48;
    static final long GUEST_RAM = 0x8000_0000L;
    static final long GUEST_RAM_SIZE = 0x4000_0000L;
    static final long HOST_MEMORY = 0xF000_0000L;
    static final long HOST_MEMORY_SIZE = 0x100_0000L;

    private KvmConfigs() {
    }

    /**
     * Two vCPUs pinned to CPUs 0 and 1, 1 GiB of guest RAM at 0x80000000 (the board's own map, so
     * images for the board run unchanged), CFS, halt polling with arm64's default window of
     * 500 us, an LPUART console and a virtio console (virtio-mmio) from the VMM, ioeventfd and irqfd on, a PMU; nVHE.
     */
    static KvmConfig defaults(El2Platform p) {
        return defaults(p.machine().cpus().size(), false);
    }

    static KvmConfig defaults(int cpus, boolean vhe) {
        int n = Math.min(2, cpus);
        List<Integer> pins = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pins.add(i);
        }
        return new KvmConfig(
                new KvmConfig.Vm(n, new KvmConfig.Region(GUEST_RAM, GUEST_RAM_SIZE), "", pins),
                new KvmConfig.Host(KvmConfig.Host.CFS, true, 500_000, new KvmConfig.Region(HOST_MEMORY, HOST_MEMORY_SIZE)),
                new KvmConfig.Vmm(List.of(new KvmConfig.Device(KvmConfig.Device.LPUART, LPUART0, 0),
                        new KvmConfig.Device(KvmConfig.Device.VIRTIO_CONSOLE, VIRTIO_CONSOLE, VIRTIO_CONSOLE_IRQ)),
                        true, true, true),
                vhe);
    }

    static void validate(KvmConfig c, El2Platform p) {
        int cpus = p.machine().cpus().size();
        Set<Integer> seen = new HashSet<>();
        for (int pin : c.vm().pinning()) {
            if (pin < 0 || pin >= cpus) {
                throw new UserInputException("kvm: pinning names CPU " + pin + "; the board has CPUs 0-" + (cpus - 1));
            }
            if (!seen.add(pin)) {
                throw new UserInputException("kvm: two vCPUs pinned to CPU " + pin
                        + ": sharing a physical CPU between vCPU threads is not modelled");
            }
        }
        KvmConfig.Region ram = c.vm().memory();
        KvmConfig.Region host = c.host().memory();
        if (!isRam(p, ram) || !isRam(p, host)) {
            throw new UserInputException("kvm: guest and host memory must be board RAM");
        }
        if (Long.compareUnsigned(host.physStart() - ram.physStart(), ram.size()) < 0
                || Long.compareUnsigned(ram.physStart() - host.physStart(), host.size()) < 0) {
            throw new UserInputException("kvm: the host's memory overlaps the guest's");
        }
        if (host.size() < 0x20_0000 || (host.physStart() & 0xFFF) != 0) {
            throw new UserInputException("kvm: host memory needs at least 2 MiB");
        }
    }

    private static boolean isRam(El2Platform p, KvmConfig.Region r) {
        for (var region : p.board().ram()) {
            if (Long.compareUnsigned(r.physStart() - region.base(), region.size()) < 0
                    && Long.compareUnsigned(r.physStart() + r.size() - 1 - region.base(), region.size()) < 0) {
                return true;
            }
        }
        return false;
    }
}
