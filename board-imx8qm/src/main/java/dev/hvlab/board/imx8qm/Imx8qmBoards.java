package dev.hvlab.board.imx8qm;

import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.config.ConfigReader;
import dev.hvlab.core.spi.BoardProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The boards of this module: {@code imx8qm}, the NXP i.MX 8QuadMax (the product's default
 * target), and {@code virt-compat}, the memory map of QEMU's {@code virt} machine, so that the same
 * bare-metal image or kernel runs on hvlab and on qemu-system-aarch64 for differential tests. Both
 * are JSON resources next to this class, read with the same strict reader as a user's board file.
 */
public final class Imx8qmBoards implements BoardProvider {
    static final List<String> RESOURCES = List.of("imx8qm.json", "virt-compat.json");

    @Override
    public List<BoardConfig> boards() {
        return RESOURCES.stream().map(Imx8qmBoards::load).toList();
    }

    private static BoardConfig load(String resource) {
        try (InputStream in = Imx8qmBoards.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("board resource " + resource + " missing from the jar");
            }
            return ConfigReader.read(in, "board-imx8qm:" + resource, BoardConfig.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
