package dev.hvlab.bench.linux;

import dev.hvlab.board.imx8qm.linux.Initramfs;
import dev.hvlab.core.config.UserInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The Linux workload suite (docs/WORKLOADS.md, "The Linux suite"): Debian's arm64 kernel boots
 * with an initramfs holding busybox, rt-tests (cyclictest, hackbench) and our lxbench, runs the
 * chosen tests one after another and powers off. Each test is framed by {@code BEGIN NAME} and
 * {@code END NAME status=S} lines; lxbench prints the bare-metal suite's RESULT/HIST/INFO lines,
 * cyclictest and hackbench their own output, which {@link SuiteOutput} turns into metrics.
 *
 * <p>The iteration counts are chosen so that each test takes a bounded simulated time (tens to a
 * few hundred milliseconds) and the whole suite a few minutes of host time per environment
 * ({@link Size#FULL}); {@link Size#QUICK} is a small subset with small counts for CI.
 */
public final class LinuxSuite {
    /** Where lxbench is in the guest. */
    public static final String LXBENCH = "/hvlab/lxbench";
    /** The saved random seed the script credits before the tests ({@code lxbench seed}). */
    static final String RANDOM_SEED = "/hvlab/random-seed";
    /** The workload name of a suite run in records and reports. */
    public static final String WORKLOAD = "linux";
    /** The last line of a complete suite run. */
    public static final String DONE = "DONE";

    /** How much of the suite, and with which counts. */
    public enum Size {
        FULL, QUICK
    }

    private LinuxSuite() {
    }

    /** Every test of the suite at {@code size}, in the order they run. */
    public static List<LinuxTest> tests(Size size) {
        boolean full = size == Size.FULL;
        List<LinuxTest> t = new ArrayList<>();
        t.add(ub("dhrystone", "Dhrystone-style integer loop (lps)", "dhry " + (full ? 300_000 : 20_000)));
        t.add(ub("whetstone", "double-precision Whetstone (MWIPS)", "whet " + (full ? 3000 : 20)));
        t.add(ub("execl", "execl throughput (lps)", "execl " + (full ? 100 : 10)));
        t.add(ub("fcopy_1024_2000", "file copy, 1024-byte buffer, 2000 blocks (KBps)", "fcopy 1024 2000 " + (full ? 10_000 : 2000)));
        t.add(ub("fcopy_256_500", "file copy, 256-byte buffer, 500 blocks (KBps)", "fcopy 256 500 " + (full ? 10_000 : 2000)));
        t.add(ub("fcopy_4096_8000", "file copy, 4096-byte buffer, 8000 blocks (KBps)", "fcopy 4096 8000 " + (full ? 10_000 : 1000)));
        t.add(ub("pipe", "pipe throughput, 512-byte write + read (lps)", "pipe " + (full ? 10_000 : 2000)));
        t.add(ub("context", "pipe-based context switching, two processes (lps)", "context " + (full ? 5_000 : 500)));
        t.add(ub("spawn", "process creation, fork + exit + wait (lps)", "spawn " + (full ? 200 : 20)));
        t.add(ub("shell", "shell scripts, busybox sh, 1 concurrent (lpm)", "shell " + (full ? 10 : 2)));
        t.add(ub("syscall", "system call overhead: close(dup), getpid, getuid, umask (lps)", "syscall " + (full ? 5_000 : 2000)));
        t.add(new LinuxTest("cyclictest", "cyclictest, 1 thread, FIFO 95, 100 us interval, histogram",
                "cyclictest -m -p95 -i100 -l" + (full ? 5000 : 500) + " -h" + CYCLICTEST_BUCKETS + " -q"));
        t.add(new LinuxTest("cyclictest_t20", "cyclictest, 20 threads of FIFO 95, 100 us (with -h all share priority and interval): each sees 19 interfering",
                "cyclictest -m -p95 -i100 -t20 -l" + (full ? 1000 : 100) + " -h" + CYCLICTEST_BUCKETS + " -q"));
        t.add(new LinuxTest("hackbench", "hackbench, sockets, processes, 100-byte messages",
                full ? "hackbench -g 10 -f 40 -l 100 -s 100" : "hackbench -g 2 -f 10 -l 10 -s 100"));
        t.add(lx("ipi", "cross-CPU wake-up (futex) and membarrier IPI latency, CPU 0 -> CPU 1", "ipi " + (full ? 1000 : 100)));
        t.add(lx("tcp", "TCP round trip over 127.0.0.1, 1-byte messages, CPU 0 <-> CPU 1", "tcp " + (full ? 1000 : 100)));
        return t;
    }

    /** cyclictest's -h: 1 us buckets up to this many us; later samples count as overflows. */
    public static final int CYCLICTEST_BUCKETS = 200;

    /**
     * A UnixBench-style test, pinned to CPU 0 with its children: the scheduler would otherwise
     * place it on a Cortex-A53 (1.2 GHz) or a Cortex-A72 (1.6 GHz) depending on what ran before,
     * and environments could not be compared.
     */
    private static LinuxTest ub(String name, String description, String args) {
        return new LinuxTest(name, description, "taskset -c 0 " + LXBENCH + " " + args);
    }

    /** A latency test of lxbench, which pins its own threads. */
    private static LinuxTest lx(String name, String description, String args) {
        return new LinuxTest(name, description, LXBENCH + " " + args);
    }

    /** The tests called {@code names} (all when empty), in the suite's order; unknown names are user errors. */
    public static List<LinuxTest> select(Size size, List<String> names) {
        List<LinuxTest> all = tests(size);
        if (names.isEmpty()) {
            return all;
        }
        List<String> known = all.stream().map(LinuxTest::name).toList();
        for (String n : names) {
            if (!known.contains(n)) {
                throw new UserInputException("unknown Linux suite test '" + n + "' (known: " + String.join(", ", known) + ")");
            }
        }
        LinkedHashSet<String> wanted = new LinkedHashSet<>(names);
        return all.stream().filter(t -> wanted.contains(t.name())).toList();
    }

    /** The guest's command lines: loopback up, each test framed by BEGIN/END, then {@value #DONE}. */
    public static List<String> script(List<LinuxTest> tests) {
        List<String> lines = new ArrayList<>();
        lines.add("ip link set lo up");
        // A booted Debian system's RNG is initialised (systemd-random-seed credits the seed it
        // saved); a kernel that has just booted without a hardware RNG's is not, and then each
        // system call pays an entropy extraction (docs/WORKLOADS.md).
        lines.add(LXBENCH + " seed " + RANDOM_SEED);
        lines.add("echo INFO cpus=$(nproc) kernel=$(uname -r)");
        for (LinuxTest t : tests) {
            lines.add("echo BEGIN " + t.name());
            lines.addAll(t.commands());
            lines.add("echo END " + t.name() + " status=$?");
        }
        lines.add("echo " + DONE);
        return lines;
    }

    /** The initramfs: the Debian tree's files ({@code debianRoot}), lxbench and the script. */
    public static byte[] initramfs(Path debianRoot, List<LinuxTest> tests) throws IOException {
        return Initramfs.build(debianRoot, script(tests),
                Map.of(LXBENCH.substring(1), lxbench(), RANDOM_SEED.substring(1), randomSeed()));
    }

    /**
     * The seed file: 64 fixed bytes (SplittableRandom's algorithm is specified, so they are the same
     * on every host), so every run starts from the same RNG state and stays deterministic.
     */
    static byte[] randomSeed() {
        byte[] seed = new byte[64];
        new java.util.SplittableRandom(0x68766c6162L).nextBytes(seed);
        return seed;
    }

    /** The committed lxbench binary (built from src/main/guest/linux). */
    public static byte[] lxbench() {
        try (InputStream in = LinuxSuite.class.getResourceAsStream("/guest/linux/lxbench")) {
            if (in == null) {
                throw new IllegalStateException("/guest/linux/lxbench is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The Debian guest of {@code scripts/fetch-debian-guest.sh}: {@code -Dhvlab.debianGuest}, else
     * {@code cache/debian-guest} in the working directory or the nearest parent that has one.
     */
    public static Path guestDirectory() {
        String property = System.getProperty("hvlab.debianGuest");
        if (property != null) {
            return Path.of(property);
        }
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("cache/debian-guest"))) {
                return p.resolve("cache/debian-guest");
            }
        }
        return here.resolve("cache/debian-guest");
    }

    /** Whether {@code dir} holds the kernel and the unpacked packages. */
    public static boolean fetched(Path dir) {
        return Files.isRegularFile(dir.resolve("vmlinuz")) && Files.isRegularFile(dir.resolve("root/usr/bin/cyclictest"))
                && Files.isRegularFile(dir.resolve("root/bin/busybox"));
    }
}
