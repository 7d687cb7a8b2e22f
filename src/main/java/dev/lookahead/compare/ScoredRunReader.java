package dev.lookahead.compare;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lookahead.io.CsvFormatException;
import dev.lookahead.io.CsvRows;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads a run's scored output from what a user has on disk:
 * <ul>
 *   <li>a directory of scored CSVs, searched recursively (as {@code score --out DIR} and {@code evaluate nab}
 *       write them); each file is a key named by its path under the directory, without {@code .csv};</li>
 *   <li>one scored CSV (the key is its file name);</li>
 *   <li>a dump of the scored-points or anomalies topic: one JSON object per line, as {@code consume --json}
 *       prints them ({@code ScoredPoint} or {@code Anomaly} records, mixed keys).</li>
 * </ul>
 * A CSV needs {@code timestamp} and {@code anomaly_score}. Optional: {@code anomaly} (without it a point is
 * anomalous when its score is at least the threshold given), {@code incident_id} and {@code incident_status},
 * {@code model_version}, {@code drop_reason} (a dropped row is counted, not compared), and the channel columns
 * {@code score} writes ({@code value,forecast,forecast_std} or {@code <ch>,<ch>_forecast,<ch>_forecast_std}).
 * Timestamps: epoch millis, ISO-8601, or {@code yyyy-MM-dd HH:mm:ss[.SSS]} (UTC).
 */
public final class ScoredRunReader {

    private ScoredRunReader() {
    }

    /**
     * @param threshold the anomaly threshold for sources without an {@code anomaly} column (a NAB results file)
     */
    public static ScoredRun read(Path input, double threshold) throws IOException {
        if (!Files.exists(input)) throw new IllegalArgumentException(input + " does not exist");
        List<ScoredKey> keys = new ArrayList<>();
        if (Files.isDirectory(input)) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(input)) {
                files = s.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".csv")).sorted().toList();
            }
            if (files.isEmpty()) throw new IllegalArgumentException(input + " holds no .csv files");
            try {   // a file per key: read them on every core, keys kept in file order
                keys.addAll(files.parallelStream().map(f -> {
                    String rel = input.relativize(f).toString().replace('\\', '/');
                    try {
                        return readCsv(f, rel.substring(0, rel.length() - 4), threshold);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).toList());
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
        } else if (firstChar(input) == '{') {
            keys.addAll(readJsonLines(input));
        } else {
            String name = input.getFileName().toString();
            keys.add(readCsv(input, name.endsWith(".csv") ? name.substring(0, name.length() - 4) : name, threshold));
        }
        return ScoredRun.of(input.toString(), keys);
    }

    private static int firstChar(Path f) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            int c;
            while ((c = r.read()) >= 0) if (!Character.isWhitespace(c)) return c;
            return -1;
        }
    }

    static ScoredKey readCsv(Path f, String key, double threshold) throws IOException {
        try (CsvRows r = CsvRows.open(f, ',')) {
            CsvRows.Row headerRow = r.next();
            if (headerRow == null) throw new IllegalArgumentException(f + ": empty file");
            List<String> h = List.of(headerRow.fields());
            int ts = h.indexOf("timestamp"), sc = h.indexOf("anomaly_score"), an = h.indexOf("anomaly"),
                    mv = h.indexOf("model_version"), id = h.indexOf("incident_id"), st = h.indexOf("incident_status"),
                    drop = h.indexOf("drop_reason");
            if (ts < 0 || sc < 0)
                throw new IllegalArgumentException(f + ":1: not a scored output: needs timestamp and anomaly_score columns (as 'score' and 'evaluate nab' write them)");
            List<String> channels = new ArrayList<>();
            List<int[]> cols = new ArrayList<>();   // actual, forecast, std per channel
            if (h.contains("forecast") || (h.contains("value") && h.stream().noneMatch(c -> c.endsWith("_forecast")))) {
                channels.add("value");
                cols.add(new int[]{h.indexOf("value"), h.indexOf("forecast"), h.indexOf("forecast_std")});
            } else {
                for (String c : h)
                    if (c.endsWith("_forecast")) {
                        String ch = c.substring(0, c.length() - "_forecast".length());
                        channels.add(ch);
                        cols.add(new int[]{h.indexOf(ch), h.indexOf(c), h.indexOf(ch + "_forecast_std")});
                    }
            }
            ScoredKey.Builder b = ScoredKey.builder(key).channels(channels);
            int n = channels.size();
            for (CsvRows.Row row; (row = r.next()) != null; ) {
                int lineNo = row.line();
                String[] c = row.fields();
                if (c.length < h.size()) throw new CsvFormatException(f.toString(), lineNo, c.length + " fields, the header has " + h.size());
                if (drop >= 0 && !c[drop].isEmpty()) {
                    b.dropped();
                    continue;
                }
                double score = num(c, sc, f, lineNo);
                boolean anomalous = an >= 0 ? "1".equals(c[an]) || "true".equals(c[an]) : score >= threshold;
                double[] a = new double[n], fc = new double[n], sd = new double[n];
                int top = -1;
                double topDev = -1;
                for (int k = 0; k < n; k++) {
                    int[] cc = cols.get(k);
                    a[k] = num(c, cc[0], f, lineNo);
                    fc[k] = num(c, cc[1], f, lineNo);
                    sd[k] = num(c, cc[2], f, lineNo);
                    double dev = Math.abs(a[k] - fc[k]) / (sd[k] > 0 ? sd[k] : 1);
                    if (dev > topDev) {
                        topDev = dev;
                        top = k;
                    }
                }
                int sign = top < 0 ? 0 : (int) Math.signum(a[top] - fc[top]);
                b.add(time(c[ts], f, lineNo), score, anomalous, sign, id >= 0 ? c[id] : null, st >= 0 ? c[st] : null, mv >= 0 ? c[mv] : null);
                if (n > 0) b.values(a, fc, sd);
            }
            return b.build();
        }
    }

    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    /** A topic dump: one {@code ScoredPoint} or {@code Anomaly} per line in their JSON form (as {@code consume --json} prints). */
    static List<ScoredKey> readJsonLines(Path f) throws IOException {
        Map<String, ScoredKey.Builder> keys = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank() || !line.stripLeading().startsWith("{")) continue;   // consume's own notes
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalArgumentException(f + ":" + lineNo + ": not JSON: " + e.getOriginalMessage());
                }
                JsonNode p = n.has("point") ? n.get("point") : n;
                if (!p.has("key") || !p.has("time") || !p.has("anomalyScore"))
                    throw new IllegalArgumentException(f + ":" + lineNo + ": not a ScoredPoint or Anomaly record (needs key, time, anomalyScore)");
                String key = p.get("key").asText();
                ScoredKey.Builder b = keys.computeIfAbsent(key, ScoredKey::builder);
                List<String> names = new ArrayList<>();
                JsonNode chs = p.path("channels");
                int ch = chs.size(), top = 0;
                double[] a = new double[ch], fc = new double[ch], sd = new double[ch], res = new double[ch];
                double best = -1;
                for (int c = 0; c < ch; c++) {
                    JsonNode x = chs.get(c);
                    names.add(x.path("name").asText());
                    a[c] = num(x.get("actual"));
                    fc[c] = num(x.get("forecast"));
                    sd[c] = num(x.get("forecastStd"));
                    res[c] = num(x.get("residual"));
                    double contribution = num(x.get("contribution"));
                    if (contribution > best) {
                        best = contribution;
                        top = c;
                    }
                }
                if (b.size() == 0) b.channels(names);
                long time = time(p.get("time"), f, lineNo);
                double score = num(p.get("anomalyScore"));
                boolean anomalous = p.path("anomaly").asBoolean(false);
                String version = p.path("modelVersion").asText(null);
                if (n.has("point")) {   // an Anomaly: the alert's own incident id and direction
                    String dir = n.path("direction").asText("");
                    b.add(time, score, anomalous, "ABOVE".equals(dir) ? 1 : "BELOW".equals(dir) ? -1 : 0,
                            text(n, "incidentId"), text(n, "incidentStatus"), version);
                } else {
                    int sign = ch == 0 ? 0 : (int) Math.signum(res[top]);
                    if (p.has("incidentId")) b.add(time, score, anomalous, sign, text(p, "incidentId"), text(p, "incidentStatus"), version);
                    else b.addCounted(time, score, anomalous, sign, p.path("incidentPoints").asInt(0), version);
                }
                if (ch > 0 && names.size() == ch) b.values(a, fc, sd);
            }
        }
        if (keys.isEmpty()) throw new IllegalArgumentException(f + ": no ScoredPoint or Anomaly records");
        return ScoredKey.buildAll(keys.values());
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static double num(JsonNode v) {
        if (v == null || v.isNull()) return Double.NaN;
        if (v.isNumber()) return v.doubleValue();
        try {
            return Double.parseDouble(v.asText());   // "NaN", "Infinity" as Avro's JSON form writes them
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static long time(JsonNode v, Path f, int line) {
        if (v.isNumber()) return v.longValue();
        return time(v.asText(), f, line);
    }

    private static double num(String[] c, int i, Path f, int line) {
        if (i < 0) return Double.NaN;
        String s = c[i];
        if (s.isEmpty()) return Double.NaN;
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(f + ":" + line + ": '" + s + "' is not a number");
        }
    }

    /** Epoch millis, {@code yyyy-MM-dd HH:mm:ss[.SSS]} or ISO-8601 ({@code T}, {@code Z} or an offset), all UTC. */
    static long time(String s, Path f, int line) {
        try {
            int len = s.length();
            if (isInteger(s)) return Long.parseLong(s);
            if (len >= 19 && s.charAt(4) == '-' && s.charAt(7) == '-' && (s.charAt(10) == ' ' || s.charAt(10) == 'T')
                    && s.charAt(13) == ':' && s.charAt(16) == ':') {
                int end = len;
                if (s.charAt(end - 1) == 'Z') end--;
                int millis = 0, i = 19;
                if (i < end && s.charAt(i) == '.') {
                    int scale = 100;
                    for (i++; i < end && Character.isDigit(s.charAt(i)); i++) {
                        millis += (s.charAt(i) - '0') * scale;
                        scale /= 10;
                    }
                }
                if (i == end) {
                    long day = epochDay(s);
                    long sod = digits(s, 11, 13) * 3600L + digits(s, 14, 16) * 60L + digits(s, 17, 19);
                    return (day * 86_400L + sod) * 1000L + millis;
                }
                return OffsetDateTime.parse(s.replace(' ', 'T')).toInstant().toEpochMilli();
            }
        } catch (RuntimeException e) {
            // fall through to the message
        }
        throw new IllegalArgumentException(f + ":" + line + ": timestamp '" + s + "' is not epoch millis, ISO-8601 or yyyy-MM-dd HH:mm:ss");
    }

    /** The last date seen and its epoch day, per thread: consecutive rows nearly always share the date. */
    private static final ThreadLocal<Object[]> LAST_DAY = ThreadLocal.withInitial(() -> new Object[]{"", 0L});

    private static long epochDay(String s) {
        Object[] last = LAST_DAY.get();
        String prev = (String) last[0];
        if (prev.length() == 10 && s.regionMatches(0, prev, 0, 10)) return (Long) last[1];
        long day = LocalDate.of(digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10)).toEpochDay();
        last[0] = s.substring(0, 10);
        last[1] = day;
        return day;
    }

    private static boolean isInteger(String s) {
        if (s.isEmpty()) return false;
        for (int i = s.charAt(0) == '-' ? 1 : 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return s.length() > (s.charAt(0) == '-' ? 1 : 0);
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') throw new NumberFormatException(s);
            v = v * 10 + (ch - '0');
        }
        return v;
    }
}
