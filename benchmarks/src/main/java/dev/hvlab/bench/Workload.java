package dev.hvlab.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A bare-metal workload: an ELF image built from src/main/guest/bare (committed under
 * {@code /guest/bare/NAME.elf}), which prints RESULT/HIST lines on the console (docs/WORKLOADS.md).
 * The same sources are also built for Xen's domU guest layout ({@link #XEN_DOMU}).
 *
 * @param name        the name users type ({@code hvlab run NAME})
 * @param description one line for {@code hvlab info} and the reports
 * @param cpus        how many CPUs it uses (the board must have at least as many)
 */
public record Workload(String name, String description, int cpus) {
    /** The image for the i.MX 8QM's memory map (linked in its DDR, LPUART0 console). */
    public static final String IMX8QM = "";
    /** The image for a Xen domU (linked at GUEST_RAM0_BASE, vpl011 console, the guest GIC layout). */
    public static final String XEN_DOMU = "xen-domu";

    /** The image's class-path resource. */
    public String resource() {
        return resource(IMX8QM);
    }

    /** The class-path resource of the image built for {@code layout} ({@link #IMX8QM}, {@link #XEN_DOMU}). */
    public String resource(String layout) {
        return "/guest/bare/" + (layout.isEmpty() ? "" : layout + "/") + name + ".elf";
    }

    /** The image's bytes. */
    public byte[] image() {
        return image(IMX8QM);
    }

    /** The bytes of the image built for {@code layout}. */
    public byte[] image(String layout) {
        String resource = resource(layout);
        try (InputStream in = Workload.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
