package dev.lookahead.evaluation;

/**
 * What became of one labelled window: detected when a flagged row falls inside it; the delay runs from the
 * window's first row to the first flagged row in it.
 *
 * @param key         the series
 * @param window      the labelled window
 * @param detected    a flagged row falls inside the window
 * @param firstRow    the first flagged row inside, or -1
 * @param delayRows   {@code firstRow - startRow}, or -1 when missed
 * @param delayMillis the time between the two rows, or -1 when missed
 * @param channel     the channel the detector named at the first flagged row, or null
 */
public record WindowResult(String key, LabelWindow window, boolean detected, int firstRow, int delayRows, long delayMillis,
                           String channel) {

    /** Detected, with the labels naming the channels at fault and the detector naming one at its first flagged row. */
    public boolean nameable() {
        return channel != null && !window.channels().isEmpty();
    }

    /** {@link #nameable()}, and the channel named is one the labels name. */
    public boolean namedRight() {
        return nameable() && window.channels().contains(channel);
    }


    static WindowResult of(SeriesCase c, LabelWindow w) {
        boolean[] flagged = c.verdicts().flagged();
        for (int r = w.startRow(); r <= w.endRow(); r++)
            if (flagged[r])
                return new WindowResult(c.key(), w, true, r, r - w.startRow(), c.times()[r] - c.times()[w.startRow()], c.verdicts().channel()[r]);
        return new WindowResult(c.key(), w, false, -1, -1, -1, null);
    }
}
