package dev.hvlab.core.isa;

/** Semantics of the ARM ARM encoding group "DataProcessingRegister" (to be filled). */
final class DataProcessingRegister {
    private DataProcessingRegister() {
    }

    static void bind(Bindings b) {
    }
}
