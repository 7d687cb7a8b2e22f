package dev.lookahead.report;

import dev.lookahead.io.CsvFormatException;
import dev.lookahead.io.CsvReader;
import dev.lookahead.io.CsvRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Reads scored CSVs as {@code score} writes them: {@code timestamp}, then {@code value,forecast,forecast_std} for
 * one channel or {@code <ch>,<ch>_forecast,<ch>_forecast_std} per channel, then {@code anomaly_score},
 * {@code anomaly}, {@code model_version} and (if present) {@code top_channel} and {@code usual_level}. A directory gives one series per {@code .csv} file under it, key = its
 * path there without {@code .csv} ({@code realTweets/Twitter_volume_KO}), as {@link CsvReader} names keys.
 * Fields split as {@link CsvRows} splits them, so quoted names and reasons (as {@code ScoredCsvWriter} writes them)
 * read back whole; a problem is a {@link CsvFormatException} naming the file and line.
 */
public final class ScoredSeriesReader {

    private ScoredSeriesReader() {
    }

    public static List<ScoredSeries> read(Path input) throws IOException {
        if (!Files.exists(input)) throw new IllegalArgumentException("input " + input + " does not exist");
        List<ScoredSeries> out = new ArrayList<>();
        if (Files.isDirectory(input)) {
            // the layout 'score DIR --out' and 'evaluate labelled --scored' write: a key's file under its subdirectories
            for (Path f : CsvReader.csvFiles(input)) out.add(readFile(f, CsvReader.keyOf(input, f)));
            if (out.isEmpty()) throw new IllegalArgumentException(input + " holds no scored .csv files");
        } else {
            out.add(readFile(input, CsvReader.keyOf(input, input)));
        }
        return out;
    }

    static ScoredSeries readFile(Path f, String key) throws IOException {
        try (CsvRows r = CsvRows.open(f, ',')) {
            CsvRows.Row headerRow = r.next();
            if (headerRow == null) throw new CsvFormatException(f.toString(), Math.max(1, r.lastLine()), "empty file, expected a header");
            List<String> header = List.of(headerRow.fields());
            int ts = header.indexOf("timestamp"), sc = header.indexOf("anomaly_score"), an = header.indexOf("anomaly"), mv = header.indexOf("model_version"),
                    tc = header.indexOf("top_channel"), ul = header.indexOf("usual_level");
            if (ts < 0 || sc < 0 || an < 0)
                throw new CsvFormatException(f.toString(), headerRow.line(), "not a scored CSV: needs timestamp, anomaly_score and anomaly columns (as 'score' writes)");
            List<String> channels = new ArrayList<>();
            List<int[]> cols = new ArrayList<>();   // actual, forecast, std per channel
            if (header.contains("forecast")) {
                channels.add("value");
                cols.add(new int[]{header.indexOf("value"), header.indexOf("forecast"), header.indexOf("forecast_std")});
            } else {
                for (String h : header)
                    if (h.endsWith("_forecast")) {
                        String ch = h.substring(0, h.length() - "_forecast".length());
                        channels.add(ch);
                        cols.add(new int[]{header.indexOf(ch), header.indexOf(h), header.indexOf(ch + "_forecast_std")});
                    }
            }
            if (channels.isEmpty()) throw new CsvFormatException(f.toString(), headerRow.line(), "no forecast columns");
            List<long[]> times = new ArrayList<>();
            List<double[][]> rows = new ArrayList<>();
            List<double[]> scores = new ArrayList<>();
            List<String> tops = new ArrayList<>();
            List<Double> usual = new ArrayList<>();
            LinkedHashSet<String> versions = new LinkedHashSet<>();
            for (CsvRows.Row record; (record = r.next()) != null; ) {
                int lineNo = record.line();
                String[] c = record.fields();
                if (c.length < header.size()) throw new CsvFormatException(f.toString(), lineNo, c.length + " fields, the header has " + header.size());
                double[][] row = new double[3][channels.size()];
                for (int k = 0; k < channels.size(); k++)
                    for (int j = 0; j < 3; j++) row[j][k] = num(c, cols.get(k)[j]);
                times.add(new long[]{time(c[ts], f, lineNo)});
                rows.add(row);
                scores.add(new double[]{num(c, sc), "1".equals(c[an]) ? 1 : 0});
                if (mv >= 0 && !c[mv].isBlank()) versions.add(c[mv]);
                tops.add(tc >= 0 && !c[tc].isBlank() ? c[tc] : null);
                usual.add(num(c, ul));
            }
            int n = rows.size();
            long[] t = new long[n];
            double[][] actual = new double[n][], forecast = new double[n][], std = new double[n][];
            double[] score = new double[n];
            boolean[] anomaly = new boolean[n];
            for (int i = 0; i < n; i++) {
                t[i] = times.get(i)[0];
                actual[i] = rows.get(i)[0];
                forecast[i] = rows.get(i)[1];
                std[i] = rows.get(i)[2];
                score[i] = Double.isNaN(scores.get(i)[0]) ? 0 : scores.get(i)[0];
                anomaly[i] = scores.get(i)[1] == 1;
            }
            // one channel is named "value" here, whatever the file called it
            String[] top = new String[n];
            for (int i = 0; i < n; i++) top[i] = channels.size() == 1 || tops.get(i) == null || !channels.contains(tops.get(i)) ? null : tops.get(i);
            double[] usualLevel = new double[n];
            for (int i = 0; i < n; i++) usualLevel[i] = usual.get(i);
            return new ScoredSeries(key, channels, t, actual, forecast, std, score, anomaly, top, usualLevel, List.copyOf(versions));
        }
    }

    private static double num(String[] c, int i) {
        if (i < 0 || i >= c.length || c[i].isBlank()) return Double.NaN;
        try {
            return Double.parseDouble(c[i]);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static long time(String s, Path f, int line) {
        try {
            if (s.matches("-?\\d+")) return Long.parseLong(s);
            if (s.contains("T")) return Instant.parse(s).toEpochMilli();
            return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (RuntimeException e) {
            throw new CsvFormatException(f.toString(), line, "timestamp '" + s + "' is not epoch millis, ISO-8601 or yyyy-MM-dd HH:mm:ss");
        }
    }
}
