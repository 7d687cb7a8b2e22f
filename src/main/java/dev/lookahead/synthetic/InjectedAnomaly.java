package dev.lookahead.synthetic;

import java.util.List;
import java.util.Objects;

/**
 * One anomaly to inject, in the coordinates of the generated series <em>before</em> gaps are removed.
 *
 * @param kind      what it does
 * @param start     first affected index
 * @param length    affected points (1 for SPIKE and DIP)
 * @param channels  affected channel indexes; empty means all channels
 * @param magnitude size, meaning per {@link AnomalyKind}
 * @param temporary a LEVEL_SHIFT or DRIFT that ends with its window (the channel is back after {@code length}
 *                  points) instead of staying; every other kind ends with its window anyway
 */
public record InjectedAnomaly(AnomalyKind kind, int start, int length, List<Integer> channels, double magnitude,
                              boolean temporary) {

    public InjectedAnomaly {
        Objects.requireNonNull(kind, "kind");
        channels = channels == null ? List.of() : List.copyOf(channels);
        if (start < 0) throw new IllegalArgumentException("start must be >= 0, was " + start);
        if (length < 1) throw new IllegalArgumentException("length must be >= 1, was " + length);
        if ((kind == AnomalyKind.SPIKE || kind == AnomalyKind.DIP) && length != 1)
            throw new IllegalArgumentException(kind + " has length 1, was " + length);
        if (!Double.isFinite(magnitude)) throw new IllegalArgumentException("magnitude must be finite");
    }

    /** A permanent (for LEVEL_SHIFT and DRIFT) anomaly: the generators' default. */
    public InjectedAnomaly(AnomalyKind kind, int start, int length, List<Integer> channels, double magnitude) {
        this(kind, start, length, channels, magnitude, false);
    }

    /** This anomaly ending with its window: a LEVEL_SHIFT or DRIFT that goes back to normal after it. */
    public InjectedAnomaly asTemporary() {
        return new InjectedAnomaly(kind, start, length, channels, magnitude, true);
    }

    public static InjectedAnomaly of(AnomalyKind kind, int start, int length, double magnitude, int... channels) {
        return new InjectedAnomaly(kind, start, length, java.util.Arrays.stream(channels).boxed().toList(), magnitude);
    }

    public static InjectedAnomaly spike(int at, double magnitude, int... channels) {
        return of(AnomalyKind.SPIKE, at, 1, magnitude, channels);
    }

    public static InjectedAnomaly dip(int at, double magnitude, int... channels) {
        return of(AnomalyKind.DIP, at, 1, magnitude, channels);
    }

    public static InjectedAnomaly gap(int start, int length) {
        return of(AnomalyKind.GAP, start, length, 0);
    }

    /** Last affected index, inclusive. */
    public int end() {
        return start + length - 1;
    }
}
