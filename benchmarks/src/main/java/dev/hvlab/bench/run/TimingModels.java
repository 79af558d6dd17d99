package dev.hvlab.bench.run;

import dev.hvlab.core.config.UserInputException;
import dev.hvlab.core.machine.TimingModel;

/** Timing model names for the runner ({@code --timing}). */
public final class TimingModels {
    private TimingModels() {
    }

    public static TimingModel of(String name) {
        return switch (name) {
            case "functional" -> TimingModel.FUNCTIONAL;
            case "approx", "approximate" -> throw new UserInputException(
                    "--timing " + name + ": not implemented yet (issue 9); use --timing functional");
            default -> throw new UserInputException("--timing '" + name + "': expected functional or approx");
        };
    }
}
