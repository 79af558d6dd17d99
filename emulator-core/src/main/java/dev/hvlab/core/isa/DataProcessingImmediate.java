package dev.hvlab.core.isa;

/** Semantics of the ARM ARM encoding group "DataProcessingImmediate" (to be filled). */
final class DataProcessingImmediate {
    private DataProcessingImmediate() {
    }

    static void bind(Bindings b) {
    }
}
