package dev.hvlab.board.imx8qm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.machine.RunResult;
import dev.hvlab.core.spi.Providers;
import dev.hvlab.core.tools.ExternalTool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The bare-metal system-test suite of issues 5 and 6 (src/test/guest/system, see its README):
 * each committed ELF boots at EL3 on the virt-compat board with semihosting, exactly as
 * {@code hvlab boot --board virt-compat --semihosting --entry-el 3} would, and its output plus
 * exit status must equal what qemu-system-aarch64 printed for it (expected/NAME.expected). The
 * live variant re-runs QEMU on the same ELF and compares with the recording, so a drift of the
 * oracle (or of the recording) shows.
 */
class SystemTestSuiteTest {
    static final Path DIR = Path.of("src/test/guest/system");
    private static final Pattern SMP = Pattern.compile("SMP: (\\d+)");
    private static final long MAX_INSTRUCTIONS = 50_000_000L;

    static List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(DIR.resolve("elf"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".elf"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        }
    }

    /** disabled.txt: "name: reason" for tests where hvlab still differs from QEMU. */
    static Map<String, String> disabled() throws IOException {
        Map<String, String> m = new HashMap<>();
        Path p = DIR.resolve("disabled.txt");
        if (Files.exists(p)) {
            for (String l : Files.readAllLines(p)) {
                int c = l.indexOf(':');
                if (!l.startsWith("#") && c > 0) {
                    m.put(l.substring(0, c).trim(), l.substring(c + 1).trim());
                }
            }
        }
        return m;
    }

    static int smp(String name) throws IOException {
        Matcher m = SMP.matcher(Files.readString(DIR.resolve("tests/" + name + ".c")));
        return m.find() ? Integer.parseInt(m.group(1)) : 1;
    }

    static String expected(String name) throws IOException {
        return Files.readString(DIR.resolve("expected/" + name + ".expected"));
    }

    /** What the QEMU script prints: the output without trailing newlines, then the exit line. */
    static String format(String out, int exit) {
        return out.replaceAll("\n+$", "") + "\n[exit " + exit + "]\n";
    }

    static String runOnHvlab(String name) throws IOException {
        byte[] elf = Files.readAllBytes(DIR.resolve("elf/" + name + ".elf"));
        BoardConfig config = virtWithCpus(smp(name));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        BoardOptions base = BoardOptions.of(OutputStreamSink.INSTANCE);
        BoardOptions options = new BoardOptions(smp(name), base.serial(), true, console, base.timing(), base.quantumPs());
        Board board = Board.build(config, options);
        board.machine().setMaxInstructions(MAX_INSTRUCTIONS);
        Boot.load(board, Boot.Spec.elf(name + ".elf", elf, 3));
        int traceDepth = Integer.getInteger("systest.trace", 0);
        long[] ring = new long[Math.max(traceDepth, 1)];
        long[] count = {0};
        if (traceDepth > 0) {
            board.machine().cpu(0).setTracer((cpu, pc) -> ring[(int) (count[0]++ % ring.length)] = pc | (long) cpu.el << 62);
        }
        RunResult r = board.machine().run();
        for (long i = Math.max(0, count[0] - ring.length); i < count[0]; i++) {
            long e = ring[(int) (i % ring.length)];
            System.out.printf("trace EL%d %x%n", e >>> 62, e & ~(3L << 62));
        }
        String out = console.toString(StandardCharsets.US_ASCII);
        if (!r.reason().startsWith("semihosting exit")) {
            out += "\n[hvlab: " + r.reason() + "]";
        }
        return format(out, r.exitCode());
    }

    /**
     * The virt-compat board with at least {@code n} Cortex-A72s, as {@code qemu-system-aarch64 -M virt
     * -smp n}: one cluster (Aff0 = CPU index) and a redistributor frame pair per CPU.
     */
    static BoardConfig virtWithCpus(int n) {
        BoardConfig virt = Providers.board("virt-compat");
        if (n <= virt.cpuCount()) {
            return virt;
        }
        BoardConfig.Cluster c = virt.clusters().get(0);
        List<BoardConfig.Device> devices = virt.devices().stream()
                .map(d -> d.type().equals(DeviceRegistry.GICV3_REDISTRIBUTOR)
                        ? new BoardConfig.Device(d.name(), d.type(), d.base(), 0x2_0000L * n, d.irqs()) : d)
                .toList();
        return new BoardConfig(virt.name(), virt.description(), virt.counterFrequencyHz(), virt.ram(),
                List.of(new BoardConfig.Cluster(c.coreType(), n, c.frequencyHz(), c.mpidrAff1())), devices);
    }

    @TestFactory
    List<DynamicTest> hvlabMatchesTheRecordedQemuOutput() throws IOException {
        Map<String, String> disabled = disabled();
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : names()) {
            tests.add(DynamicTest.dynamicTest(name, () -> {
                Assumptions.assumeFalse(disabled.containsKey(name), () -> name + " disabled: " + disabled.get(name));
                assertEquals(expected(name), runOnHvlab(name), name);
            }));
        }
        return tests;
    }

    @org.junit.jupiter.api.Test
    void theSuiteHasAtLeastFortyTestsEachWithItsRecording() throws IOException {
        List<String> names = names();
        assertTrue(names.size() >= 40, "the suite has " + names.size() + " tests");
        for (String n : names) {
            assertTrue(Files.exists(DIR.resolve("expected/" + n + ".expected")), n + " has no recorded output");
        }
    }

    /** Runs the named tests (all without arguments) on hvlab and prints their outputs: for debugging. */
    public static void main(String[] args) throws IOException {
        for (String n : args.length == 0 ? names() : List.of(args)) {
            String got = runOnHvlab(n);
            String want = expected(n);
            System.out.println("=== " + n + (got.equals(want) ? " OK" : " DIFFERS"));
            if (!got.equals(want)) {
                System.out.println("--- hvlab\n" + got + "--- qemu\n" + want);
            }
        }
    }

    @TestFactory
    List<DynamicTest> qemuStillPrintsTheRecordedOutput() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : names()) {
            tests.add(DynamicTest.dynamicTest(name, () -> {
                Assumptions.assumeTrue(ExternalTool.isInstalled("qemu-system-aarch64"),
                        ExternalTool.notInstalled("qemu-system-aarch64"));
                assertEquals(expected(name), runOnQemu(name), name);
            }));
        }
        return tests;
    }

    static String runOnQemu(String name) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("qemu-system-aarch64", "-M",
                "virt,secure=on,virtualization=on,gic-version=3", "-cpu", "cortex-a72", "-smp",
                Integer.toString(smp(name)), "-m", "512", "-display", "none", "-monitor", "none", "-serial", "null",
                "-net", "none", "-semihosting", "-kernel", DIR.resolve("elf/" + name + ".elf").toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timeout";
        }
        return format(new String(out, StandardCharsets.US_ASCII), p.exitValue());
    }

    /** The console UART is unused by the suite. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }
    }
}
