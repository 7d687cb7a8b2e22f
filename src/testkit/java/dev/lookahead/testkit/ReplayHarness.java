package dev.lookahead.testkit;

import dev.lookahead.avro.Anomaly;
import dev.lookahead.avro.DeadLetter;
import dev.lookahead.avro.ScoredPoint;
import dev.lookahead.avro.SensorReading;
import dev.lookahead.io.CsvReader;
import dev.lookahead.io.CsvSeries;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Replays readings through the running job (or Streams app) of its test class and waits, with a deadline, until
 * every reading has its committed verdict: a scored point, or a dead letter. One harness per test: its keys are sent
 * with a prefix of its own ({@code t3/pump-7}) and read back without it, so each test starts every key from a fresh
 * state whatever other tests sent. A second replay on the same harness continues its keys where the first left them.
 */
public final class ReplayHarness {

    private final Deployment deployment;
    private final String prefix;
    private final Map<String, Long> sent = new LinkedHashMap<>();   // by the test's key
    private Duration timeout;

    ReplayHarness(Deployment deployment, Duration timeout) {
        this.deployment = deployment;
        this.prefix = deployment.nextKeyPrefix();
        this.timeout = timeout;
    }

    /** How long a replay waits for its committed output before it fails (default: the extension's). */
    public ReplayHarness timeout(Duration t) {
        timeout = t;
        return this;
    }

    /**
     * A recording: a CSV file or a directory of them, read as {@code lookahead score} reads them (one key per file,
     * named by its path without {@code .csv}; timestamps in UTC), replayed in event-time order.
     */
    public Replay replay(Path recording) {
        return replay(recording, CsvReader.Options.defaults());
    }

    /** A recording read with other CSV options (delimiter, key column, value columns...). */
    public Replay replay(Path recording, CsvReader.Options options) {
        List<CsvSeries> series;
        try {
            series = new CsvReader(options).read(recording);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the recording " + recording + ": " + e.getMessage(), e);
        }
        List<Reading> readings = new ArrayList<>();
        for (CsvSeries s : series)
            for (int i = 0; i < s.size(); i++) {
                Map<String, Double> ch = new LinkedHashMap<>();
                for (int c = 0; c < s.channelCount(); c++) ch.put(s.channels().get(c), s.values()[i][c]);
                readings.add(new Reading(s.key(), Instant.ofEpochMilli(s.times()[i]), ch));
            }
        readings.sort(Comparator.comparing(Reading::time));   // stable: a key's rows keep their order
        return replay(readings);
    }

    public Replay replay(Reading... readings) {
        return replay(List.of(readings));
    }

    /** Sends the readings in list order (so each key's order is kept) and waits for their committed output. */
    public Replay replay(List<Reading> readings) {
        List<SensorReading> records = new ArrayList<>(readings.size());
        for (Reading r : readings) {
            records.add(SensorReading.newBuilder().setKey(prefix + r.key()).setTime(r.time()).setChannels(r.channels()).build());
            sent.merge(r.key(), 1L, Long::sum);
        }
        long t0 = System.nanoTime();
        try {
            deployment.send(records);
        } catch (Exception e) {
            throw new IllegalStateException("cannot send the readings to the embedded broker: " + e.getMessage(), e);
        }
        long t1 = System.nanoTime();
        awaitOutput();
        System.out.printf(java.util.Locale.ROOT, "lookahead test kit: %,d readings sent in %.1f s, their committed output read %.1f s later%n",
                records.size(), (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
        return collect();
    }

    /** The key as it travels on the topics (with this harness's prefix), for a test that reads them itself. */
    public String keyOnTopics(String key) {
        return prefix + key;
    }

    /** The embedded broker, for a test that reads or writes topics itself. */
    public String bootstrapServers() {
        return deployment.bootstrap();
    }

    private void awaitOutput() {
        long deadline = System.nanoTime() + timeout.toNanos();
        OutputCollector out = deployment.outputs();
        while (true) {
            String missing = missing(out);
            if (missing == null) return;
            String failure = deployment.failure();
            if (failure != null) throw new AssertionFailedError("the replay cannot finish: " + failure);
            if (System.nanoTime() > deadline)
                throw new AssertionFailedError("no committed output after " + timeout.toSeconds() + " s: " + missing);
            LockSupport.parkNanos(20_000_000L);   // poll interval
        }
    }

    /** What is still missing, or null: every reading scored or dead-lettered, and every alert of those points out. */
    private String missing(OutputCollector out) {
        for (Map.Entry<String, Long> e : sent.entrySet()) {
            String onTopic = prefix + e.getKey();
            List<ScoredPoint> scored = out.scored(onTopic);
            long have = scored.size() + out.deadLetters(onTopic).size();
            if (have < e.getValue())
                return e.getKey() + " has " + have + " of " + e.getValue() + " verdicts (scored points and dead letters)";
            long alerts = scored.stream().filter(ScoredPoint::getAlert).count();
            if (out.anomalies(onTopic).size() < alerts)
                return e.getKey() + " has " + out.anomalies(onTopic).size() + " of " + alerts + " alerts on the anomalies topic";
        }
        return null;
    }

    private Replay collect() {
        OutputCollector out = deployment.outputs();
        Map<String, List<ScoredPoint>> scored = new LinkedHashMap<>();
        Map<String, List<Anomaly>> alerts = new LinkedHashMap<>();
        Map<String, List<DeadLetter>> dead = new LinkedHashMap<>();
        for (String key : sent.keySet()) {
            String onTopic = prefix + key;
            List<ScoredPoint> points = new ArrayList<>();
            for (ScoredPoint p : out.scored(onTopic)) points.add(ScoredPoint.newBuilder(p).setKey(key).setIncidentId(unprefixed(p.getIncidentId())).build());
            List<Anomaly> as = new ArrayList<>();
            for (Anomaly a : out.anomalies(onTopic))
                as.add(Anomaly.newBuilder(a).setPoint(ScoredPoint.newBuilder(a.getPoint()).setKey(key)
                                .setIncidentId(unprefixed(a.getPoint().getIncidentId())).build())
                        .setIncidentId(unprefixed(a.getIncidentId())).build());
            scored.put(key, points);
            alerts.put(key, as);
            dead.put(key, out.deadLetters(onTopic));
        }
        return new Replay(scored, alerts, dead);
    }

    /** An incident id as the test named its key (ids embed the key, which travelled with this harness's prefix). */
    private String unprefixed(String incidentId) {
        return incidentId != null && incidentId.startsWith(prefix) ? incidentId.substring(prefix.length()) : incidentId;
    }
}
