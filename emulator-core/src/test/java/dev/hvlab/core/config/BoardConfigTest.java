package dev.hvlab.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BoardConfigTest {
    private static final List<BoardConfig.Cluster> ONE_CLUSTER =
            List.of(new BoardConfig.Cluster("cortex-a53", 4, 1_200_000_000L, 0));

    private static BoardConfig board(List<BoardConfig.Cluster> clusters, List<BoardConfig.Device> devices) {
        return new BoardConfig("b", "d", 8_000_000, List.of(new BoardConfig.Ram(0x8000_0000L, 0x8000_0000L)),
                clusters, devices);
    }

    @Test
    void countsCpusOverClusters() {
        BoardConfig b = board(List.of(new BoardConfig.Cluster("cortex-a53", 4, 1, 0),
                new BoardConfig.Cluster("cortex-a72", 2, 1, 1)), List.of());
        assertEquals(6, b.cpuCount());
    }

    @Test
    void rejectsOverlappingRegions() {
        var e = assertThrows(IllegalArgumentException.class, () -> board(ONE_CLUSTER, List.of(
                new BoardConfig.Device("uart", "pl011", 0x9000_0000L, 0x1000, List.of(33)))));
        assertTrue(e.getMessage().contains("overlaps device 'uart'"), e.getMessage());
    }

    @Test
    void rejectsUnknownCoreType() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new BoardConfig.Cluster("cortex-a57", 1, 1, 0));
        assertTrue(e.getMessage().contains("unknown coreType 'cortex-a57'"), e.getMessage());
    }

    @Test
    void rejectsDuplicateAffinity() {
        var c = new BoardConfig.Cluster("cortex-a53", 1, 1, 0);
        assertThrows(IllegalArgumentException.class, () -> board(List.of(c, c), List.of()));
    }

    @Test
    void rejectsSgiAsDeviceInterrupt() {
        assertThrows(IllegalArgumentException.class,
                () -> new BoardConfig.Device("uart", "pl011", 0x1000, 0x1000, List.of(15)));
    }

    @Test
    void rejectsUnalignedRam() {
        assertThrows(IllegalArgumentException.class, () -> new BoardConfig.Ram(0x8000_0800L, 0x1000));
    }
}
