package dev.lookahead.detector;

import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelArchitecture;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.model.NormalState;
import dev.lookahead.scoring.IncidentStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model's normal state: a key it has not seen starts from the state a key reached on the fault-free recording, as
 * a new run. Two channels that move together (b follows a); the recording is a day at one-second points.
 */
class NormalStateTest {

    private static final List<String> CHANNELS = List.of("a", "b");
    private static final ModelArchitecture ARCH = new ModelArchitecture(CHANNELS, 16, 1);
    private static final long T0 = 1_700_000_000_000L;


    /** {@code n} rows from {@code start} at one second: a wanders slowly, b is 2a plus noise, offset by {@code bOffset} from row {@code breakAt}. */
    private static double[][] rows(int n, long seed, int breakAt, double bOffset) {
        Random r = new Random(seed);
        double[][] v = new double[n][];
        double a = 0;
        for (int i = 0; i < n; i++) {
            a = 0.995 * a + 0.1 * r.nextGaussian();
            double b = 2 * a + 0.1 * r.nextGaussian() + (i >= breakAt ? bOffset : 0);
            v[i] = new double[]{10 + a + 0.05 * r.nextGaussian(), 20 + b};
        }
        return v;
    }

    private static long[] times(long start, int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) t[i] = start + i * 1000L;
        return t;
    }

    private static LstmModel withNormal(LstmModel m, double[][] recording) {
        return m.withNormalState(NormalStateLearner.learn(m, config(), CHANNELS, times(T0, recording.length), recording, "test recording"));
    }

    private static DetectorConfig config() {
        return DetectorConfig.defaults().toBuilder().channels(CHANNELS).build();
    }

    /**
     * A key from the normal state scores a series as a key that scored the recording itself, fell silent for
     * detector.new-run-after-ms and came back does: the same anomaly flags and incidents on every point. Its first
     * point says its recurrent state started afresh, and its level is anchored on its own first points.
     */
    @Test
    void aKeyTheModelHasNotSeenStartsFromTheRecordingsStateAsANewRun() {
        LstmModel base = TestModels.untrained(ARCH, 3);
        double[][] recording = rows(6_000, 1, Integer.MAX_VALUE, 0);
        LstmModel model = withNormal(base, recording);
        // the series runs 2 units higher on both channels (another operating point) and then b breaks from a
        double[][] series = rows(1_500, 2, 900, 1.0);
        for (double[] v : series) { v[0] += 2; v[1] += 4; }
        long seriesStart = T0 + 40L * 86_400_000L;

        Detector fromNormal = new Detector(model, config());
        List<Outcome> a = TestModels.run(fromNormal, fromNormal.newState(), "k", times(seriesStart, series.length), series);

        Detector afterHistory = new Detector(base, config());
        KeyState s = afterHistory.newState();
        TestModels.run(afterHistory, s, "k", times(T0, recording.length), recording);
        List<Outcome> b = TestModels.run(afterHistory, s, "k", times(seriesStart, series.length), series);

        assertEquals(series.length, a.size());
        PointResult first = (PointResult) a.get(0);
        assertTrue(first.stateReset() && first.warmUp(), "the first point restarts the recurrent state and warms up: " + first);
        int openedA = 0, openedB = 0, flagged = 0;
        for (int i = 0; i < series.length; i++) {
            PointResult x = (PointResult) a.get(i), y = (PointResult) b.get(i);
            assertEquals(y.anomaly(), x.anomaly(), "point " + i);
            assertEquals(y.incidentStatus(), x.incidentStatus(), "point " + i);
            if (x.incidentStatus() == IncidentStatus.OPENED) openedA++;
            if (y.incidentStatus() == IncidentStatus.OPENED) openedB++;
            if (x.anomaly()) flagged++;
        }
        assertEquals(openedB, openedA);
        assertTrue(openedA >= 1 && flagged > 0, "the break is found: " + openedA + " incidents, " + flagged + " points");
        for (int i = 0; i < 900; i++) assertFalse(((PointResult) a.get(i)).anomaly(), "before the break, at another operating point: point " + i);
    }

    /**
     * The break the normal state finds, a key that has seen nothing misses: its channels' relation comes from its own
     * first few hundred points, too few to tell b's offset from a's wander.
     */
    @Test
    void withoutTheNormalStateAYoungKeyMissesABreakTheRecordingShows() {
        double[][] recording = rows(6_000, 1, Integer.MAX_VALUE, 0);
        double[][] series = rows(1_500, 2, 900, 0.3);   // three of b's noise sigmas
        LstmModel base = TestModels.untrained(ARCH, 3);
        long[] flagged = new long[2];
        int i = 0;
        for (LstmModel m : new LstmModel[]{base, withNormal(base, recording)}) {
            Detector d = new Detector(m, config());
            flagged[i++] = TestModels.run(d, d.newState(), "k", times(T0, series.length), series).stream()
                    .filter(o -> ((PointResult) o).anomaly() && o.time() >= T0 + 900_000L).count();
        }
        assertTrue(flagged[0] < 30, "a young key flags " + flagged[0] + " of the break's 600 points");
        assertTrue(flagged[1] > 400, "a key from the normal state flags " + flagged[1] + " of the break's 600 points");
    }

    @Test
    void theNormalStateTravelsWithTheSnapshot() {
        LstmModel model = withNormal(TestModels.untrained(ARCH, 3), rows(2_000, 1, Integer.MAX_VALUE, 0));
        LstmModel back = ModelSnapshots.fromBytes(ModelSnapshots.toBytes(model));
        assertEquals(model.normalState(), back.normalState());
        assertArrayEquals(model.normalState().state(), back.normalState().state());
        assertEquals(2_000, back.normalState().points());
        assertNull(ModelSnapshots.fromBytes(ModelSnapshots.toBytes(model.withNormalState(null))).normalState());
    }

    /** A recording that ends inside an incident gives the state before the incident opened: keys start outside one. */
    @Test
    void aRecordingThatEndsInsideAnIncidentGivesTheStateBeforeIt() {
        double[][] recording = rows(3_000, 1, 2_900, 50);
        NormalState n = NormalStateLearner.learn(TestModels.untrained(ARCH, 3), config(), CHANNELS, times(T0, recording.length), recording, "faulty");
        assertTrue(n.points() >= 2_890 && n.points() <= 2_900, "points: " + n.points());
        assertTrue(n.data().startsWith("faulty, up to ") && n.data().contains("ends inside an incident"), n.data());
        Detector d = new Detector(TestModels.untrained(ARCH, 3).withNormalState(n), config());
        double[][] series = rows(500, 2, Integer.MAX_VALUE, 0);
        List<Outcome> out = TestModels.run(d, d.newState(), "k", times(T0 + 86_400_000L * 3, series.length), series);
        assertTrue(out.stream().noneMatch(o -> ((PointResult) o).anomaly()), "a normal series from that state is normal");
    }

    /** A key whose stored state cannot be read restarts where a new key starts: from the normal state. */
    @Test
    void aKeyWhoseStateCannotBeReadRestartsFromTheNormalState() {
        LstmModel model = withNormal(TestModels.untrained(ARCH, 3), rows(2_000, 1, Integer.MAX_VALUE, 0));
        Detector d = new Detector(model, config());
        KeyStateCodec codec = new KeyStateCodec(d);
        KeyState reset = codec.resetKey(codec.scratch());
        assertArrayEquals(codec.toBytes(d.newState()), codec.toBytes(reset));
        Detector plain = new Detector(TestModels.untrained(ARCH, 3), config());
        assertFalse(Arrays.equals(codec.toBytes(reset), new KeyStateCodec(plain).toBytes(plain.newState())));
    }

    /** A univariate model serves keys of any channels: its normal state serves keys of the recording's channels only. */
    @Test
    void aNormalStateServesKeysOfItsChannelsOnly() {
        LstmModel univariate = TestModels.untrained(16, 1, 3);
        double[][] recording = rows(2_000, 1, Integer.MAX_VALUE, 0);
        double[][] a = new double[recording.length][];
        for (int i = 0; i < a.length; i++) a[i] = new double[]{recording[i][0]};
        DetectorConfig ofA = DetectorConfig.defaults().toBuilder().channels(List.of("a")).build();
        LstmModel model = univariate.withNormalState(NormalStateLearner.learn(univariate, ofA, List.of("a"), times(T0, a.length), a, "a alone"));
        DetectorConfig ofX = DetectorConfig.defaults().toBuilder().channels(List.of("x")).build();
        assertArrayEquals(stateOf(new Detector(univariate, ofX)), stateOf(new Detector(model, ofX)), "a key of another channel starts from nothing");
        assertFalse(Arrays.equals(stateOf(new Detector(univariate, ofA)), stateOf(new Detector(model, ofA))), "a key of the recording's channel starts from its state");
    }

    @Test
    void aNormalStateThatIsNotOfTheChannelsItNamesFailsWhenTheDetectorTakesTheModel() {
        LstmModel model = withNormal(TestModels.untrained(ARCH, 3), rows(2_000, 1, Integer.MAX_VALUE, 0));
        List<String> xy = List.of("x", "y");
        LstmModel renamed = TestModels.untrained(new ModelArchitecture(xy, 16, 1), 3)
                .withNormalState(new NormalState(model.normalState().state(), xy, 2_000, "another key group's recording"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Detector(renamed, DetectorConfig.defaults().toBuilder().channels(xy).build()));
        assertTrue(e.getMessage().contains("normal state") && e.getMessage().contains("[a, b]"), e.getMessage());
    }

    private static byte[] stateOf(Detector d) {
        return new KeyStateCodec(d).toBytes(d.newState());
    }
}
