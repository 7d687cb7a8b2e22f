package dev.lookahead.nab;

import dev.lookahead.io.CsvFormatException;
import dev.lookahead.io.CsvRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads a detector's results in NAB's layout: {@code RESULTS/<category>/<detector>_<file>.csv} for every series
 * named in {@code NAB/labels/combined_windows.json}, with columns {@code timestamp} and {@code anomaly_score} (others
 * are ignored). When {@code NAB/data/<category>/<file>.csv} exists, the results must have as many rows. Fields split as
 * {@link CsvRows} splits them; a malformed row is a {@link CsvFormatException} naming the file and line.
 */
public final class NabCorpus {

    private NabCorpus() {
    }

    public static Path windowsFile(Path nabDir) {
        return nabDir.resolve("labels").resolve("combined_windows.json");
    }

    /** The profiles of {@code NAB/config/profiles.json}, or NAB v1.1's three when that file is absent. */
    public static List<NabProfile> profiles(Path nabDir) throws IOException {
        Path f = nabDir.resolve("config").resolve("profiles.json");
        return Files.isRegularFile(f) ? NabProfile.load(f) : NabProfile.defaults();
    }

    public static List<NabSeries> readResults(Path nabDir, Path resultsDir, String detector) throws IOException {
        Path labels = windowsFile(nabDir);
        if (!Files.isRegularFile(labels)) throw new IllegalArgumentException("no labels file " + labels + " (is " + nabDir + " a NAB directory?)");
        if (!Files.isDirectory(resultsDir)) throw new IllegalArgumentException("results directory " + resultsDir + " does not exist");
        Map<String, List<NabWindow>> windows = NabWindow.load(labels);
        List<String> missing = new ArrayList<>();
        List<NabSeries> out = new ArrayList<>();
        for (Map.Entry<String, List<NabWindow>> e : windows.entrySet()) {
            Path f = resultFile(resultsDir, detector, e.getKey());
            if (!Files.isRegularFile(f)) {
                missing.add(resultsDir.relativize(f).toString());
                continue;
            }
            NabSeries s = read(f, e.getKey(), e.getValue());
            Path data = nabDir.resolve("data").resolve(e.getKey());
            if (Files.isRegularFile(data)) {
                int rows = dataRows(data);
                if (rows != s.rows()) throw new IllegalArgumentException(f + " has " + s.rows() + " rows but " + data + " has " + rows);
            }
            out.add(s);
        }
        if (!missing.isEmpty())
            throw new IllegalArgumentException(missing.size() + " of " + windows.size() + " results files for detector '" + detector
                    + "' missing in " + resultsDir + ", first: " + missing.get(0));
        return out;
    }

    /** {@code category/file.csv} to {@code RESULTS/category/<detector>_file.csv}. */
    public static Path resultFile(Path resultsDir, String detector, String seriesPath) {
        int k = seriesPath.lastIndexOf('/');
        String dir = k < 0 ? "" : seriesPath.substring(0, k);
        String name = seriesPath.substring(k + 1);
        Path d = dir.isEmpty() ? resultsDir : resultsDir.resolve(dir);
        return d.resolve(detector + "_" + name);
    }

    static NabSeries read(Path f, String seriesPath, List<NabWindow> windows) throws IOException {
        List<LocalDateTime> ts = new ArrayList<>();
        double[] scores = new double[1024];
        try (CsvRows r = CsvRows.open(f, ',')) {
            CsvRows.Row header = r.next();
            if (header == null) throw new CsvFormatException(f.toString(), Math.max(1, r.lastLine()), "empty file, expected a header");
            int tCol = -1, sCol = -1;
            for (int c = 0; c < header.size(); c++) {
                String name = header.field(c).strip();
                if (name.equals("timestamp")) tCol = c;
                if (name.equals("anomaly_score")) sCol = c;
            }
            if (tCol < 0 || sCol < 0)
                throw new CsvFormatException(f.toString(), header.line(), "header lacks 'timestamp' or 'anomaly_score': "
                        + String.join(",", header.fields()));
            for (CsvRows.Row row; (row = r.next()) != null; ) {
                if (row.size() <= Math.max(tCol, sCol)) throw new CsvFormatException(f.toString(), row.line(), "too few columns");
                try {
                    ts.add(NabWindow.parseTime(row.field(tCol)));
                } catch (IllegalArgumentException e) {
                    throw new CsvFormatException(f.toString(), row.line(), e.getMessage());
                }
                if (ts.size() > scores.length) scores = Arrays.copyOf(scores, scores.length * 2);
                try {
                    scores[ts.size() - 1] = Double.parseDouble(row.field(sCol).strip());
                } catch (NumberFormatException e) {
                    throw new CsvFormatException(f.toString(), row.line(), "bad anomaly_score '" + row.field(sCol) + "'");
                }
            }
        }
        return new NabSeries(seriesPath, ts.toArray(new LocalDateTime[0]), Arrays.copyOf(scores, ts.size()), windows);
    }

    /** Data rows of a NAB data file: its records after the header. */
    private static int dataRows(Path f) throws IOException {
        int n = 0;
        try (CsvRows r = CsvRows.open(f, ',')) {
            if (r.next() == null) return 0;
            while (r.next() != null) n++;
        }
        return n;
    }
}
