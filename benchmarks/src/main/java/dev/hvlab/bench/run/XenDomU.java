package dev.hvlab.bench.run;

import dev.hvlab.bench.Workload;
import dev.hvlab.board.imx8qm.Board;
import dev.hvlab.board.imx8qm.Boot;
import dev.hvlab.board.imx8qm.HypervisorInstall;
import dev.hvlab.core.hypervisor.El2Dispatcher;
import dev.hvlab.core.spi.Providers;
import dev.hvlab.hv.xen.XenConfig;
import dev.hvlab.hv.xen.XenPcpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The workload as a Xen domU started at boot without a dom0 (Xen's dom0less with no hardware
 * domain): the image built for Xen's guest layout ({@link Workload#XEN_DOMU}: RAM at
 * GUEST_RAM0_BASE, the emulated GICv3 at the guest addresses, the console on vpl011), with one
 * vCPU per pCPU Xen uses, unpinned, under Xen's defaults (credit2, vwfi=trap, no hmp-unsafe: on
 * the i.MX 8QM Xen parks the two Cortex-A72s, so the domain has four vCPUs, all on A53s as the
 * native run's tests pinned to CPU 0 are) and, as the dom0 environment,
 * the PMU given to the domain (xl.cfg {@code vpmu}) so cycle counts compare with the bare board's.
 * Its console is Xen's: the domain's lines are read back without Xen's {@code (d1) } prefix.
 * A Linux guest ({@link #bootLinux}) prints on vpl011 as {@code ttyAMA0}.
 */
public final class XenDomU implements Environment {
    public static final String NAME = "xen-domu";
    /** The domain's memory: the bare workloads need a few MiB, the Linux suite its page cache and tmpfs. */
    static final long WORKLOAD_MIB = 64;
    static final long LINUX_MIB = 1024;
    /** Dom0less domU domids start at 1. */
    static final int DOMID = 1;

    private El2Dispatcher dispatcher;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String imageLayout() {
        return Workload.XEN_DOMU;
    }

    @Override
    public void boot(Board board, String imageName, byte[] image) {
        start(board, WORKLOAD_MIB, Map.of(imageName, image), imageName, "", "");
    }

    /**
     * Debian's kernel as the domU: Xen places the Image, the initramfs and the device tree it
     * generates in the domain's RAM (dom0less-build.c); the console is vpl011, so a
     * {@code console=} of the command line becomes {@code console=ttyAMA0}.
     */
    @Override
    public void bootLinux(Board board, Boot.Spec spec) {
        String append = spec.append() == null ? "console=ttyAMA0"
                : spec.append().contains("console=") ? spec.append().replaceAll("console=\\S+", "console=ttyAMA0")
                        : spec.append() + " console=ttyAMA0";
        String initrd = spec.initrd() == null ? "" : "initrd";
        Map<String, byte[]> files = spec.initrd() == null ? Map.of("Image", spec.kernel())
                : Map.of("Image", spec.kernel(), initrd, spec.initrd());
        start(board, LINUX_MIB, files, "Image", initrd, append);
    }

    /** Builds the system with one domU whose files (kernel, ramdisk) are written where the config names them. */
    private void start(Board board, long mib, Map<String, byte[]> files, String kernel, String ramdisk, String extra) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("hvlab-xen-domu");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Files.write(dir.resolve(f.getKey()), f.getValue());
            }
            XenConfig.CommandLine xen = XenConfig.CommandLine.defaults();
            int vcpus = XenPcpus.used(board.config(), xen.hmp_unsafe()).length;
            XenConfig.Domain domU = new XenConfig.Domain("domU", vcpus, mib, List.of(), kernel, ramdisk, extra, true,
                    256, 0, 10_000, 4_000);
            XenConfig config = new XenConfig(xen, false, List.of(domU));
            dispatcher = HypervisorInstall.install(board, Providers.hypervisor(Xen.NAME), config,
                    new DomainConsole(board.serialOutput(), DOMID), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int guestEntryEl() {
        return 1;
    }

    @Override
    public Map<String, Long> trapsByPath() {
        return LedgerViews.trapsByPath(dispatcher, "boot");
    }

    @Override
    public Map<String, Map<String, Long>> costLedger() {
        return LedgerViews.costLedger(dispatcher);
    }
}
