package dev.hvlab.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.bench.linux.LinuxSuite;
import dev.hvlab.board.imx8qm.Board;
import dev.hvlab.board.imx8qm.BoardOptions;
import dev.hvlab.board.imx8qm.Boot;
import dev.hvlab.board.imx8qm.linux.Initramfs;
import dev.hvlab.core.hypervisor.CostLedger;
import dev.hvlab.core.hypervisor.El2Dispatcher;
import dev.hvlab.core.hypervisor.El2Platform;
import dev.hvlab.core.machine.RunResult;
import dev.hvlab.core.spi.Providers;
import dev.hvlab.hv.kvm.KvmConfig;
import dev.hvlab.hv.kvm.KvmModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 14's Linux item: Debian 12's kernel boots as the KVM model's guest (its vCPUs, the VMM's
 * device tree) with {@code console=hvc0}, loads the virtio-mmio and virtio-console modules (the
 * kernel's own log before them is lost, as with any modular console), prints on the VMM's virtio
 * console, brings every vCPU up through PSCI over HVC, and powers off through PSCI SYSTEM_OFF;
 * with and without ioeventfd and irqfd, and with VHE. Needs scripts/fetch-debian-guest.sh's
 * packages (with the virtio modules it keeps); skips visibly without them.
 */
class KvmLinuxBootTest {
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void debianBootsAsAKvmGuestOnTheVirtioConsole() throws IOException {
        Map<String, Long> paths = boot(null);
        assertTrue(paths.getOrDefault("mmio virtio-console notify (ioeventfd)", 0L) > 0, paths.toString());
        assertTrue(paths.getOrDefault("mmio virtio-console (VMM)", 0L) > 0, paths.toString());
    }

    /** Without ioeventfd every QueueNotify is a KVM_EXIT_MMIO; without irqfd the VMM uses KVM_IRQ_LINE. */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void withoutIoeventfdAndIrqfdTheVmmHandlesEveryNotification() throws IOException {
        KvmConfig d = KvmConfig.defaults(6, false);
        KvmConfig c = new KvmConfig(d.vm(), d.host(),
                new KvmConfig.Vmm(d.vmm().devices(), false, false, d.vmm().pmu()), false);
        Map<String, Long> paths = boot(c);
        assertEquals(0L, paths.getOrDefault("mmio virtio-console notify (ioeventfd)", 0L), paths.toString());
        assertTrue(paths.getOrDefault("mmio virtio-console (VMM)", 0L) > 0, paths.toString());
    }

    /** The VHE what-if: the guest's EL1 registers stay loaded, so TVM-trapped writes go to the CPU. */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void debianBootsUnderTheVheWhatIf() throws IOException {
        Map<String, Long> paths = boot(KvmConfig.defaults(6, true));
        assertTrue(paths.getOrDefault("vm-reg (TVM)", 0L) > 0, paths.toString());
    }

    /**
     * Boots the guest under a KVM model with {@code config} (null: the runner's {@link Kvm}
     * environment, given the native suite's {@code console=ttyLP0}), checks the console and the
     * power-off, and returns the exits taken by path.
     */
    private static Map<String, Long> boot(KvmConfig config) throws IOException {
        Path guest = LinuxSuite.guestDirectory();
        Assumptions.assumeTrue(LinuxSuite.fetched(guest),
                "Debian guest not fetched (" + guest + "): run scripts/fetch-debian-guest.sh");
        Assumptions.assumeTrue(Files.isRegularFile(guest.resolve("root/lib/hvlab-modules/virtio_console.ko")),
                "the Debian guest has no virtio modules: run scripts/fetch-debian-guest.sh again");
        byte[] initramfs = Initramfs.build(guest.resolve("root"),
                List.of("echo nproc=$(nproc)", "grep virtio /proc/interrupts"));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Board board = Board.build(Providers.board("imx8qm"), BoardOptions.of(console));
        board.machine().setMaxTimePs(20_000_000_000_000L);
        byte[] kernel = Files.readAllBytes(guest.resolve("vmlinuz"));
        El2Dispatcher d;
        if (config == null) {
            Kvm kvm = new Kvm(false);
            kvm.bootLinux(board, new Boot.Spec("vmlinuz", kernel, null, initramfs, null, null, "console=ttyLP0 quiet",
                    null));
            d = kvm.dispatcher();
        } else {
            Boot.load(board, new Boot.Spec("vmlinuz", kernel, null, initramfs, null, null, "console=hvc0", null));
            El2Platform p = new El2Platform(board.machine(), board.config(), board.gic(), board.firmware(),
                    board.exceptions(), OutputStream.nullOutputStream(), null);
            d = El2Dispatcher.install(new KvmModel(config), p);
        }
        RunResult r = board.machine().run();
        String out = console.toString(StandardCharsets.ISO_8859_1).replace("\r", "");
        String tail = out.substring(Math.max(0, out.length() - 3000));
        assertTrue(out.contains(Initramfs.MARKER), "no init marker\n" + tail);
        // The runner's environment gives the VM a vCPU per CPU, the model's default config two.
        int vcpus = config == null ? board.cpuCount() : config.vm().vcpus();
        assertTrue(out.contains("nproc=" + vcpus + "\n"), "every vCPU online\n" + tail);
        assertTrue(out.matches("(?s).*GICv3\\s+48 Edge\\s+virtio0.*"), "the virtio console's SPI 48, edge\n" + tail);
        assertTrue(out.contains(Initramfs.DONE), tail);
        assertEquals(0, r.exitCode(), r.reason() + "\n" + tail);
        assertEquals("PSCI SYSTEM_OFF", r.reason());
        Map<String, Long> paths = new TreeMap<>();
        for (CostLedger.PathTotal t : d.ledger().paths()) {
            paths.put(t.path(), t.taken());
        }
        return paths;
    }
}
