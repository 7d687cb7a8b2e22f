package dev.lookahead.scoring;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What holds an open incident ({@link SustainedEvidence#recent()}) under each {@link Holding}: while the key stays
 * away its averages hold; once it returns, the level's slower averages, which lag the return, hold no longer, though
 * they are still far out ({@link SustainedEvidence#best()}).
 */
class SustainedEvidenceTest {

    private static final double CLIP = 2.5;
    private static final int WINDOW = 2000;

    private static double gaussian(SplittableRandom rnd) {
        double sum = 0;
        for (int k = 0; k < 12; k++) sum += rnd.nextDouble();
        return sum - 6;
    }

    /** 2,000 normal points, a shift of two spreads for 200 (an open incident: nothing learned), then 12 after a return. */
    private static double[] holdAfterReturn(Holding holding, long seed) {
        SustainedEvidence e = new SustainedEvidence(1, holding);
        SplittableRandom rnd = new SplittableRandom(seed);
        boolean[] present = {true};
        for (int i = 0; i < 2000; i++) e.update(new double[]{gaussian(rnd)}, present, CLIP, WINDOW, true);
        int run = 0, longestWeak = 0;
        for (int i = 0; i < 200; i++) {
            e.update(new double[]{2 + gaussian(rnd)}, present, CLIP, WINDOW, false);
            run = i >= 20 && Math.abs(e.recent()) < 3 ? run + 1 : 0;
            longestWeak = Math.max(longestWeak, run);
        }
        for (int i = 0; i < 12; i++) e.update(new double[]{gaussian(rnd)}, present, CLIP, WINDOW, false);
        return new double[]{longestWeak, e.recent(), e.best()};
    }

    @Test
    void theLevelsSlowerAveragesStopHoldingOnceTheFastestIsBack() {
        double[] r = holdAfterReturn(Holding.CHAINED, 11);
        // an incident closes after incident-quiet-points (20) quiet points in a row: a noisy fast average that dips
        // for a point or two does not close it
        assertTrue(r[0] <= 3, "held while the key is away, but for runs of at most 3 points: " + r[0]);
        assertTrue(Math.abs(r[2]) > 5, "12 points after the return the slow averages are still far out: " + r[2]);
        assertTrue(Math.abs(r[1]) < 3, "but they no longer hold: " + r[1]);
    }

    @Test
    void theSpreadsAndTheErrors16PointAverageStillHolds12PointsAfterAReturn() {
        for (Holding h : new Holding[]{Holding.SLOWEST_WITH_NEXT, Holding.FAST}) {
            double[] r = holdAfterReturn(h, 12);
            assertTrue(r[0] == 0, h + ": held at every point while the key is away: " + r[0]);
            assertTrue(Math.abs(r[1]) >= 3, h + ": the 16-point average still holds: " + r[1]);
        }
    }

    @Test
    void scalesBeforeTheFirstJudgedAreLeftOutOfTheLargestButStillLearnAndHold() throws java.io.IOException {
        SustainedEvidence all = new SustainedEvidence(1, Holding.FAST), slow = new SustainedEvidence(1, Holding.FAST);
        SplittableRandom rnd = new SplittableRandom(21);
        boolean[] present = {true};
        for (int i = 0; i < 2000; i++) {
            double[] d = {gaussian(rnd)};
            all.update(d, present, CLIP, WINDOW, true, 0);
            slow.update(d, present, CLIP, WINDOW, true, 1);
        }
        // a run of four points two spreads out: the 4-point average is the farthest out
        double a = 0, b = 0;
        for (int i = 0; i < 4; i++) {
            double[] d = {2.0};
            a = all.update(d, present, CLIP, WINDOW, true, 0);
            b = slow.update(d, present, CLIP, WINDOW, true, 1);
        }
        assertEquals(0, all.bestScale(), "with every scale judged, the 4-point average is the largest");
        assertTrue(Math.abs(a) > 4, "and far out: " + a);
        assertEquals(1, slow.bestScale(), "from the 16-point average on, it is the largest judged");
        assertTrue(Math.abs(b) < Math.abs(a), b + " against " + a);
        assertEquals(all.recent(), slow.recent(), "what holds an incident is the same");
        java.io.ByteArrayOutputStream x = new java.io.ByteArrayOutputStream(), y = new java.io.ByteArrayOutputStream();
        all.write(new java.io.DataOutputStream(x));
        slow.write(new java.io.DataOutputStream(y));
        org.junit.jupiter.api.Assertions.assertArrayEquals(x.toByteArray(), y.toByteArray(), "every scale learned alike");
    }

    @Test
    void aLowerNoiseFloorStandardisesAQuietKeysAveragesByItsOwnNoise() {
        // a key whose deviation is small noise (0.1): its averages learn a narrow spread, and the floor decides
        double[] unitFloor = {1.0}, ownFloor = {0.1};
        SustainedEvidence unit = new SustainedEvidence(1, Holding.FAST), own = new SustainedEvidence(1, Holding.FAST);
        SplittableRandom rnd = new SplittableRandom(5);
        boolean[] present = {true};
        for (int i = 0; i < 3000; i++) {
            double[] d = {0.1 * rnd.nextGaussian()};
            unit.update(d, present, 2.5, 2000, true, 0, unitFloor);
            own.update(d, present, 2.5, 2000, true, 0, ownFloor);
        }
        double a = 0, b = 0;
        for (int i = 0; i < 64; i++) {   // a shift of three of its noise sigmas
            double[] d = {0.3 + 0.1 * rnd.nextGaussian()};
            a = unit.update(d, present, 2.5, 2000, false, 0, unitFloor);
            b = own.update(d, present, 2.5, 2000, false, 0, ownFloor);
        }
        assertTrue(a < 4, "judged against unit noise, the shift is " + a + " spreads");
        assertTrue(b > 10, "judged against its own noise, " + b + " spreads");
    }

    /**
     * Feeds {@code channels} of unit noise to a pooling and a non-pooling evidence alike: 3,000 normal points, then 200
     * points (an open incident: nothing learned) with {@code shift} added to the first {@code shifted} channels. Returns
     * the mean over the last 100 of each one's largest standardised average, then of what each says holds the incident
     * ({@code recent}): {pooled, channel by channel, pooled holding, channel by channel holding}.
     */
    private static double[] shiftOnSome(int channels, int shifted, double shift, long seed) {
        SustainedEvidence pooled = new SustainedEvidence(channels, Holding.CHAINED, true);
        SustainedEvidence single = new SustainedEvidence(channels, Holding.CHAINED, false);
        SplittableRandom rnd = new SplittableRandom(seed);
        boolean[] present = new boolean[channels];
        java.util.Arrays.fill(present, true);
        double[] d = new double[channels];
        for (int i = 0; i < 3000; i++) {
            for (int c = 0; c < channels; c++) d[c] = gaussian(rnd);
            pooled.update(d, present, CLIP, WINDOW, true);
            single.update(d, present, CLIP, WINDOW, true);
        }
        double[] r = new double[4];
        for (int i = 0; i < 200; i++) {
            for (int c = 0; c < channels; c++) d[c] = (c < shifted ? shift : 0) + gaussian(rnd);
            double a = Math.abs(pooled.update(d, present, CLIP, WINDOW, false));
            double b = Math.abs(single.update(d, present, CLIP, WINDOW, false));
            if (i >= 100) {
                r[0] += a / 100;
                r[1] += b / 100;
                r[2] += Math.abs(pooled.recent()) / 100;
                r[3] += Math.abs(single.recent()) / 100;
            }
        }
        return r;
    }

    @Test
    void eightChannelsJudgedTogetherShowAShiftOnFourFartherOutThanAnyOneAlone() {
        double gain = 0;
        for (long seed = 1; seed <= 3; seed++) {
            // 0.3 noise sigmas on four of eight channels: each channel's 64-point average about 3 of its spreads out
            double[] r = shiftOnSome(8, 4, 0.3, seed);
            assertTrue(r[1] < 4, "seed " + seed + ": channel by channel, the largest is " + r[1] + " spreads");
            assertTrue(r[0] > r[1] + 0.5, "seed " + seed + ": judged together, " + r[0] + " against " + r[1]);
            gain += (r[0] - r[1]) / 3;
        }
        // seeds 1 to 3: 5.1 against 3.4, 3.4 against 2.7, 5.3 against 3.5
        assertTrue(gain > 1.2, "judged together, on average " + gain + " spreads farther out");
    }

    @Test
    void eightChannelsJudgedTogetherHoldAnIncidentThatEachChannelAloneWouldLetGo() {
        double gain = 0;
        StringBuilder seen = new StringBuilder();
        for (long seed = 1; seed <= 3; seed++) {
            // 0.5 noise sigmas on four of eight channels: channel by channel, what holds is each one's 4-point average
            // and its slower ones while every faster one is out with it
            double[] r = shiftOnSome(8, 4, 0.5, seed);
            seen.append(String.format(java.util.Locale.ROOT, " seed %d: %.2f against %.2f;", seed, r[2], r[3]));
            assertTrue(r[2] > r[3] + 0.5, "seed " + seed + ": holding, judged together " + r[2] + " against " + r[3]);
            gain += (r[2] - r[3]) / 3;
        }
        // seeds 1 to 3: 8.4 against 4.7, 6.7 against 4.0, 6.6 against 5.1 (the 16-point square, which holds and
        // does not open)
        System.out.println("holding on a shift of four of eight channels:" + seen);
        assertTrue(gain > 1.0, "holding, judged together, on average " + gain + " spreads farther out:" + seen);
    }

    @Test
    void withoutAShiftOrWithFewerThanThreeChannelsPoolingChangesNothingItNeedNot() {
        double[] still = shiftOnSome(8, 0, 0, 4);
        assertTrue(still[0] < 3, "no shift: judged together, the largest is " + still[0] + " spreads");
        double[] two = shiftOnSome(2, 2, 0.3, 4);
        assertEquals(two[1], two[0], "two channels are not pooled");
        assertEquals(3, SustainedEvidence.POOLED_FROM_CHANNELS);
    }

    @Test
    void thePooledRangesAreSavedInVersion3AndLearnedAnewFromOlderBodies() throws java.io.IOException {
        SustainedEvidence learned = new SustainedEvidence(8, Holding.CHAINED, true);
        SustainedEvidence v1Layout = new SustainedEvidence(8, Holding.CHAINED, false);
        SplittableRandom rnd = new SplittableRandom(6);
        boolean[] present = new boolean[8];
        java.util.Arrays.fill(present, true);
        double[] d = new double[8];
        for (int i = 0; i < 3000; i++) {
            for (int c = 0; c < 8; c++) d[c] = gaussian(rnd);
            learned.update(d, present, CLIP, WINDOW, true);
            v1Layout.update(d, present, CLIP, WINDOW, true);
        }
        byte[] v3 = bytes(learned), v1 = bytes(v1Layout);
        SustainedEvidence restored = read(v3, 3);
        org.junit.jupiter.api.Assertions.assertArrayEquals(v3, bytes(restored), "a save and restore keeps every float");
        assertEquals(v1.length + 24, v3.length, "the two pooled ranges are 12 bytes each");
        SustainedEvidence fromV1 = read(v1, 1);
        SustainedEvidence fromV2 = read(java.util.Arrays.copyOf(v3, v1.length + 12), 2);
        // a shift on four channels: the restored key judges them together at once, opening and holding; one read from
        // version 1 has both pooled ranges to learn, and judges channel by channel as a key before it did; one read
        // from version 2 opens as the restored one does and holds channel by channel
        double r = 0, v = 0, w = 0, single = 0;
        for (int i = 0; i < 200; i++) {
            for (int c = 0; c < 8; c++) d[c] = (c < 4 ? 0.3 : 0) + gaussian(rnd);
            r = restored.update(d, present, CLIP, WINDOW, false);
            v = fromV1.update(d, present, CLIP, WINDOW, false);
            w = fromV2.update(d, present, CLIP, WINDOW, false);
            single = v1Layout.update(d, present, CLIP, WINDOW, false);
            assertEquals(v1Layout.recent(), fromV1.recent(), "read from version 1, holding channel by channel");
            assertEquals(v1Layout.recent(), fromV2.recent(), "read from version 2, holding channel by channel");
        }
        assertEquals(single, v, "read from version 1, opening channel by channel");
        assertEquals(r, w, "read from version 2, opening judged together");
        assertTrue(r > v + 0.5, "restored from version 3, judged together: " + r + " against " + v);
    }

    private static SustainedEvidence read(byte[] body, int version) throws java.io.IOException {
        SustainedEvidence e = new SustainedEvidence(8, Holding.CHAINED, true);
        e.read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(body)), version);
        return e;
    }

    private static byte[] bytes(SustainedEvidence e) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        e.write(new java.io.DataOutputStream(out));
        return out.toByteArray();
    }
}
