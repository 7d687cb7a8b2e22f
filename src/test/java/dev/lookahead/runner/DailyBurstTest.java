package dev.lookahead.runner;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A daily job's burst: a server's load at 0.065 with noise of 0.01, one reading every five minutes for 20 days, that
 * jumps to about 1.4 for one reading at a minute of 03:00 to 03:25 each day (a nightly batch, a defrost cycle). Once
 * seen on two days the burst widens its hour's band (the hourly peaks), and the hour's plain errors then read small
 * against it. The stuck test read that, and the hour after, whose points the key's recent error level still holds,
 * as a sensor gone quiet, and opened incidents around the burst on some days.
 */
class DailyBurstTest {

    private static final long FIVE_MINUTES = 300_000L;
    private static final int PER_DAY = 288, DAYS = 20;

    /** The series, and where each day's burst falls. */
    private static double[][] load(List<Integer> bursts) {
        SplittableRandom rnd = new SplittableRandom(21);
        double[][] v = new double[DAYS * PER_DAY][];
        for (int d = 0; d < DAYS; d++) bursts.add(d * PER_DAY + 3 * 12 + rnd.nextInt(6));
        for (int i = 0; i < v.length; i++) {
            double x = 0.065 + 0.01 * OneKeyRun.gaussian(rnd);
            if (bursts.contains(i)) x = 1.4 + 0.1 * OneKeyRun.gaussian(rnd);
            v[i] = new double[]{x};
        }
        return v;
    }

    @Test
    void theHoursAroundTheBurstAreNotASensorGoneQuiet() {
        List<Integer> bursts = new ArrayList<>();
        List<Integer> opened = OneKeyRun.openings("batch", "load", load(bursts), FIVE_MINUTES);
        System.out.println("incidents opened on a key with a daily burst, over 20 days: " + opened + "; bursts at " + bursts);
        assertTrue(opened.stream().anyMatch(i -> i < 5 * PER_DAY), "the first days' bursts were surprises: " + opened);
        List<Integer> late = opened.stream().filter(i -> i >= 5 * PER_DAY).toList();
        assertTrue(late.isEmpty(), "from the sixth day, none: neither the quiet hour before a burst nor the hour after it "
                + "is a sensor gone quiet (two opened an hour after the burst when it was): " + late);
    }
}
