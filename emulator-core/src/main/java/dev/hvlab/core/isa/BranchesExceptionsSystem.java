package dev.hvlab.core.isa;

/**
 * Semantics of the ARM ARM encoding group "Branches, exception generating and system
 * instructions" (op0 = 101x), one class per ARM ARM sub-group.
 */
final class BranchesExceptionsSystem {
    private BranchesExceptionsSystem() {
    }

    static void bind(Bindings b) {
        Branches.bind(b);
        ExceptionReturn.bind(b);
        ExceptionGeneration.bind(b);
        Hints.bind(b);
        Barriers.bind(b);
        PstateAccess.bind(b);
        SystemRegisterMoves.bind(b);
    }
}
