package dev.lookahead.evaluation;

import dev.lookahead.nab.NabProfile;
import dev.lookahead.nab.NabScorer;
import dev.lookahead.nab.NabSeries;
import dev.lookahead.nab.NabWindow;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The scores of a group of series against their labels. Which windows count is the group's choice (all of them,
 * or one kind's); rows of windows that do not count are left out of the point-wise counts, so another kind's
 * fault is neither a hit nor a false alarm here.
 *
 * <h2>Point-wise, on the {@code anomaly} flag</h2>
 * {@code tp}, {@code fp}, {@code fn}, {@code tn} over the rows; precision {@code tp/(tp+fp)}, recall
 * {@code tp/(tp+fn)}, F1 {@code 2tp/(2tp+fp+fn)}, false-alarm rate FAR {@code fp/(fp+tn)} (normal rows flagged),
 * missed-alarm rate MAR {@code fn/(fn+tp)}. A ratio over nothing is NaN (no flagged rows: no precision).
 *
 * <h2>Event-wise</h2>
 * A window is detected when a flagged row falls inside it; event recall is the share detected. A false alarm is an
 * incident opening (the first anomalous point of an incident) outside every labelled window; they are given per
 * 10,000 rows. The detection delay of a detected window runs from its first row to its first flagged row, in rows
 * and in time; {@link #delayRows()} and {@link #delayMillis()} hold one per detected window.
 *
 * <h2>The channel named</h2>
 * Where the labels name the channels at fault (a labels file's {@code channel} column): of the detected windows, the
 * share whose first flagged row names one of them as the channel that deviated most ({@link #channelNamed()}), and
 * the same over all their flagged rows ({@link #channelNamedRows()}).
 *
 * <h2>NAB</h2>
 * NAB v1.1's scoring ({@link NabScorer}, its three standard profiles) with the labelled windows as NAB windows
 * (as labelled, not widened; overlapping or touching windows merged) and the detector's alerts as detections, at a
 * fixed threshold: no threshold is tuned on the labels. NaN when no window lies outside NAB's probationary first
 * 15% of a series.
 */
public record Metrics(int series, long rows, long labelledRows, long flaggedRows, long tp, long fp, long fn, long tn,
                      int windows, int windowsDetected, long openings, long falseAlarms,
                      int windowsNameable, int windowsNamedRight, long rowsNameable, long rowsNamedRight,
                      List<Integer> delayRows, List<Long> delayMillis, Map<String, Double> nab) {

    public Metrics {
        delayRows = List.copyOf(delayRows);
        delayMillis = List.copyOf(delayMillis);
        nab = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nab));
    }

    /** Every window of every series. */
    public static Metrics of(List<SeriesCase> cases) {
        return of(cases, w -> true);
    }

    /** The windows {@code counts} accepts; rows of the other windows left out. */
    public static Metrics of(List<SeriesCase> cases, Predicate<LabelWindow> counts) {
        long rows = 0, labelled = 0, flaggedRows = 0, tp = 0, fp = 0, fn = 0, tn = 0, openings = 0, falseAlarms = 0;
        int windows = 0, detected = 0, nameable = 0, namedRight = 0;
        long rowsNameable = 0, rowsNamedRight = 0;
        List<Integer> delayRows = new ArrayList<>();
        List<Long> delayMillis = new ArrayList<>();
        List<NabSeries> nab = new ArrayList<>(cases.size());
        for (SeriesCase c : cases) {
            int n = c.rows();
            boolean[] positive = new boolean[n], inAny = new boolean[n];
            List<LabelWindow> counted = new ArrayList<>();
            for (LabelWindow w : c.labels().windows()) {
                boolean k = counts.test(w);
                if (k) counted.add(w);
                for (int r = w.startRow(); r <= w.endRow(); r++) {
                    inAny[r] = true;
                    if (k) positive[r] = true;
                }
            }
            boolean[] flagged = c.verdicts().flagged(), opened = c.verdicts().opened(), alerted = c.verdicts().alerted();
            double[] nabScores = new double[n];
            for (int r = 0; r < n; r++) {
                if (inAny[r] && !positive[r]) continue;   // another kind's window
                rows++;
                if (flagged[r]) flaggedRows++;
                if (positive[r]) {
                    labelled++;
                    if (flagged[r]) tp++;
                    else fn++;
                } else {
                    if (flagged[r]) fp++;
                    else tn++;
                }
                if (opened[r]) {
                    openings++;
                    if (!inAny[r]) falseAlarms++;
                }
                if (alerted[r]) nabScores[r] = 1.0;
            }
            for (LabelWindow w : counted) {
                windows++;
                WindowResult wr = WindowResult.of(c, w);
                if (wr.detected()) {
                    detected++;
                    delayRows.add(wr.delayRows());
                    delayMillis.add(wr.delayMillis());
                }
                if (wr.nameable()) nameable++;
                if (wr.namedRight()) namedRight++;
                if (w.channels().isEmpty()) continue;
                String[] channel = c.verdicts().channel();
                for (int r = w.startRow(); r <= w.endRow(); r++) {
                    if (channel[r] == null) continue;
                    rowsNameable++;
                    if (w.channels().contains(channel[r])) rowsNamedRight++;
                }
            }
            nab.add(nabSeries(c, nabScores, counted));
        }
        return new Metrics(cases.size(), rows, labelled, flaggedRows, tp, fp, fn, tn, windows, detected, openings,
                falseAlarms, nameable, namedRight, rowsNameable, rowsNamedRight, delayRows, delayMillis, nabScores(nab));
    }

    private static NabSeries nabSeries(SeriesCase c, double[] scores, List<LabelWindow> counted) {
        LocalDateTime[] ts = new LocalDateTime[c.rows()];
        for (int r = 0; r < ts.length; r++) ts[r] = LocalDateTime.ofInstant(Instant.ofEpochMilli(c.times()[r]), ZoneOffset.UTC);
        List<NabWindow> ws = new ArrayList<>();
        int start = -1, end = -1;
        for (LabelWindow w : counted) {   // sorted by start: merge overlapping and touching windows
            if (start >= 0 && w.startRow() <= end + 1) {
                end = Math.max(end, w.endRow());
                continue;
            }
            if (start >= 0) ws.add(new NabWindow(ts[start], ts[end]));
            start = w.startRow();
            end = w.endRow();
        }
        if (start >= 0) ws.add(new NabWindow(ts[start], ts[end]));
        return new NabSeries(c.key(), ts, scores, ws);
    }

    private static Map<String, Double> nabScores(List<NabSeries> corpus) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (NabProfile p : NabProfile.defaults()) {
            NabScorer.ProfileScore s = NabScorer.score(corpus, p, 0.5);
            out.put(p.name(), s.perfectScore() == s.nullScore() ? Double.NaN : s.normalized());
        }
        return out;
    }

    public double precision() {
        return ratio(tp, tp + fp);
    }

    public double recall() {
        return ratio(tp, tp + fn);
    }

    public double f1() {
        return ratio(2 * tp, 2 * tp + fp + fn);
    }

    /** False-alarm rate: normal rows flagged. */
    public double far() {
        return ratio(fp, fp + tn);
    }

    /** Missed-alarm rate: labelled rows not flagged. */
    public double mar() {
        return ratio(fn, fn + tp);
    }

    public double eventRecall() {
        return ratio(windowsDetected, windows);
    }

    /**
     * Of the detected windows whose labels name the channels at fault, the share whose first flagged row names one of
     * them (what the anomaly record of an alert there says deviated); NaN when there are none.
     */
    public double channelNamed() {
        return ratio(windowsNamedRight, windowsNameable);
    }

    /** The same over every flagged row of those windows. */
    public double channelNamedRows() {
        return ratio(rowsNamedRight, rowsNameable);
    }

    public double falseAlarmsPer10k() {
        return rows == 0 ? Double.NaN : falseAlarms * 10_000.0 / rows;
    }

    /** Median delay in rows over the detected windows (the mean of the middle two for an even count); NaN if none. */
    public double medianDelayRows() {
        return median(delayRows.stream().mapToDouble(Integer::doubleValue).toArray());
    }

    public double maxDelayRows() {
        return delayRows.stream().mapToDouble(Integer::doubleValue).max().orElse(Double.NaN);
    }

    public double medianDelaySeconds() {
        return median(delayMillis.stream().mapToDouble(m -> m / 1000.0).toArray());
    }

    public double maxDelaySeconds() {
        return delayMillis.stream().mapToDouble(m -> m / 1000.0).max().orElse(Double.NaN);
    }

    /** The normalised NAB score under a profile ({@code standard}, {@code reward_low_FP_rate}, {@code reward_low_FN_rate}). */
    public double nab(String profile) {
        Double d = nab.get(profile);
        if (d == null) throw new IllegalArgumentException("no NAB profile '" + profile + "'; profiles: " + nab.keySet());
        return d;
    }

    static double median(double[] v) {
        if (v.length == 0) return Double.NaN;
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    private static double ratio(long num, long den) {
        return den == 0 ? Double.NaN : num / (double) den;
    }
}
