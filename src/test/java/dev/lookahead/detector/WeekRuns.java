package dev.lookahead.detector;

import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.runner.DirectRunner;
import dev.lookahead.scoring.IncidentStatus;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seven weeks of one key at 30 minutes from a Monday, and where its incidents opened: what the week's tests share. */
final class WeekRuns {

    static final long START = Instant.parse("2014-01-06T00:00:00Z").toEpochMilli();   // a Monday
    static final long STEP = 30 * 60_000L;
    static final int PER_DAY = 48;
    static final int WEEKS = 7;

    /** A reading at point {@code i}, on {@code day} at {@code hour} (UTC), with the run's seeded noise. */
    @FunctionalInterface
    interface Reading {
        double at(int i, DayOfWeek day, double hour, SplittableRandom noise);
    }

    private WeekRuns() {
    }

    static Outcome[] run(String key, DetectorConfig config, long seed, Reading reading) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = WEEKS * 7 * PER_DAY;
        long[] times = new long[n];
        double[][] values = new double[n][1];
        for (int i = 0; i < n; i++) {
            times[i] = START + i * STEP;
            DayOfWeek day = Instant.ofEpochMilli(times[i]).atZone(ZoneOffset.UTC).getDayOfWeek();
            values[i][0] = reading.at(i, day, (i % PER_DAY) / 2.0, rnd);
        }
        return new DirectRunner(ModelSnapshots.bundled(), config).run(key, List.of("value"), times, values);
    }

    /** Indexes in [from, to) of the points that opened an incident. */
    static List<Integer> openings(Outcome[] out, int from, int to) {
        List<Integer> at = new ArrayList<>();
        for (int i = from; i < to; i++) if (((PointResult) out[i]).incidentStatus() == IncidentStatus.OPENED) at.add(i);
        return at;
    }

    /** That an incident opened on the day that starts at point {@code day}; the message names the nearest. */
    static void assertOneOnTheDay(Outcome[] out, int day, String what) {
        assertTrue(!openings(out, day, day + PER_DAY).isEmpty(), what + ": an incident opens on it (rows " + day + " to " + (day + PER_DAY)
                + "), but none did; the nearest: " + openings(out, day - PER_DAY, day + 2 * PER_DAY));
    }
}
