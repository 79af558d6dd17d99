package dev.hvlab.bench.run;

import dev.hvlab.core.config.UserInputException;
import dev.hvlab.core.machine.TimingModel;
import dev.hvlab.core.timing.ApproximateTiming;

/** Timing model names for the runner ({@code --timing}). */
public final class TimingModels {
    private TimingModels() {
    }

    public static TimingModel of(String name) {
        return switch (name) {
            case "functional" -> TimingModel.FUNCTIONAL;
            case "approx", "approximate" -> new ApproximateTiming();
            default -> throw new UserInputException("--timing '" + name + "': expected functional or approx");
        };
    }
}
