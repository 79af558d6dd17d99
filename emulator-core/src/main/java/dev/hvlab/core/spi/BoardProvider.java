package dev.hvlab.core.spi;

import dev.hvlab.core.config.BoardConfig;
import java.util.List;

/**
 * A module that provides boards, found through {@link java.util.ServiceLoader} ({@code
 * META-INF/services/dev.hvlab.core.spi.BoardProvider}). The boards are described as data; building
 * a machine from a description is added here by the issue that introduces the machine.
 */
public interface BoardProvider {
    /** The boards this provider knows, each by its configuration. */
    List<BoardConfig> boards();
}
