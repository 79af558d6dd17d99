package dev.hvlab.core.difftest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link Program} under {@code qemu-aarch64 -cpu cortex-a72} with one instruction per
 * translation block and the CPU state logged before each ({@code -d cpu,nochain}), and parses
 * that log into a {@link Trace}. QEMU 7.x spells single-stepping {@code -singlestep}; 8.1 and later
 * {@code -one-insn-per-tb}: the flag is chosen from {@code qemu-aarch64 --version}.
 */
public final class QemuRunner {
    public static final String QEMU = "qemu-aarch64";

    private final Path work;
    private final String stepFlag;

    public QemuRunner(Path work) {
        this.work = work;
        this.stepFlag = stepFlag();
    }

    public static boolean available() {
        return HostTools.exists(QEMU);
    }

    private static String stepFlag() {
        try {
            Process p = new ProcessBuilder(QEMU, "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("version (\\d+)\\.(\\d+)").matcher(out);
            if (m.find()) {
                int major = Integer.parseInt(m.group(1));
                int minor = Integer.parseInt(m.group(2));
                return major > 8 || (major == 8 && minor >= 1) ? "-one-insn-per-tb" : "-singlestep";
            }
            return "-singlestep";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Trace run(Program prog) {
        Path elf = work.resolve("prog-" + Long.toHexString(prog.seed()));
        Path log = work.resolve("trace-" + Long.toHexString(prog.seed()) + ".log");
        try {
            Files.write(elf, prog.elf());
            elf.toFile().setExecutable(true);
            Process p = new ProcessBuilder(QEMU, "-cpu", "cortex-a72", stepFlag, "-d", "cpu,nochain",
                    "-D", log.toString(), elf.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] stdout = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("qemu-aarch64 timed out on seed " + prog.seed());
            }
            List<long[]> states = parse(log, prog.prologueLength());
            return new Trace(states, p.exitValue(), stdout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            try {
                Files.deleteIfExists(elf);
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // a leftover temporary file is harmless
            }
        }
    }

    /**
     * Parses the {@code -d cpu} log: one record per instruction, from " PC=" to "PSTATE=", with
     * X00-X30, SP and PSTATE (whose bits 31:28 are NZCV). Records before {@code skip} are dropped.
     */
    static List<long[]> parse(Path log, int skip) throws IOException {
        List<long[]> out = new ArrayList<>();
        long[] cur = null;
        int index = 0;
        try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = in.readLine()) != null) {
                int i = 0;
                int len = line.length();
                while (i < len) {
                    int eq = line.indexOf('=', i);
                    if (eq < 0) {
                        break;
                    }
                    int ks = eq - 1;
                    while (ks >= 0 && line.charAt(ks) != ' ') {
                        ks--;
                    }
                    String key = line.substring(ks + 1, eq);
                    int ve = eq + 1;
                    while (ve < len && Character.digit(line.charAt(ve), 16) >= 0) {
                        ve++;
                    }
                    if (ve == eq + 1) {
                        i = eq + 1;
                        continue;
                    }
                    long v = Long.parseUnsignedLong(line, eq + 1, ve, 16);
                    i = ve;
                    if (key.equals("PC")) {
                        cur = new long[State.SIZE];
                        cur[State.PC] = v;
                    } else if (cur == null) {
                        continue;
                    } else if (key.equals("SP")) {
                        cur[State.SP] = v;
                    } else if (key.equals("PSTATE")) {
                        cur[State.NZCV] = (v >>> 28) & 0xF;
                        if (index++ >= skip) {
                            out.add(cur);
                        }
                        cur = null;
                    } else if (key.length() == 3 && key.charAt(0) == 'X') {
                        cur[Integer.parseInt(key, 1, 3, 10)] = v;
                    }
                }
            }
        }
        return out;
    }
}
