package dev.hvlab.board.imx8qm;

import dev.hvlab.core.config.BoardConfig;

/**
 * What a device {@code type} string of a board config means: how the device is built and mapped,
 * and how the device tree describes it. Both come from the same table row, so the DT cannot
 * disagree with the model.
 */
interface DeviceType {
    /** Builds the device and maps it on the board's bus. */
    void wire(Board.Wiring board, BoardConfig.Device device);

    /** Adds the device's nodes to the tree. */
    void describe(DeviceTree.Builder tree, BoardConfig.Device device);
}
