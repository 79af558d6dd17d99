package dev.hvlab.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hvlab.core.tools.ExternalTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed workload images are what their sources build to: rebuilds them with the Makefile
 * into a temporary directory and compares byte for byte (the build is reproducible: no build id,
 * no paths). Skips when the cross compiler is absent.
 */
class BareWorkloadImagesTest {
    private static final Path SOURCES = Path.of("src/main/guest/bare");
    private static final Path COMMITTED = Path.of("src/main/resources/guest/bare");

    @TempDir
    Path out;

    @Test
    void committedImagesAreUpToDate() throws IOException, InterruptedException {
        Assumptions.assumeTrue(ExternalTool.isInstalled("aarch64-linux-gnu-gcc"),
                ExternalTool.notInstalled("aarch64-linux-gnu-gcc"));
        Assumptions.assumeTrue(ExternalTool.isInstalled("make"), ExternalTool.notInstalled("make"));
        Process p = new ProcessBuilder("make", "-s", "OUT=" + out.toAbsolutePath())
                .directory(SOURCES.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        p.waitFor(5, TimeUnit.MINUTES);
        assertEquals(0, p.exitValue(), "make failed:\n" + log);
        for (String layout : List.of("", "xen-domu")) {
            Path dir = out.resolve(layout);
            List<String> built;
            try (Stream<Path> s = Files.list(dir)) {
                built = s.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".elf")).sorted().toList();
            }
            assertEquals(Workloads.names().stream().map(n -> n + ".elf").sorted().toList(), built,
                    "the Makefile's images (" + dir + ") are the registered workloads");
            for (String name : built) {
                assertArrayEquals(Files.readAllBytes(dir.resolve(name)),
                        Files.readAllBytes(COMMITTED.resolve(layout).resolve(name)),
                        layout + "/" + name + " is out of date: run make in " + SOURCES + " and commit the result");
            }
        }
    }
}
