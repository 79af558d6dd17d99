package dev.hvlab.core.disasm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs binutils' aarch64-linux-gnu-objdump, the oracle of the disassembler tests. */
final class Objdump {
    static final String TOOL = "aarch64-linux-gnu-objdump";
    /** "  400120:\td503201f \tnop" : address, word, text. */
    static final Pattern LINE = Pattern.compile("^\\s*([0-9a-f]+):\\t([0-9a-f]{8}) \\t(.*)$");

    private Objdump() {
    }

    static boolean available() {
        try {
            Process p = new ProcessBuilder(TOOL, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** objdump's text for each word, the words laid out from {@code base}. */
    static List<String> disassemble(int[] words, long base) {
        try {
            Path bin = Files.createTempFile("hvlab-disasm", ".bin");
            try {
                byte[] b = new byte[words.length * 4];
                for (int i = 0; i < words.length; i++) {
                    for (int k = 0; k < 4; k++) {
                        b[i * 4 + k] = (byte) (words[i] >>> (8 * k));
                    }
                }
                Files.write(bin, b);
                List<String> lines = run(TOOL, "-D", "-b", "binary", "-m", "aarch64",
                        "--adjust-vma=0x" + Long.toHexString(base), bin.toString());
                String[] out = new String[words.length];
                for (String l : lines) {
                    Matcher m = LINE.matcher(l);
                    if (m.matches()) {
                        int idx = (int) ((Long.parseLong(m.group(1), 16) - base) / 4);
                        out[idx] = m.group(3);
                    }
                }
                List<String> res = new ArrayList<>();
                for (int i = 0; i < words.length; i++) {
                    if (out[i] == null) {
                        throw new IllegalStateException("objdump printed nothing for word " + i);
                    }
                    res.add(out[i]);
                }
                return res;
            } finally {
                Files.deleteIfExists(bin);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out.lines().toList();
    }

    /**
     * The comparable part of an instruction text: objdump's trailing "// ..." comments and
     * "&lt;symbol&gt;" annotations removed, whitespace runs collapsed to one space.
     */
    static String normalise(String text) {
        String t = text;
        int c = t.indexOf("//");
        if (c >= 0) {
            t = t.substring(0, c);
        }
        t = t.replaceAll("<[^>]*>", "");
        return t.replaceAll("\\s+", " ").trim();
    }
}
