package dev.lookahead.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A series' ground truth: its labelled windows, in row order, and per row whether any window covers it. A series
 * with no windows is labelled normal throughout (a false-alarm check), which is not the same as unlabelled.
 */
public record SeriesLabels(int rows, List<LabelWindow> windows) {

    public SeriesLabels {
        if (rows < 0) throw new IllegalArgumentException("rows must be >= 0, was " + rows);
        List<LabelWindow> sorted = new ArrayList<>(windows);
        sorted.sort(Comparator.comparingInt(LabelWindow::startRow).thenComparingInt(LabelWindow::endRow));
        for (LabelWindow w : sorted)
            if (w.endRow() >= rows)
                throw new IllegalArgumentException("window " + w.startRow() + ".." + w.endRow() + " ends beyond the series' " + rows + " rows");
        windows = List.copyOf(sorted);
    }

    /** Windows from per-row flags: each run of consecutive labelled rows is one window, without a kind. */
    public static SeriesLabels ofRows(boolean[] labelled) {
        List<LabelWindow> ws = new ArrayList<>();
        for (int i = 0; i < labelled.length; i++) {
            if (!labelled[i]) continue;
            int j = i;
            while (j + 1 < labelled.length && labelled[j + 1]) j++;
            ws.add(LabelWindow.of(i, j));
            i = j;
        }
        return new SeriesLabels(labelled.length, ws);
    }

    /** Per row: inside any window. */
    public boolean[] rowMask() {
        boolean[] m = new boolean[rows];
        for (LabelWindow w : windows) for (int r = w.startRow(); r <= w.endRow(); r++) m[r] = true;
        return m;
    }

    /** Whether any window names a kind. */
    public boolean namesKinds() {
        return windows.stream().anyMatch(w -> w.kind() != null);
    }
}
