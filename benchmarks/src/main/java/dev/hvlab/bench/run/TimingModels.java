package dev.hvlab.bench.run;

import dev.hvlab.core.config.UserInputException;
import dev.hvlab.core.machine.TimingModel;
import dev.hvlab.core.timing.ApproximateTiming;

/** Timing model names for the runner ({@code --timing}). */
public final class TimingModels {
    private TimingModels() {
    }

    /**
     * {@code functional}, {@code approximate} (or {@code approx}), or {@code approximate:} followed by
     * comma-separated parameter overrides {@code FILE.PATH=VALUE} (see {@link #withParams}).
     */
    public static TimingModel of(String name) {
        int colon = name.indexOf(':');
        String base = colon < 0 ? name : name.substring(0, colon);
        return switch (base) {
            case "functional" -> {
                if (colon >= 0) {
                    throw new UserInputException("--timing-param needs --timing approximate");
                }
                yield TimingModel.FUNCTIONAL;
            }
            case "approx", "approximate" -> {
                try {
                    yield colon < 0 ? new ApproximateTiming()
                            : ApproximateTiming.withOverrides(java.util.List.of(name.substring(colon + 1).split(",")));
                } catch (IllegalArgumentException e) {
                    throw new UserInputException("--timing-param " + e.getMessage());
                }
            }
            default -> throw new UserInputException("--timing '" + name + "': expected functional or approx");
        };
    }

    /** The timing name with {@code params} ({@code FILE.PATH=VALUE}) attached, as {@link #of} reads it. */
    public static String withParams(String timing, java.util.List<String> params) {
        return params.isEmpty() ? timing : timing + ":" + String.join(",", params);
    }
}
