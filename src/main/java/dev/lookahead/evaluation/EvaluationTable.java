package dev.lookahead.evaluation;

import java.util.Locale;
import java.util.Map;

/** An {@link Evaluation} as a readable table: per series, per kind, overall; undefined ratios as '-'. */
public final class EvaluationTable {

    private static final String ROW = "%-30s %7s %6s %6s %6s %6s %6s %6s %6s %5s %5s %6s %6s %7s %7s %7s %7s %7s %8s%n";

    private EvaluationTable() {
    }

    public static String render(Evaluation e) {
        StringBuilder b = new StringBuilder();
        header(b, "series");
        for (Evaluation.SeriesResult s : e.series()) line(b, s.key(), s.metrics());
        if (!e.kinds().isEmpty() || e.normal() != null) {
            b.append('\n');
            header(b, "kind");
            for (Map.Entry<String, Metrics> k : e.kinds().entrySet()) line(b, k.getKey(), k.getValue());
            if (e.normal() != null) line(b, Evaluation.NO_ANOMALY, e.normal());
        }
        b.append('\n');
        header(b, "overall");
        line(b, "all " + e.series().size() + " series", e.overall());
        b.append("""

                rows/labelled/flagged: rows scored, labelled anomalous, flagged by the detector (anomaly = 1).
                prec, recall, F1, FAR (normal rows flagged), MAR (labelled rows missed): point-wise on the anomaly flag.
                win/found/ev.rec: labelled windows, those with a flagged row inside, their share. FA/10k: incident
                openings outside every window per 10,000 rows. delay: window start to its first flagged row (median, max).
                NAB std/lowFP/lowFN: NAB v1.1 profiles, labelled windows as NAB windows, the detector's alerts as detections.
                ch.named: of the found windows whose labels name channels, the share whose first flagged row names one of
                them as the channel that deviated most.
                """);
        return b.toString();
    }

    private static void header(StringBuilder b, String what) {
        b.append(String.format(Locale.ROOT, ROW, what, "rows", "label", "flag", "prec", "recall", "F1", "FAR", "MAR",
                "win", "found", "ev.rec", "FA/10k", "dly.med", "dly.max", "NAB std", "lowFP", "lowFN", "ch.named"));
    }

    private static void line(StringBuilder b, String name, Metrics m) {
        b.append(String.format(Locale.ROOT, ROW, name.length() > 30 ? name.substring(0, 29) + "~" : name,
                m.rows(), m.labelledRows(), m.flaggedRows(), f3(m.precision()), f3(m.recall()), f3(m.f1()), f3(m.far()),
                f3(m.mar()), m.windows(), m.windowsDetected(), f3(m.eventRecall()), f1(m.falseAlarmsPer10k()),
                duration(m.medianDelaySeconds()), duration(m.maxDelaySeconds()), f2(m.nab("standard")),
                f2(m.nab("reward_low_FP_rate")), f2(m.nab("reward_low_FN_rate")), f3(m.channelNamed())));
    }

    private static String f3(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String f2(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String f1(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    /** Seconds as {@code 45s}, {@code 3.5m}, {@code 2.0h} or {@code 1.5d}. */
    static String duration(double seconds) {
        if (Double.isNaN(seconds)) return "-";
        if (seconds < 120) return String.format(Locale.ROOT, "%.0fs", seconds);
        if (seconds < 7_200) return String.format(Locale.ROOT, "%.1fm", seconds / 60);
        if (seconds < 172_800) return String.format(Locale.ROOT, "%.1fh", seconds / 3_600);
        return String.format(Locale.ROOT, "%.1fd", seconds / 86_400);
    }
}
