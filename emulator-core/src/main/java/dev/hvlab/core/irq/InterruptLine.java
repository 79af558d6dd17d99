package dev.hvlab.core.irq;

/**
 * A device's level-sensitive interrupt output, as wired to an interrupt controller input (a GIC
 * SPI on the boards). The device calls {@link #set} whenever the level it drives may have changed;
 * repeating the current level is allowed and must be harmless on the receiving side.
 */
@FunctionalInterface
public interface InterruptLine {
    void set(boolean level);

    /** An unconnected output. */
    InterruptLine NONE = level -> { };
}
