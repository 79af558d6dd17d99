package dev.hvlab.core.user;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The committed guest programs (src/test/resources/guest) and the qemu-aarch64 oracle. */
final class GuestFiles {
    private GuestFiles() {
    }

    static Path path(String name) {
        URL u = GuestFiles.class.getResource("/guest/" + name);
        if (u == null) {
            throw new IllegalStateException("missing test resource guest/" + name);
        }
        try {
            return Path.of(u.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean qemuInstalled() {
        try {
            Process p = new ProcessBuilder("qemu-aarch64", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** The outcome of running a program under qemu-aarch64 -cpu cortex-a72 with an empty environment. */
    record QemuRun(byte[] stdout, int status) {
    }

    /**
     * Runs {@code ./name args...} from the directory of the guest programs, with {@code env} as
     * the whole environment, and {@code qemuOptions} before the program.
     */
    static QemuRun qemu(String name, List<String> qemuOptions, List<String> env, String... args) throws Exception {
        Path dir = path(name).getParent();
        List<String> cmd = new java.util.ArrayList<>(List.of("env", "-i"));
        cmd.addAll(env);
        cmd.addAll(List.of("qemu-aarch64", "-cpu", "cortex-a72"));
        cmd.addAll(qemuOptions);
        cmd.add("./" + path(name).getFileName());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("qemu-aarch64 timed out on " + name);
        }
        return new QemuRun(out, p.exitValue());
    }

    static byte[] bytes(String name) throws IOException {
        return Files.readAllBytes(path(name));
    }
}
