package dev.hvlab.bench.run;

import dev.hvlab.board.imx8qm.Board;
import dev.hvlab.board.imx8qm.Boot;
import dev.hvlab.board.imx8qm.HypervisorInstall;
import dev.hvlab.core.hypervisor.El2Dispatcher;
import dev.hvlab.core.spi.HypervisorProvider;
import dev.hvlab.core.spi.Providers;
import dev.hvlab.hv.kvm.KvmConfig;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The workload as a KVM guest: the image is loaded as for a native boot, then the KVM model (its
 * default setup, or with {@code vhe} the ARMv8.1 what-if) takes the CPUs over and starts the image
 * as vCPU 0 at EL1; the VMM's LPUART prints on the board's console. Linux boots the same way
 * ({@link #bootLinux}), in a VM with a vCPU per physical CPU, and prints on the VMM's virtio console. Names: {@code kvm} and
 * {@code kvm-vhe}.
 */
public final class Kvm implements Environment {
    public static final String NAME = "kvm";
    public static final String NAME_VHE = "kvm-vhe";

    private final boolean vhe;
    private El2Dispatcher dispatcher;

    public Kvm(boolean vhe) {
        this.vhe = vhe;
    }

    @Override
    public String name() {
        return vhe ? NAME_VHE : NAME;
    }

    @Override
    public void boot(Board board, String imageName, byte[] image) {
        Boot.load(board, Boot.Spec.elf(imageName, image, 2));
        install(board);
    }

    /**
     * Linux as the KVM guest: the kernel, its initramfs and the board's device tree are loaded as
     * for a native boot at EL2; the model's VMM then gives the VM a device tree of its own (its
     * RAM, its vCPUs, the vGIC, a virtio console) with the initramfs moved into the VM's RAM, and
     * starts the kernel as vCPU 0. A {@code console=} of the command line becomes {@code console=hvc0}:
     * the guest's output reaches the board's console through the VMM.
     */
    @Override
    public void bootLinux(Board board, Boot.Spec spec) {
        Boot.Spec s = spec;
        if (spec.append() != null && spec.append().contains("console=")) {
            // The guest's console is the VMM's virtio console, whatever the board's would be.
            s = new Boot.Spec(spec.kernelName(), spec.kernel(), spec.rawAddress(), spec.initrd(), spec.dtb(),
                    spec.dtbName(), spec.append().replaceAll("console=\\S+", "console=hvc0"), spec.entryEl());
        }
        Boot.load(board, s);
        install(board, oneVcpuPerCpu(KvmConfig.defaults(board.cpuCount(), vhe), board.cpuCount()));
    }

    /**
     * The Linux suite's VM has a vCPU per physical CPU, each thread pinned to its own, so that the
     * guest has the CPUs the bare board's kernel has (the model's default VM has two).
     */
    static KvmConfig oneVcpuPerCpu(KvmConfig c, int cpus) {
        List<Integer> pins = java.util.stream.IntStream.range(0, cpus).boxed().toList();
        return new KvmConfig(new KvmConfig.Vm(cpus, c.vm().memory(), c.vm().image(), pins), c.host(), c.vmm(), c.vhe());
    }

    private void install(Board board) {
        install(board, KvmConfig.defaults(board.cpuCount(), vhe));
    }

    private void install(Board board, KvmConfig config) {
        HypervisorProvider provider = Providers.hypervisor(NAME);
        dispatcher = HypervisorInstall.install(board, provider, config, OutputStream.nullOutputStream(), null);
    }

    /** The installed model's dispatcher (its ledger and stopped partitions), after {@link #boot}. */
    El2Dispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public int guestEntryEl() {
        return 1;
    }

    @Override
    public Map<String, Long> trapsByPath() {
        return new TreeMap<>(LedgerViews.trapsByPath(dispatcher));
    }

    @Override
    public Map<String, Map<String, Long>> costLedger() {
        return LedgerViews.costLedger(dispatcher);
    }
}
