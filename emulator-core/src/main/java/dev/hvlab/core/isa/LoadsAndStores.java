package dev.hvlab.core.isa;

/** Semantics of the ARM ARM encoding group "LoadsAndStores" (to be filled). */
final class LoadsAndStores {
    private LoadsAndStores() {
    }

    static void bind(Bindings b) {
    }
}
