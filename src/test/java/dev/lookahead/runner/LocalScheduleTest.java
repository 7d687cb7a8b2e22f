package dev.lookahead.runner;

import dev.lookahead.detector.DetectorConfig;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A key on a local schedule across a daylight-saving change: a plant in Berlin at 20 that runs at 35 from 08:00 to
 * 18:00 local time every day, with noise of 0.5, every five minutes for ten weeks from 2026-02-02 (the clocks go
 * forward on 2026-03-29). In UTC its steps move an hour earlier that day; with {@code time-zone} Europe/Berlin its
 * phase is local time and they stay at their hours (docs/ACCURACY.md, "Local time").
 */
class LocalScheduleTest {

    private static final long FIVE_MINUTES = 300_000L;
    private static final int LENGTH = 10 * 7 * 288;
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final long START = Instant.parse("2026-02-02T00:00:00Z").toEpochMilli();
    /** The first point after the clocks went forward. */
    private static final int CHANGE = (int) ((Instant.parse("2026-03-29T01:00:00Z").toEpochMilli() - START) / FIVE_MINUTES);

    private static double[][] plant() {
        SplittableRandom rnd = new SplittableRandom(29);
        double[][] v = new double[LENGTH][];
        for (int i = 0; i < LENGTH; i++) {
            int hour = ZonedDateTime.ofInstant(Instant.ofEpochMilli(START + i * FIVE_MINUTES), BERLIN).getHour();
            v[i] = new double[]{(hour >= 8 && hour < 18 ? 35 : 20) + 0.5 * OneKeyRun.gaussian(rnd)};
        }
        return v;
    }

    private static List<Integer> opened(DetectorConfig config) {
        return OneKeyRun.openings("plant", "level", plant(), START, FIVE_MINUTES, config);
    }

    @Test
    void inItsOwnTimeZoneItsStepsStayAtTheirHoursAcrossTheChange() {
        List<Integer> local = opened(DetectorConfig.builder().timeZone(BERLIN).build());
        List<Integer> utc = opened(DetectorConfig.defaults());
        System.out.println("incidents opened by a Berlin plant over ten weeks, clocks forward at point " + CHANGE + ": in UTC "
                + utc + "; in Europe/Berlin " + local);
        long utcAfterChange = utc.stream().filter(i -> i >= CHANGE && i < CHANGE + 7 * 288).count();
        long localAfterChange = local.stream().filter(i -> i >= CHANGE && i < CHANGE + 7 * 288).count();
        assertTrue(utcAfterChange >= 4, "in UTC the steps moved: " + utcAfterChange + " incidents in the week after the change");
        assertTrue(localAfterChange == 0, "in local time they did not: " + local);
        assertTrue(local.size() <= 1, "its first day's step at most: " + local);
    }
}
