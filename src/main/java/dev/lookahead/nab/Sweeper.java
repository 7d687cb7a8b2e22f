package dev.lookahead.nab;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-row weights exactly as NAB v1.1's {@code nab/sweeper.py} ({@code calcSweepScore}) computes them.
 *
 * <ul>
 *   <li>The first {@code min(floor(0.15 * rows), 0.15 * 5000)} rows are probationary and never scored.</li>
 *   <li>A row inside a window (entered when a row's timestamp equals the window's start, left after the row whose
 *       timestamp equals its end) at index {@code i} has position {@code -(right - i + 1) / width} (-1 at the left
 *       edge) and weight {@code tpWeight * scaledSigmoid(position) / scaledSigmoid(-1)}.</li>
 *   <li>A row outside windows weighs {@code fpWeight * scaledSigmoid(|prevRight - i| / (prevWidth - 1))} after a
 *       window, {@code -fpWeight} before any window (position 3).</li>
 * </ul>
 */
public final class Sweeper {

    /** Row marker: the row is in the probationary period. */
    public static final int PROBATIONARY = -2;
    /** Row marker: the row is outside every window. */
    public static final int OUTSIDE = -1;

    public static final double PROBATION_PERCENT = 0.15;

    private Sweeper() {
    }

    /** The swept rows of one series: per row its window index (or a marker) and its weighted sweep score. */
    public record Sweep(NabSeries series, int[] window, double[] weight, int windows) {
    }

    /** NAB's {@code scaledSigmoid}: -1 for positions >= 3, else {@code 2 * sigmoid(-5 x) - 1}. */
    public static double scaledSigmoid(double relativePosition) {
        if (relativePosition >= 3.0) return -1.0;
        return 2.0 * sigmoid(-5.0 * relativePosition) - 1.0;
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /** Rows ignored at the start of a series of {@code rows} rows: {@code min(floor(0.15 rows), 750)}. */
    public static int probationaryLength(int rows) {
        return (int) Math.min(Math.floor(PROBATION_PERCENT * rows), PROBATION_PERCENT * 5000);
    }

    public static Sweep sweep(NabSeries s, NabProfile p) {
        LocalDateTime[] ts = s.timestamps();
        int n = ts.length;
        List<NabWindow> pending = new ArrayList<>(s.windows());
        int[] win = new int[n];
        double[] w = new double[n];
        double maxTp = scaledSigmoid(-1.0);
        int probation = probationaryLength(n);

        NabWindow cur = null;
        int curId = -1, nextId = 0;
        double curWidth = 0;
        int curRight = -1;
        int prevRight = -1;
        double prevWidth = 0;
        for (int i = 0; i < n; i++) {
            if (!pending.isEmpty() && ts[i].equals(pending.get(0).start())) {
                cur = pending.remove(0);
                curId = nextId++;
                curRight = indexOf(ts, cur.end(), s.path());
                curWidth = curRight - indexOf(ts, cur.start(), s.path()) + 1;
            }
            if (cur != null) {
                double position = -(curRight - i + 1) / curWidth;
                w[i] = scaledSigmoid(position) * p.tpWeight() / maxTp;
            } else {
                double position = prevRight < 0 ? 3.0 : Math.abs(prevRight - i) / (prevWidth - 1);
                w[i] = scaledSigmoid(position) * p.fpWeight();
            }
            win[i] = i < probation ? PROBATIONARY : (cur != null ? curId : OUTSIDE);
            if (cur != null && ts[i].equals(cur.end())) {
                prevRight = i;
                prevWidth = curWidth;
                cur = null;
                curId = -1;
            }
        }
        if (!pending.isEmpty())
            throw new IllegalArgumentException(s.path() + ": window starting " + pending.get(0).start() + " matches no row's timestamp");
        return new Sweep(s, win, w, nextId);
    }

    private static int indexOf(LocalDateTime[] ts, LocalDateTime t, String path) {
        for (int i = 0; i < ts.length; i++) if (ts[i].equals(t)) return i;
        throw new IllegalArgumentException(path + ": window limit " + t + " matches no row's timestamp");
    }
}
