package dev.hvlab.core.isa;

/** Semantics of the ARM ARM encoding group "BranchesExceptionsSystem" (to be filled). */
final class BranchesExceptionsSystem {
    private BranchesExceptionsSystem() {
    }

    static void bind(Bindings b) {
    }
}
