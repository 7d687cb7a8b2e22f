package dev.lookahead.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;

/** Helpers over {@link SyntheticStream}. */
public final class SyntheticStreams {

    private static final double[] PERIODS = {24, 48, 96, 144, 288};

    private SyntheticStreams() {
    }

    /** {@link #multiKey(int, int, long, BiConsumer)} without customisation. */
    public static List<LabelledSeries> multiKey(int keys, int length, long seed) {
        return multiKey(keys, length, seed, (i, b) -> { });
    }

    /**
     * {@code keys} univariate series {@code sensor-000, sensor-001, ...}, each with its own seed, daily-ish period
     * (cycling through 24, 48, 96, 144, 288 points), level, amplitude and noise, plus two random anomalies
     * (SPIKE, DIP, LEVEL_SHIFT, FLATLINE, VARIANCE_CHANGE) after a clean first quarter, 50 points apart.
     * {@code customise} gets the key index and the pre-configured builder and may change anything before
     * generation. Same arguments, same series.
     */
    public static List<LabelledSeries> multiKey(int keys, int length, long seed,
                                                BiConsumer<Integer, SyntheticStream> customise) {
        if (keys < 1) throw new IllegalArgumentException("keys must be >= 1, was " + keys);
        SplittableRandom rnd = new SplittableRandom(seed);
        List<LabelledSeries> out = new ArrayList<>(keys);
        for (int i = 0; i < keys; i++) {
            long keySeed = rnd.nextLong();
            double level = rnd.nextDouble(0, 100);
            double amplitude = rnd.nextDouble(1, 10);
            double noise = amplitude * rnd.nextDouble(0.05, 0.2);
            SyntheticStream b = SyntheticStream.builder(keySeed)
                    .key(String.format(java.util.Locale.ROOT, "sensor-%03d", i))
                    .length(length)
                    .level(level)
                    .seasonal(PERIODS[i % PERIODS.length], amplitude)
                    .noise(noise)
                    .randomAnomalies(2, 50, length / 4, AnomalyKind.SPIKE, AnomalyKind.DIP, AnomalyKind.LEVEL_SHIFT,
                            AnomalyKind.FLATLINE, AnomalyKind.VARIANCE_CHANGE);
            customise.accept(i, b);
            out.add(b.generate());
        }
        return out;
    }
}
