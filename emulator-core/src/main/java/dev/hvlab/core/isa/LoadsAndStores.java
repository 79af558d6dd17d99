package dev.hvlab.core.isa;

/**
 * Semantics of the ARM ARM encoding group "Loads and Stores" (C4.1.88), integer ARMv8.0 forms:
 * the entry point that binds the sub-groups, each in its own class named after the ARM ARM:
 * {@link LoadStoreExclusive} (with LDAR/STLR), {@link LoadRegisterLiteral}, {@link LoadStorePair}
 * and {@link LoadStoreRegister}. FP/SIMD loads and stores (V=1) are not in the table yet.
 */
final class LoadsAndStores {
    private LoadsAndStores() {
    }

    static void bind(Bindings b) {
        LoadStoreExclusive.bind(b);
        LoadRegisterLiteral.bind(b);
        LoadStorePair.bind(b);
        LoadStoreRegister.bind(b);
    }
}
