package dev.lookahead.flink;

import dev.lookahead.avro.ScoredPoint;
import dev.lookahead.avro.SensorReading;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.KeyChannels;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;
import dev.lookahead.model.LstmModel;
import dev.lookahead.runner.DirectRunner;
import dev.lookahead.stream.AvroBytes;
import dev.lookahead.stream.AvroOutputs;
import dev.lookahead.synthetic.AnomalyKind;
import dev.lookahead.synthetic.InjectedAnomaly;
import dev.lookahead.synthetic.LabelledSeries;
import dev.lookahead.synthetic.SyntheticStream;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Generated multi-key input for the job tests, its Avro bytes, and what the direct runner says about it. */
public final class StreamFixtures {

    public static final int LENGTH = 1500;

    private StreamFixtures() {
    }

    /** Four keys (one with two channels), each with clear anomalies of kinds a one-step forecaster catches. */
    public static List<LabelledSeries> streams() {
        return streams(60_000);
    }

    /** The same four keys at another sampling interval (the detector learns each key's interval). */
    public static List<LabelledSeries> streams(long intervalMillis) {
        List<LabelledSeries> all = new ArrayList<>();
        AnomalyKind[][] plans = {{AnomalyKind.SPIKE, AnomalyKind.LEVEL_SHIFT}, {AnomalyKind.DIP, AnomalyKind.SPIKE},
                {AnomalyKind.LEVEL_SHIFT, AnomalyKind.DIP}, {AnomalyKind.SPIKE, AnomalyKind.DIP}};
        for (int k = 0; k < 4; k++) {
            double amp = 2 + k, noise = amp * 0.06;
            SyntheticStream b = SyntheticStream.builder(7000 + k).key("sensor-" + k).length(LENGTH).interval(intervalMillis)
                    .level(50 + 10 * k).seasonal(96 + 48 * k, amp).noise(noise).channels(k == 3 ? 2 : 1).correlated(true);
            for (int i = 0; i < plans[k].length; i++) {
                int at = 600 + 450 * i;
                AnomalyKind kind = plans[k][i];
                b.anomaly(switch (kind) {
                    case SPIKE -> InjectedAnomaly.spike(at, 10 * noise);
                    case DIP -> InjectedAnomaly.dip(at, 10 * noise);
                    default -> InjectedAnomaly.of(kind, at, 30, 10 * noise);
                });
            }
            all.add(b.generate());
        }
        return all;
    }

    /**
     * {@code model} with the normal state of a fault-free recording like sensor-3's (two correlated channels), learned
     * with its channels out of name order: the runtimes give a key of those channels the state's order.
     */
    public static LstmModel withNormalStateOfATwoChannelRecording(LstmModel model) {
        LabelledSeries rec = SyntheticStream.builder(9100).key("recording").length(3000).interval(60_000)
                .level(80).seasonal(240, 5).noise(0.3).channels(2).correlated(true).generate();
        List<String> names = new ArrayList<>(new java.util.TreeSet<>(rec.channels()));
        java.util.Collections.reverse(names);
        double[][] v = inOrder(rec, names);
        return model.withNormalState(dev.lookahead.detector.NormalStateLearner.learn(model, DetectorConfig.defaults(), names, rec.times(), v,
                "a recording like sensor-3"));
    }

    static SensorReading reading(LabelledSeries s, int row) {
        Map<String, Double> ch = new LinkedHashMap<>();
        // reversed insertion order on purpose: the job fixes a key's channel order by its rule (KeyChannels), not by map order
        for (int c = s.channels().size() - 1; c >= 0; c--) ch.put(s.channels().get(c), s.values()[row][c]);
        return SensorReading.newBuilder().setKey(s.key()).setTime(Instant.ofEpochMilli(s.times()[row])).setChannels(ch).build();
    }

    /** All readings interleaved by row (keys share timestamps), as Kafka key/value bytes. */
    public static List<byte[][]> records(List<LabelledSeries> streams, int fromRow, int toRow) {
        List<byte[][]> out = new ArrayList<>();
        for (int row = fromRow; row < toRow; row++)
            for (LabelledSeries s : streams)
                if (row < s.size()) out.add(new byte[][]{s.key().getBytes(StandardCharsets.UTF_8), AvroBytes.write(reading(s, row))});
        return out;
    }

    /** The direct runner's scored points per key, as the scored topic's bytes, channels in the order the job gives a key ({@link KeyChannels}). */
    public static Map<String, List<byte[]>> expectedScored(LstmModel model, DetectorConfig config, List<LabelledSeries> streams) {
        Map<String, List<byte[]>> out = new HashMap<>();
        for (LabelledSeries s : streams) {
            List<String> names = KeyChannels.order(s.channels(), model);
            double[][] v = inOrder(s, names);
            Outcome[] outcomes = new DirectRunner(model, config).run(s.key(), names, s.times(), v);
            List<byte[]> bytes = new ArrayList<>();
            for (Outcome o : outcomes) bytes.add(AvroBytes.write(AvroOutputs.scoredPoint((PointResult) o)));
            out.put(s.key(), bytes);
        }
        return out;
    }

    /** The direct runner's anomaly records per key (an incident's opening and its end, by default), as the anomalies topic's bytes. */
    public static Map<String, List<byte[]>> expectedAnomalies(LstmModel model, DetectorConfig config, List<LabelledSeries> streams) {
        Map<String, List<byte[]>> out = new HashMap<>();
        for (LabelledSeries s : streams) {
            List<String> names = KeyChannels.order(s.channels(), model);
            double[][] v = inOrder(s, names);
            List<byte[]> bytes = new ArrayList<>();
            for (Outcome o : new DirectRunner(model, config).run(s.key(), names, s.times(), v)) {
                PointResult p = (PointResult) o;
                var status = AvroOutputs.recordStatus(p);
                if (status != null) bytes.add(AvroBytes.write(AvroOutputs.anomaly(p, AvroOutputs.scoredPoint(p), dev.lookahead.detector.Detector.effectiveThreshold(config, model), status)));
            }
            out.put(s.key(), bytes);
        }
        return out;
    }

    /** The streams as the test kit's readings, interleaved by row as {@link #records} are. */
    public static List<dev.lookahead.testkit.Reading> readings(List<LabelledSeries> streams) {
        List<dev.lookahead.testkit.Reading> out = new ArrayList<>();
        for (int row = 0; row < LENGTH; row++)
            for (LabelledSeries s : streams)
                if (row < s.size()) {
                    SensorReading r = reading(s, row);
                    out.add(dev.lookahead.testkit.Reading.of(s.key(), r.getTime(), r.getChannels()));
                }
        return out;
    }

    /**
     * What every runtime must do with {@link #streams()}, checked on a test kit replay: each key's committed scored
     * points and alerts are the direct runner's, byte for byte; every injected anomaly is an incident that starts
     * within 20 rows of it, in its direction; and the replay equals the golden output of the direct runner.
     */
    public static void assertReplayIsTheDirectRunners(dev.lookahead.testkit.Replay r, List<LabelledSeries> streams, java.nio.file.Path goldenDir) throws java.io.IOException {
        assertReplayIsTheDirectRunners(r, dev.lookahead.model.ModelSnapshots.bundled(), streams, goldenDir);
    }

    /** The same, for a job that runs {@code model}. */
    public static void assertReplayIsTheDirectRunners(dev.lookahead.testkit.Replay r, LstmModel model, List<LabelledSeries> streams,
                                                      java.nio.file.Path goldenDir) throws java.io.IOException {
        Map<String, List<byte[]>> scored = expectedScored(model, DetectorConfig.defaults(), streams);
        Map<String, List<byte[]>> alerts = expectedAnomalies(model, DetectorConfig.defaults(), streams);
        List<ScoredPoint> direct = new ArrayList<>();
        for (LabelledSeries s : streams) {
            List<byte[]> want = scored.get(s.key());
            List<ScoredPoint> got = r.scored(s.key());
            org.junit.jupiter.api.Assertions.assertEquals(want.size(), got.size(), s.key() + ": scored points");
            for (int i = 0; i < want.size(); i++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(want.get(i), AvroBytes.write(got.get(i)), s.key() + " point " + i);
                direct.add(decodeScored(want.get(i)));
            }
            List<byte[]> wantAlerts = alerts.get(s.key());
            org.junit.jupiter.api.Assertions.assertEquals(wantAlerts.size(), r.alerts(s.key()).size(), s.key() + ": alerts");
            for (int i = 0; i < wantAlerts.size(); i++)
                org.junit.jupiter.api.Assertions.assertArrayEquals(wantAlerts.get(i), AvroBytes.write(r.alerts(s.key()).get(i)), s.key() + " alert " + i);
            org.junit.jupiter.api.Assertions.assertEquals(List.of(), r.deadLetters(s.key()), "no dead letters for clean input");
            for (dev.lookahead.synthetic.AnomalyWindow w : s.anomalies()) {
                if (w.kind() == AnomalyKind.GAP) continue;
                dev.lookahead.compare.Direction d = w.kind() == AnomalyKind.DIP ? dev.lookahead.compare.Direction.BELOW
                        : dev.lookahead.compare.Direction.ABOVE;
                r.expectIncident(s.key(), dev.lookahead.testkit.TimeRange.between(w.startTime(), w.endTime() + 20 * 60_000L), d);
            }
        }
        dev.lookahead.compare.Golden.of(direct).write(goldenDir);
        r.expectSameAs(goldenDir);
    }

    /**
     * The direct runner's scored points for one key when the models change mid-stream as a job's points say:
     * before scoring point i the detector switches to {@code versions.get(versionIds.get(i))} if that is not the
     * model it runs (as the job's scorer adopts a snapshot before the next reading). Channels in the order the job
     * gives the key under {@code initial}.
     */
    public static List<byte[]> replayWithSwitches(LstmModel initial, Map<String, LstmModel> versions, DetectorConfig config,
                                                  LabelledSeries s, List<String> versionIds) {
        List<String> names = KeyChannels.order(s.channels(), initial);
        double[][] values = inOrder(s, names);
        dev.lookahead.detector.Detector d = new dev.lookahead.detector.Detector(initial, config.toBuilder().channels(names).build());
        dev.lookahead.detector.KeyState state = d.newState();
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < versionIds.size(); i++) {
            if (!versionIds.get(i).equals(d.model().versionId())) {
                LstmModel next = versions.get(versionIds.get(i));
                if (next == null) throw new IllegalArgumentException(s.key() + " point " + i + " names " + versionIds.get(i) + ", not among " + versions.keySet());
                d.setModel(next);
            }
            d.process(state, s.key(), s.times()[i], values[i], i, o -> out.add(AvroBytes.write(AvroOutputs.scoredPoint((PointResult) o))));
        }
        return out;
    }

    /** {@code s}'s values with its channels in {@code names}' order. */
    static double[][] inOrder(LabelledSeries s, List<String> names) {
        double[][] v = new double[s.size()][names.size()];
        for (int i = 0; i < s.size(); i++)
            for (int c = 0; c < names.size(); c++) v[i][c] = s.values()[i][s.channels().indexOf(names.get(c))];
        return v;
    }

    public static ScoredPoint decodeScored(byte[] b) {
        return AvroBytes.read(ScoredPoint.class, b);
    }
}
