package dev.hvlab.hv.xen;

import dev.hvlab.core.tools.ExternalTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Builds the guests of src/test/guest with aarch64-linux-gnu-gcc at a given link address. */
final class GuestImages {
    static final String GCC = "aarch64-linux-gnu-gcc";
    static final Path SOURCES = Path.of("src/test/guest");

    private GuestImages() {
    }

    static boolean available() {
        return ExternalTool.isInstalled(GCC);
    }

    /** Compiles {@code main} (with the library) linked at {@code base}; returns the ELF path. */
    static Path build(Path dir, String name, String main, long base, String... defines) throws IOException, InterruptedException {
        Path ld = dir.resolve(name + ".ld");
        Files.writeString(ld, String.format("ENTRY(_start)%nSECTIONS%n{%n . = 0x%x;%n .text : { KEEP(*(.text.boot)) *(.text*) }%n"
                + " .rodata : { *(.rodata*) }%n .data : { *(.data*) }%n . = ALIGN(4096);%n .bss : { *(.bss*) *(COMMON) }%n}%n", base));
        Path out = dir.resolve(name + ".elf");
        List<String> cmd = new ArrayList<>(List.of(GCC, "-O2", "-ffreestanding", "-nostdlib", "-fno-builtin", "-mstrict-align",
                "-fno-pic", "-fno-stack-protector", "-march=armv8-a", "-mgeneral-regs-only", "-mno-outline-atomics",
                "-fno-asynchronous-unwind-tables", "-static", "-T", ld.toString(), "-Wl,--build-id=none", "-Wl,-n",
                "-Wl,--no-warn-rwx-segments", "-o", out.toString()));
        for (String d : defines) {
            cmd.add("-D" + d);
        }
        cmd.add(SOURCES.resolve("start.S").toString());
        cmd.add(SOURCES.resolve("xenlib.c").toString());
        cmd.add(SOURCES.resolve(main).toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("building " + name + " failed:\n" + log);
        }
        return out;
    }
}
