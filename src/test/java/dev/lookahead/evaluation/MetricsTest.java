package dev.lookahead.evaluation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every metric on small hand-made cases, against values worked out by hand in the comments. */
class MetricsTest {

    private static final double EPS = 1e-12;

    /** Rows 0..n-1 one second apart. */
    private static long[] seconds(int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) t[i] = 1_000_000L + i * 1_000L;
        return t;
    }

    private static boolean[] flags(int n, int... rows) {
        boolean[] f = new boolean[n];
        for (int r : rows) f[r] = true;
        return f;
    }

    private static LabelWindow window(int start, int end, String kind) {
        return new LabelWindow(start, end, kind, List.of());
    }

    /**
     * Ten rows, one window 3..5, flags at 1, 4, 5, 8: runs open at 1, 4 and 8.
     * tp = {4,5} = 2, fp = {1,8} = 2, fn = {3} = 1, tn = {0,2,6,7,9} = 5.
     */
    private static SeriesCase tenRows() {
        return new SeriesCase("a", seconds(10), new SeriesLabels(10, List.of(window(3, 5, "X"))), Verdicts.ofFlags(flags(10, 1, 4, 5, 8)));
    }

    @Test
    void pointWiseCounts() {
        Metrics m = Metrics.of(List.of(tenRows()));
        assertEquals(2, m.tp());
        assertEquals(2, m.fp());
        assertEquals(1, m.fn());
        assertEquals(5, m.tn());
        assertEquals(10, m.rows());
        assertEquals(3, m.labelledRows());
        assertEquals(4, m.flaggedRows());
    }

    @Test
    void precisionIsHitsOverFlaggedRows() {
        assertEquals(2.0 / 4, Metrics.of(List.of(tenRows())).precision(), EPS);
    }

    @Test
    void recallIsHitsOverLabelledRows() {
        assertEquals(2.0 / 3, Metrics.of(List.of(tenRows())).recall(), EPS);
    }

    @Test
    void f1IsTheHarmonicMeanOfPrecisionAndRecall() {
        // 2 * (1/2) * (2/3) / (1/2 + 2/3) = (2/3) / (7/6) = 4/7 = 2tp / (2tp + fp + fn)
        assertEquals(4.0 / 7, Metrics.of(List.of(tenRows())).f1(), EPS);
    }

    @Test
    void falseAlarmRateIsNormalRowsFlagged() {
        assertEquals(2.0 / 7, Metrics.of(List.of(tenRows())).far(), EPS);   // fp / (fp + tn) = 2 / 7
    }

    @Test
    void missedAlarmRateIsLabelledRowsMissed() {
        assertEquals(1.0 / 3, Metrics.of(List.of(tenRows())).mar(), EPS);   // fn / (fn + tp) = 1 / 3
    }

    @Test
    void eventRecallCountsAWindowFoundWhenAFlaggedRowFallsInIt() {
        // windows 3..5 (found at 4) and, in a second series, 2..3 (flags only at 6 and 0: missed)
        SeriesCase missed = new SeriesCase("b", seconds(8), new SeriesLabels(8, List.of(window(2, 3, "X"))), Verdicts.ofFlags(flags(8, 0, 6)));
        Metrics m = Metrics.of(List.of(tenRows(), missed));
        assertEquals(2, m.windows());
        assertEquals(1, m.windowsDetected());
        assertEquals(0.5, m.eventRecall(), EPS);
    }

    @Test
    void falseAlarmsAreOpeningsOutsideEveryWindowPer10kRows() {
        // openings at 1, 4, 8; 4 is inside the window: 2 false alarms in 10 rows = 2,000 per 10k
        Metrics m = Metrics.of(List.of(tenRows()));
        assertEquals(3, m.openings());
        assertEquals(2, m.falseAlarms());
        assertEquals(2_000.0, m.falseAlarmsPer10k(), EPS);
        // an incident that opens inside a window and runs past its end is no false alarm
        SeriesCase over = new SeriesCase("c", seconds(10), new SeriesLabels(10, List.of(window(2, 4, null))), Verdicts.ofFlags(flags(10, 4, 5, 6, 7)));
        assertEquals(0, Metrics.of(List.of(over)).falseAlarms());
        assertEquals(3, Metrics.of(List.of(over)).fp(), "its rows after the window are still false positives point-wise");
    }

    @Test
    void delayRunsFromTheWindowStartToItsFirstFlaggedRowInRowsAndTime() {
        // window 3..5 first flagged at 4: 1 row, 1 s
        Metrics one = Metrics.of(List.of(tenRows()));
        assertEquals(List.of(1), one.delayRows());
        assertEquals(List.of(1_000L), one.delayMillis());
        // rows 5 s apart; delays 2, 5 and 9 rows and one missed window: median 5 rows (25 s), max 9 (45 s)
        long[] t = new long[40];
        for (int i = 0; i < t.length; i++) t[i] = i * 5_000L;   // five seconds per row
        SeriesLabels labels = new SeriesLabels(40, List.of(window(0, 4, "A"), window(10, 19, "A"), window(20, 29, "B"), window(30, 39, "B")));
        Metrics m = Metrics.of(List.of(new SeriesCase("d", t, labels, Verdicts.ofFlags(flags(40, 2, 15, 29)))));
        assertEquals(List.of(2, 5, 9), m.delayRows());
        assertEquals(5.0, m.medianDelayRows(), EPS);
        assertEquals(9.0, m.maxDelayRows(), EPS);
        assertEquals(25.0, m.medianDelaySeconds(), EPS);
        assertEquals(45.0, m.maxDelaySeconds(), EPS);
        // an even count takes the mean of the middle two: delays 2 and 5 -> 3.5
        Metrics a = Metrics.of(List.of(new SeriesCase("d", t, labels, Verdicts.ofFlags(flags(40, 2, 15, 29)))), w -> w.kind().equals("A"));
        assertEquals(3.5, a.medianDelayRows(), EPS);
        assertEquals(17.5, a.medianDelaySeconds(), EPS);
    }

    @Test
    void ratiosOverNothingAreUndefinedNotZero() {
        SeriesCase quiet = new SeriesCase("q", seconds(5), new SeriesLabels(5, List.of()), Verdicts.ofFlags(flags(5)));
        Metrics m = Metrics.of(List.of(quiet));
        assertTrue(Double.isNaN(m.precision()), "nothing flagged");
        assertTrue(Double.isNaN(m.recall()), "nothing labelled");
        assertTrue(Double.isNaN(m.f1()));
        assertEquals(0.0, m.far(), EPS);
        assertTrue(Double.isNaN(m.eventRecall()));
        assertTrue(Double.isNaN(m.medianDelayRows()));
        assertTrue(Double.isNaN(m.nab("standard")), "no windows: NAB's perfect and null scores coincide");
        // labelled rows but no flags: recall 0, F1 0, precision still undefined
        SeriesCase blind = new SeriesCase("b", seconds(5), new SeriesLabels(5, List.of(window(1, 2, null))), Verdicts.ofFlags(flags(5)));
        Metrics b = Metrics.of(List.of(blind));
        assertTrue(Double.isNaN(b.precision()));
        assertEquals(0.0, b.recall(), EPS);
        assertEquals(0.0, b.f1(), EPS);
        assertEquals(1.0, b.mar(), EPS);
    }

    @Test
    void aKindCountsOnlyItsOwnWindowsAndLeavesTheOthersRowsOut() {
        // rows 0..9, X = 2..3, Y = 6..7, flagged at 6 only
        SeriesCase c = new SeriesCase("k", seconds(10), new SeriesLabels(10, List.of(window(2, 3, "X"), window(6, 7, "Y"))), Verdicts.ofFlags(flags(10, 6)));
        Evaluation e = Evaluation.of(List.of(c));
        Metrics x = e.kinds().get("X"), y = e.kinds().get("Y");
        // X: rows 6, 7 left out; tp 0, fn 2 (rows 2, 3), fp 0, tn 6 (0, 1, 4, 5, 8, 9)
        assertEquals(List.of(0L, 0L, 2L, 6L), List.of(x.tp(), x.fp(), x.fn(), x.tn()));
        assertEquals(8, x.rows());
        assertEquals(0.0, x.eventRecall(), EPS);
        // Y: rows 2, 3 left out; tp 1 (6), fn 1 (7), fp 0, tn 6
        assertEquals(List.of(1L, 0L, 1L, 6L), List.of(y.tp(), y.fp(), y.fn(), y.tn()));
        assertEquals(1.0, y.eventRecall(), EPS);
        // overall: everything; the opening at 6 is inside a window
        assertEquals(List.of(1L, 0L, 3L, 6L), List.of(e.overall().tp(), e.overall().fp(), e.overall().fn(), e.overall().tn()));
        assertEquals(0, e.overall().falseAlarms());
        assertNull(e.normal(), "every series has a window");
    }

    @Test
    void seriesWithoutWindowsFormTheNoAnomalyGroupAndUnnamedWindowsTheirOwnKind() {
        SeriesCase normal = new SeriesCase("n", seconds(10), new SeriesLabels(10, List.of()), Verdicts.ofFlags(flags(10, 3, 4, 7)));
        SeriesCase unnamed = new SeriesCase("u", seconds(10), new SeriesLabels(10, List.of(window(5, 6, null))), Verdicts.ofFlags(flags(10, 5)));
        Evaluation e = Evaluation.of(List.of(normal, unnamed));
        assertEquals(1, e.normal().series());
        assertEquals(3, e.normal().fp());
        assertEquals(2, e.normal().falseAlarms(), "runs 3..4 and 7");
        assertEquals(2_000.0, e.normal().falseAlarmsPer10k(), EPS);
        assertTrue(e.kinds().isEmpty(), "no label names a kind: no per-kind table");
        SeriesCase named = new SeriesCase("k", seconds(10), new SeriesLabels(10, List.of(window(1, 1, "SPIKE"))), Verdicts.ofFlags(flags(10)));
        assertEquals(List.of(Evaluation.UNNAMED, "SPIKE"), List.copyOf(Evaluation.of(List.of(normal, unnamed, named)).kinds().keySet()));
    }

    /** NAB's scaled sigmoid, written out: {@code 2 / (1 + e^(5x)) - 1}. */
    private static double sigmoid(double x) {
        return 2 / (1 + Math.exp(5 * x)) - 1;
    }

    @Test
    void nabScoresTheAlertsAgainstTheLabelledWindows() {
        // 100 rows: rows 0..14 probationary (15%), window 50..59 (width 10)
        SeriesLabels labels = new SeriesLabels(100, List.of(window(50, 59, "X")));
        // an alert at the window's first row: the perfect detector, 100
        Metrics first = Metrics.of(List.of(new SeriesCase("n", seconds(100), labels, Verdicts.ofFlags(flags(100, 50)))));
        assertEquals(100.0, first.nab("standard"), 1e-9);
        // at row 55: position -(59 - 55 + 1)/10 = -0.5, weight sigmoid(-0.5)/sigmoid(-1); null = -1, perfect = 1
        double w = sigmoid(-0.5) / sigmoid(-1);
        Metrics mid = Metrics.of(List.of(new SeriesCase("n", seconds(100), labels, Verdicts.ofFlags(flags(100, 55)))));
        assertEquals(100 * (w + 1) / 2, mid.nab("standard"), 1e-9);
        // plus an alert at row 30, before any window: -fpWeight (0.11 standard, 0.22 low-FP)
        Metrics fp = Metrics.of(List.of(new SeriesCase("n", seconds(100), labels, Verdicts.ofFlags(flags(100, 30, 55)))));
        assertEquals(100 * (w - 0.11 + 1) / 2, fp.nab("standard"), 1e-9);
        assertEquals(100 * (w - 0.22 + 1) / 2, fp.nab("reward_low_FP_rate"), 1e-9);
        // missed: the null detector's score, 0; low-FN weighs a miss 2 (null -2, perfect 1): still 0
        Metrics none = Metrics.of(List.of(new SeriesCase("n", seconds(100), labels, Verdicts.ofFlags(flags(100)))));
        assertEquals(0.0, none.nab("standard"), 1e-9);
        assertEquals(0.0, none.nab("reward_low_FN_rate"), 1e-9);
        // only alerts count as detections, not every flagged row: a flag without an alert scores nothing
        Verdicts flaggedNoAlert = new Verdicts(flags(100, 55), flags(100, 55), flags(100));
        assertEquals(0.0, Metrics.of(List.of(new SeriesCase("n", seconds(100), labels, flaggedNoAlert))).nab("standard"), 1e-9);
    }

    /**
     * Twenty rows; window 2..6 names channel a, window 10..14 names b or c, window 16..18 names none. The detector
     * flags 1..4 (naming b at 1 and 2, a at 3 and 4), 11..13 (c, b, a) and 17 (a). Window 2..6's first flagged row, 2,
     * names b: not right; 10..14's, 11, names c: right. Window 16..18 names no channel and counts in neither.
     * Rows: 2, 3, 4 in the first (a right at 3 and 4), 11, 12, 13 in the second (c and b right): 4 of 6.
     */
    @Test
    void theChannelNamedIsJudgedAtEachFoundWindowsFirstFlaggedRowAndOverItsFlaggedRows() {
        int n = 20;
        String[] channel = new String[n];
        channel[1] = "b"; channel[2] = "b"; channel[3] = "a"; channel[4] = "a";
        channel[11] = "c"; channel[12] = "b"; channel[13] = "a"; channel[17] = "a";
        boolean[] flagged = flags(n, 1, 2, 3, 4, 11, 12, 13, 17);
        Verdicts v = new Verdicts(flagged, flags(n, 1, 11, 17), flags(n, 1, 11, 17), channel);
        SeriesLabels labels = new SeriesLabels(n, List.of(new LabelWindow(2, 6, "X", List.of("a")),
                new LabelWindow(10, 14, "X", List.of("b", "c")), new LabelWindow(16, 18, "X", List.of())));
        Metrics m = Metrics.of(List.of(new SeriesCase("s", seconds(n), labels, v)));
        assertEquals(2, m.windowsNameable());
        assertEquals(1, m.windowsNamedRight());
        assertEquals(0.5, m.channelNamed(), EPS);
        assertEquals(6, m.rowsNameable());
        assertEquals(4, m.rowsNamedRight());
        assertEquals(4.0 / 6, m.channelNamedRows(), EPS);
        // a detector that names no channel: undefined, not wrong
        Metrics none = Metrics.of(List.of(new SeriesCase("s", seconds(n), labels, Verdicts.ofFlags(flagged))));
        assertTrue(Double.isNaN(none.channelNamed()) && Double.isNaN(none.channelNamedRows()));
    }

    @Test
    void labelsFromRowsMakeOneWindowPerRun() {
        SeriesLabels l = SeriesLabels.ofRows(new boolean[]{false, true, true, false, true, false, false, true});
        assertEquals(List.of(LabelWindow.of(1, 2), LabelWindow.of(4, 4), LabelWindow.of(7, 7)), l.windows());
        assertFalse(l.namesKinds());
        boolean[] mask = l.rowMask();
        assertTrue(mask[1] && mask[2] && mask[4] && mask[7] && !mask[0] && !mask[3]);
    }
}
