package dev.lookahead.runner;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.scoring.IncidentStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** One key through the direct runner, with the bundled model and the shipped defaults. */
final class OneKeyRun {

    private OneKeyRun() {
    }

    /** A standard normal draw (Box-Muller), so a test's noise depends on its seed alone. */
    static double gaussian(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    /** Indexes of the points that opened an incident, for readings {@code interval} ms apart from time 0. */
    static List<Integer> openings(String key, String channel, double[][] values, long interval) {
        return openings(key, channel, values, 0, interval, DetectorConfig.defaults());
    }

    /** Indexes of the points that opened an incident, for readings {@code interval} ms apart from {@code start}, under {@code config}. */
    static List<Integer> openings(String key, String channel, double[][] values, long start, long interval, DetectorConfig config) {
        return openings(key, List.of(channel), values, start, interval, config);
    }

    /** The same for a key of several channels, {@code values[i][ch]} in the order of {@code channels}. */
    static List<Integer> openings(String key, List<String> channels, double[][] values, long start, long interval, DetectorConfig config) {
        long[] times = new long[values.length];
        for (int i = 0; i < times.length; i++) times[i] = start + i * interval;
        Outcome[] out = new DirectRunner(ModelSnapshots.bundled(), config)
                .run(key, channels, times, values);
        List<Integer> opened = new ArrayList<>();
        for (int i = 0; i < out.length; i++)
            if (out[i] instanceof PointResult p && p.incidentStatus() == IncidentStatus.OPENED) opened.add(i);
        return opened;
    }
}
