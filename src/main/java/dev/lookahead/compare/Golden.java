package dev.lookahead.compare;

import dev.lookahead.avro.ScoredPoint;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.lookahead.io.CsvFormatException;
import dev.lookahead.io.CsvRows;
import dev.lookahead.io.TimestampFormat;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A golden output: what a replay must keep producing, small enough to commit. Two files in a directory:
 * <ul>
 *   <li>{@code keys.csv}: per key the points scored, anomalous points, incidents, highest score, model versions,
 *       typical interval and a digest of every scored point ({@link PointDigest});</li>
 *   <li>{@code incidents.csv}: every incident (key, id, start, end, points, peak score and time, direction,
 *       status).</li>
 * </ul>
 * Not every row: a changed digest says that some point changed, and the incidents say which ones matter. Written by
 * {@code score --update-golden} and the test kit, checked by {@code score --golden} and
 * {@code expectSameAs(golden)}.
 */
public final class Golden {

    public static final String KEYS_FILE = "keys.csv", INCIDENTS_FILE = "incidents.csv";
    private static final String KEYS_HEADER = "key,points,anomalous_points,incidents,max_score,model_versions,interval_ms,digest_" + PointDigest.VERSION;
    private static final String INCIDENTS_HEADER = "key,incident_id,start,end,points,peak_score,peak_time,direction,status";

    /**
     * One key's summary.
     *
     * @param versions  the model versions that scored it, {@code ;}-separated, in order of first use
     * @param interval  the key's typical interval between points, millis (how near incidents pair)
     * @param digest    the digest of its scored points
     */
    public record KeySummary(String key, long points, long anomalous, int incidents, double maxScore, String versions,
                             long interval, String digest) {
    }

    private final Map<String, KeySummary> keys;
    private final Map<String, List<Incident>> incidents;

    private Golden(Map<String, KeySummary> keys, Map<String, List<Incident>> incidents) {
        this.keys = java.util.Collections.unmodifiableMap(new TreeMap<>(keys));
        Map<String, List<Incident>> inc = new TreeMap<>();
        for (String k : this.keys.keySet()) inc.put(k, List.copyOf(incidents.getOrDefault(k, List.of())));
        this.incidents = java.util.Collections.unmodifiableMap(inc);
    }

    public Map<String, KeySummary> keys() {
        return keys;
    }

    /** A key's incidents in order of start (empty for an unknown key). */
    public List<Incident> incidents(String key) {
        return incidents.getOrDefault(key, List.of());
    }

    public int incidentCount() {
        int n = 0;
        for (List<Incident> l : incidents.values()) n += l.size();
        return n;
    }

    /** Scored points of any keys, each key's in order. */
    public static Golden of(Iterable<ScoredPoint> points) {
        Recorder r = new Recorder();
        for (ScoredPoint p : points) r.add(p);
        return r.build();
    }

    /** Collects scored points key by key as a run produces them. */
    public static final class Recorder {
        private final Map<String, PointDigest> digests = new LinkedHashMap<>();
        private final Map<String, ScoredKey.Builder> keys = new LinkedHashMap<>();

        public Recorder add(ScoredPoint p) {
            digests.computeIfAbsent(p.getKey(), k -> new PointDigest()).add(p);
            ScoredKeys.add(keys.computeIfAbsent(p.getKey(), ScoredKey::builder), p);
            return this;
        }

        public Golden build() {
            Map<String, KeySummary> sums = new LinkedHashMap<>();
            Map<String, List<Incident>> inc = new LinkedHashMap<>();
            for (Map.Entry<String, ScoredKey.Builder> e : keys.entrySet()) {
                ScoredKey k = e.getValue().build();
                List<Incident> list = k.incidents();
                long anomalous = 0;
                double max = 0;
                for (int i = 0; i < k.size(); i++) {
                    if (k.anomaly()[i]) anomalous++;
                    if (k.scores()[i] > max) max = k.scores()[i];
                }
                sums.put(k.key(), new KeySummary(k.key(), k.size(), anomalous, list.size(), max, String.join(";", k.versions()),
                        RunDiff.typicalInterval(k.times()), digests.get(k.key()).hex()));
                inc.put(k.key(), list);
            }
            return new Golden(sums, inc);
        }
    }

    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(KEYS_FILE)) && Files.isRegularFile(dir.resolve(INCIDENTS_FILE));
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Writer w = Files.newBufferedWriter(dir.resolve(KEYS_FILE), StandardCharsets.UTF_8)) {
            CsvWriter csv = csv(w);
            csv.writeRecord(KEYS_HEADER.split(","));
            for (KeySummary k : keys.values())
                csv.writeRecord(field(k.key()), Long.toString(k.points()), Long.toString(k.anomalous()),
                        Integer.toString(k.incidents()), Double.toString(k.maxScore()), field(k.versions()),
                        Long.toString(k.interval()), k.digest());
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve(INCIDENTS_FILE), StandardCharsets.UTF_8)) {
            CsvWriter csv = csv(w);
            csv.writeRecord(INCIDENTS_HEADER.split(","));
            for (List<Incident> l : incidents.values())
                for (Incident i : l)
                    csv.writeRecord(field(i.key()), field(i.id()), TimestampFormat.ISO.format(i.start()),
                            TimestampFormat.ISO.format(i.end()), Integer.toString(i.points()), Double.toString(i.peakScore()),
                            TimestampFormat.ISO.format(i.peakTime()), i.direction().name(), field(i.status() == null ? "" : i.status()));
        }
    }

    /** FastCSV onto the caller's writer: {@code \n} line ends, quoted only where RFC 4180 needs it, nothing buffered of its own. */
    private static CsvWriter csv(Writer w) {
        return CsvWriter.builder().lineDelimiter(LineDelimiter.LF).bufferSize(0).build(w);
    }

    public static Golden read(Path dir) throws IOException {
        if (!exists(dir))
            throw new IllegalArgumentException("no golden output in " + dir + " (" + KEYS_FILE + " and " + INCIDENTS_FILE
                    + "); record one with --update-golden");
        Map<String, KeySummary> keys = new LinkedHashMap<>();
        List<String[]> rows = rows(dir.resolve(KEYS_FILE), KEYS_HEADER);
        for (String[] c : rows)
            keys.put(c[0], new KeySummary(c[0], Long.parseLong(c[1]), Long.parseLong(c[2]), Integer.parseInt(c[3]),
                    Double.parseDouble(c[4]), c[5], Long.parseLong(c[6]), c[7]));
        Map<String, List<Incident>> inc = new LinkedHashMap<>();
        Path f = dir.resolve(INCIDENTS_FILE);
        for (String[] c : rows(f, INCIDENTS_HEADER)) {
            if (!keys.containsKey(c[0])) throw new IllegalArgumentException(f + ": incident " + c[1] + " of key " + c[0] + ", which " + KEYS_FILE + " does not list");
            inc.computeIfAbsent(c[0], k -> new ArrayList<>()).add(new Incident(c[0], c[1], ScoredRunReader.time(c[2], f, 0),
                    ScoredRunReader.time(c[3], f, 0), Integer.parseInt(c[4]), Double.parseDouble(c[5]),
                    ScoredRunReader.time(c[6], f, 0), Direction.valueOf(c[7]), c[8].isEmpty() ? null : c[8]));
        }
        return new Golden(keys, inc);
    }

    private static List<String[]> rows(Path f, String header) throws IOException {
        List<String[]> out = new ArrayList<>();
        try (CsvRows r = CsvRows.open(f, ',')) {
            CsvRows.Row first = r.next();
            String h = first == null ? null : String.join(",", first.fields());
            if (!header.equals(h)) {
                String why = h != null && h.startsWith("key,") && h.contains(",digest_")
                        ? "it was written with another digest version; re-record it with --update-golden"
                        : "expected the header " + header;
                throw new IllegalArgumentException(f + ":1: not a golden file of this version: " + why);
            }
            int cols = header.split(",").length;
            for (CsvRows.Row row; (row = r.next()) != null; ) {
                if (row.size() != cols) throw new CsvFormatException(f.toString(), row.line(), row.size() + " fields, expected " + cols);
                out.add(row.fields());
            }
        }
        return out;
    }

    /** One line per record, for line tools: a line break inside a text becomes a space. */
    private static String field(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
