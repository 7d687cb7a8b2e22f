package dev.lookahead.detector;

import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.scoring.IncidentStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A key silent for {@code detector.new-run-after-ms}, or for {@code new-run-after-points} of its own intervals, starts a
 * new run whose level is anchored on its own first points:
 * a run at another level is judged against where it runs, not held as one long incident. A shorter pause is a
 * pause, and the same step after it is a level shift; a fault that starts after the anchor is still found; a run
 * whose level settles after its first points is not held against them; and a snapshot taken while a run anchors
 * restores to the same outputs.
 */
class NewRunTest {

    private static final long T0 = 1_400_000_000_000L;
    private static final long MINUTE = 60_000L, HOUR = 60 * MINUTE, DAY = 24 * HOUR;
    private static final int BEFORE = 3000, AFTER = 2000;

    /**
     * Noisy 1-minute readings around 20 (sd 0.5) for {@code BEFORE} points, then after {@code pause} another
     * {@code AFTER} at {@code offset} from 20, with {@code fault} added from the new run's point {@code faultFrom} on.
     */
    private static double[][] run(long pause, double offset, int faultFrom, double fault) {
        return run(MINUTE, pause, offset, faultFrom, fault);
    }

    /** As {@link #run(long, double, int, double)}, read every {@code step} ms. */
    private static double[][] run(long step, long pause, double offset, int faultFrom, double fault) {
        SplittableRandom rnd = new SplittableRandom(11);
        double[] x = new double[BEFORE + AFTER];
        double[] t = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double noise = 0;
            for (int k = 0; k < 12; k++) noise += rnd.nextDouble();
            int j = i - BEFORE;
            x[i] = 20 + 0.5 * (noise - 6) + (j >= 0 ? offset : 0) + (j >= faultFrom ? fault : 0);
            t[i] = T0 + i * step + (j >= 0 ? pause : 0);
        }
        return new double[][]{t, x};
    }

    private static Detector detector(DetectorConfig config) {
        return new Detector(ModelSnapshots.bundled(), config.toBuilder().channels(List.of("value")).build());
    }

    private static List<PointResult> score(double[][] tx, DetectorConfig config) {
        Detector d = detector(config);
        KeyState s = d.newState();
        List<PointResult> out = new ArrayList<>();
        for (int i = 0; i < tx[0].length; i++) d.process(s, "k", (long) tx[0][i], new double[]{tx[1][i]}, i, o -> out.add((PointResult) o));
        return out;
    }

    /** Incidents opened on the new run's points from {@code from} on. */
    private static int openedAfter(List<PointResult> points, int from) {
        int n = 0;
        for (int i = BEFORE + from; i < points.size(); i++) if (points.get(i).incidentStatus() == IncidentStatus.OPENED) n++;
        return n;
    }

    @Test
    void aRunAtAnotherLevelAfterADaysPauseIsJudgedAgainstItsOwnLevel() {
        DetectorConfig defaults = DetectorConfig.defaults();
        assertEquals(DAY, defaults.newRunAfterMillis());
        // four noise sigmas up, within a few of the key's range: one long incident, were the level kept
        double[][] tx = run(2 * DAY, 2.0, Integer.MAX_VALUE, 0);
        List<PointResult> anchored = score(tx, defaults);
        assertTrue(anchored.get(BEFORE).stateReset(), "the pause resets the key");
        assertEquals(0, openedAfter(anchored, 0), "a new run at its own level opens no incident");
        List<PointResult> kept = score(tx, DetectorConfig.builder().newRunAfterMillis(0).build());
        assertTrue(openedAfter(kept, 0) > 0, "with new runs off, the same run is a level shift");
        int flagged = 0;
        boolean newNormal = false;
        for (int i = BEFORE; i < kept.size(); i++) {
            if (kept.get(i).anomaly()) flagged++;
            newNormal |= kept.get(i).incidentStatus() == IncidentStatus.NEW_NORMAL;
        }
        assertTrue(newNormal && flagged >= 50, "flagged until it ends as a new normal an hour later: " + flagged + " points");
    }

    @Test
    void aShorterPauseIsAPauseAndTheStepAfterItIsALevelShift() {
        List<PointResult> points = score(run(2 * HOUR, 2.0, Integer.MAX_VALUE, 0), DetectorConfig.defaults());
        assertTrue(points.get(BEFORE).stateReset(), "a two-hour pause still resets the recurrent state");
        assertTrue(openedAfter(points, 0) > 0, "the level after it is judged against the level before it");
    }

    /**
     * A key read every second and silent for 20 minutes (1,200 of its readings) has been stopped and started again:
     * a new run, though far from a day; silent for 10 minutes (600), it paused, and the step after it is a level
     * shift; with {@code new-run-after-points} 0 only the day counts.
     */
    @Test
    void aKeyReadEverySecondStartsANewRunAfterAThousandOfItsReadingsMissed() {
        DetectorConfig defaults = DetectorConfig.defaults();
        assertEquals(1000, defaults.newRunAfterPoints());
        long second = 1000;
        List<PointResult> restarted = score(run(second, 20 * MINUTE, 2.0, Integer.MAX_VALUE, 0), defaults);
        assertTrue(restarted.get(BEFORE).stateReset(), "the pause resets the key");
        assertEquals(0, openedAfter(restarted, 0), "a new run at its own level opens no incident");
        List<PointResult> paused = score(run(second, 10 * MINUTE, 2.0, Integer.MAX_VALUE, 0), defaults);
        assertTrue(paused.get(BEFORE).stateReset(), "600 readings missed still reset the recurrent state");
        assertTrue(openedAfter(paused, 0) > 0, "after 600 the level is judged against the level before the pause");
        List<PointResult> byTime = score(run(second, 20 * MINUTE, 2.0, Integer.MAX_VALUE, 0), DetectorConfig.builder().newRunAfterPoints(0).build());
        assertTrue(openedAfter(byTime, 0) > 0, "by time only, 20 minutes is a pause");
    }

    /**
     * A key stops with an incident open (its last 30 points six noise sigmas up) and starts again two days later at
     * another level. The incident ends within the new run's first points as that run's settling does, and the run
     * is anchored on its own level: nothing opens on it, and a fault of three noise sigmas at its 200th point is
     * found. Carried on, the incident's bound had passed in the pause: it ended as a new normal on the mean of points
     * from both runs, the key's evidence learned afresh from there, and the fault was never found.
     */
    @Test
    void anIncidentOpenWhenTheKeyStoppedEndsAsTheNewRunsSettling() {
        int faultAt = 200;
        double[][] tx = run(2 * DAY, 2.0, faultAt, 1.5);
        for (int i = BEFORE - 30; i < BEFORE; i++) tx[1][i] += 3.0;
        List<PointResult> points = score(tx, DetectorConfig.defaults());
        assertTrue(points.get(BEFORE - 1).anomaly(), "the incident is open when the key stops");
        int ended = -1;
        for (int i = BEFORE; i < points.size() && ended < 0; i++) {
            IncidentStatus st = points.get(i).incidentStatus();
            if (st == IncidentStatus.NEW_NORMAL || st == IncidentStatus.CLOSED) ended = i - BEFORE;
        }
        assertTrue(ended >= 0 && ended <= 40, "the carried incident ends within the run's first 40 points: " + ended);
        assertEquals(0, openedAfter(points, 0) - openedAfter(points, faultAt), "nothing opens on the run before its fault");
        int firstFlag = -1;
        for (int i = BEFORE + faultAt; i < points.size() && firstFlag < 0; i++) if (points.get(i).anomaly()) firstFlag = i - BEFORE - faultAt;
        assertTrue(firstFlag >= 0 && firstFlag <= 30, "the fault is found within 30 points: " + firstFlag);
    }

    @Test
    void aFaultAfterTheAnchorIsFound() {
        // the run's level anchors on its first 512 points; a shift of three noise sigmas at its 1,000th
        List<PointResult> points = score(run(2 * DAY, 2.0, 1000, 1.5), DetectorConfig.defaults());
        assertEquals(0, openedAfter(points, 0) - openedAfter(points, 1000), "nothing opens before the fault");
        int firstFlag = -1;
        for (int i = BEFORE + 1000; i < points.size() && firstFlag < 0; i++) if (points.get(i).anomaly()) firstFlag = i - BEFORE - 1000;
        assertTrue(firstFlag >= 0 && firstFlag <= 30, "the shift is found within 30 points: " + firstFlag);
    }

    @Test
    void aSnapshotTakenWhileARunAnchorsRestoresToTheSameOutputs() {
        double[][] tx = run(2 * DAY, 2.0, 1000, 1.5);
        DetectorConfig config = DetectorConfig.defaults();
        List<PointResult> straight = score(tx, config);
        Detector d = detector(config);
        KeyStateCodec codec = new KeyStateCodec(d);
        KeyState s = d.newState();
        List<PointResult> restored = new ArrayList<>();
        int cut = BEFORE + 200;   // 200 points into the run's anchor
        for (int i = 0; i < tx[0].length; i++) {
            if (i == cut) {
                byte[] bytes = codec.toBytes(s);
                assertTrue(s.anchoring && s.anchoredPoints > 0, "the run is anchoring at the snapshot");
                s = codec.fromBytes(bytes);
                assertTrue(s.anchoring, "and still is after the restore");
                assertArrayEquals(bytes, codec.toBytes(s), "the restored state writes the same bytes");
            }
            d.process(s, "k", (long) tx[0][i], new double[]{tx[1][i]}, i, o -> restored.add((PointResult) o));
        }
        assertEquals(straight.size(), restored.size());
        for (int i = 0; i < straight.size(); i++) {
            assertEquals(straight.get(i).anomalyScore(), restored.get(i).anomalyScore(), "point " + i);
            assertArrayEquals(straight.get(i).forecast(), restored.get(i).forecast(), "point " + i);
            assertEquals(straight.get(i).incidentStatus(), restored.get(i).incidentStatus(), "point " + i);
        }
    }

    @Test
    void aGlitchAmongARunsFirstPointsDoesNotHoldItsLevelOff() {
        // one reading 30 noise sigmas off at the run's second point, in its warm-up (never anomalous): in the mean of
        // two points it put the level 15 sigmas off, still two off when the warm-up ended 16 points in, and the
        // incident that opened then paused the anchor for the rest of the run
        double[][] tx = run(2 * DAY, 2.0, Integer.MAX_VALUE, 0);
        tx[1][BEFORE + 1] += 15.0;
        List<PointResult> points = score(tx, DetectorConfig.defaults());
        int flagged = 0;
        for (int i = BEFORE; i < points.size(); i++) if (points.get(i).anomaly()) flagged++;
        assertEquals(0, openedAfter(points, 0), "no incident on the run: " + flagged + " points flagged");
    }

    /**
     * A run that starts with a transient ({@link #transientRun}): the anchor's first points lie on the transient; the incident that opens as the level leaves them is the run
     * settling, and ends within {@link Detector#RUN_SETTLE_INCIDENT_POINTS} as the run's new normal, the anchor starting
     * again. Held instead, it paused the anchor where the run no longer was and flagged the run to the incident's
     * one-hour bound, past the fault.
     */
    @Test
    void aRunThatStartsWithATransientSettlesAndItsLaterFaultIsFound() {
        List<PointResult> run = score(transientRun(), DetectorConfig.defaults()).subList(BEFORE, BEFORE + AFTER);
        int opened = settlingOpened(run), ended = -1;
        for (int j = opened; j < TRANSIENT_FAULT && ended < 0; j++) if (run.get(j).incidentStatus() == IncidentStatus.NEW_NORMAL) ended = j;
        assertTrue(opened >= 0 && opened < 64, "the level leaving the transient opens an incident early in the run: " + opened);
        assertTrue(ended > opened && ended - opened <= Detector.RUN_SETTLE_INCIDENT_POINTS + 1, "which ends as the run's new normal: " + opened + " to " + ended);
        int flagged = 0;
        for (int j = 150; j < TRANSIENT_FAULT; j++) if (run.get(j).anomaly()) flagged++;
        assertEquals(0, flagged, "the settled run is not flagged before its fault");
        int firstFlag = -1;
        for (int j = TRANSIENT_FAULT; j < run.size() && firstFlag < 0; j++) if (run.get(j).anomaly()) firstFlag = j - TRANSIENT_FAULT;
        assertTrue(firstFlag >= 0 && firstFlag <= 30, "the fault is found within 30 points: " + firstFlag);
    }

    /** A snapshot taken while a settling run's incident is open restores it as such: it ends at the same point. */
    @Test
    void aSnapshotTakenInASettlingRunsIncidentRestoresToTheSameOutputs() {
        double[][] tx = transientRun();
        DetectorConfig config = DetectorConfig.defaults();
        List<PointResult> straight = score(tx, config);
        int cut = BEFORE + settlingOpened(straight.subList(BEFORE, straight.size())) + 2;
        Detector d = detector(config);
        KeyStateCodec codec = new KeyStateCodec(d);
        KeyState s = d.newState();
        List<PointResult> restored = new ArrayList<>();
        for (int i = 0; i < tx[0].length; i++) {
            if (i == cut) {
                assertTrue(s.runSettling && s.incidents.open(), "a settling run's incident is open at the snapshot");
                byte[] bytes = codec.toBytes(s);
                s = codec.fromBytes(bytes);
                assertTrue(s.runSettling, "and is after the restore");
                assertArrayEquals(bytes, codec.toBytes(s), "the restored state writes the same bytes");
            }
            d.process(s, "k", (long) tx[0][i], new double[]{tx[1][i]}, i, o -> restored.add((PointResult) o));
        }
        for (int i = 0; i < straight.size(); i++) {
            assertEquals(straight.get(i).anomalyScore(), restored.get(i).anomalyScore(), "point " + i);
            assertEquals(straight.get(i).incidentStatus(), restored.get(i).incidentStatus(), "point " + i);
        }
    }

    private static final int TRANSIENT_FAULT = 1000;

    /**
     * A pump's run at one reading a second after {@code BEFORE} readings and a two-day pause: the run starts with a
     * transient (the level eight noise sigmas low at its first reading, back with a time constant of 20 seconds) and
     * at its {@link #TRANSIENT_FAULT}th second shifts by three noise sigmas.
     */
    private static double[][] transientRun() {
        SplittableRandom rnd = new SplittableRandom(13);
        double[] t = new double[BEFORE + AFTER], x = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            int j = i - BEFORE;
            x[i] = 20 + 0.5 * rnd.nextGaussian() + (j >= 0 ? 2.0 - 4.0 * Math.exp(-j / 20.0) + (j >= TRANSIENT_FAULT ? 1.5 : 0) : 0);
            t[i] = T0 + i * 1_000L + (j >= 0 ? 2 * DAY : 0);
        }
        return new double[][]{t, x};
    }

    /** The run's first opened incident, or -1. */
    private static int settlingOpened(List<PointResult> run) {
        for (int j = 0; j < run.size(); j++) if (run.get(j).incidentStatus() == IncidentStatus.OPENED) return j;
        return -1;
    }

    @Test
    void aRunsAnchorPausesThroughAnIncidentAndGoesOnAfterIt() {
        // a spike of ten noise sigmas 40 points into the run: an incident of a few points, after which the anchor goes
        // on to its 512 points rather than keep the mean of the first 40 for the rest of the run
        double[][] tx = run(2 * DAY, 2.0, Integer.MAX_VALUE, 0);
        for (int j = 40; j < 43; j++) tx[1][BEFORE + j] += 5.0;
        Detector d = detector(DetectorConfig.defaults());
        KeyState s = d.newState();
        List<PointResult> out = new ArrayList<>();
        int pausedAt = -1, resumedAt = -1;
        for (int i = 0; i < tx[0].length; i++) {
            int before = s.anchoredPoints;
            d.process(s, "k", (long) tx[0][i], new double[]{tx[1][i]}, i, o -> out.add((PointResult) o));
            if (i > BEFORE && s.anchoring && s.anchoredPoints == before && pausedAt < 0) pausedAt = i - BEFORE;
            if (pausedAt >= 0 && resumedAt < 0 && s.anchoredPoints > before) resumedAt = i - BEFORE;
        }
        assertEquals(IncidentStatus.OPENED, out.get(BEFORE + 40).incidentStatus(), "the spike opens an incident");
        assertEquals(40, pausedAt, "the point that opens the incident is taken back, and the anchor pauses while it is open");
        assertTrue(resumedAt > pausedAt && out.get(BEFORE + resumedAt - 1).incidentStatus() == IncidentStatus.CLOSED,
                "and goes on once it closed: " + resumedAt);
        assertEquals(Detector.RUN_ANCHOR_POINTS, s.anchoredPoints, "the anchor reaches its points");
        assertTrue(!s.anchoring);
        assertEquals(1, openedAfter(out, 0), "the spike's incident is the run's only one");
    }
}
