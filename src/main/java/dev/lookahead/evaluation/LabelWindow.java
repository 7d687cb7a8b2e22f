package dev.lookahead.evaluation;

import java.util.List;

/**
 * One labelled anomaly: rows {@code startRow..endRow} (inclusive) of its series, and what the labels say it is.
 *
 * @param startRow first labelled row
 * @param endRow   last labelled row, inclusive
 * @param kind     the labels' kind (e.g. {@code LEVEL_SHIFT}), or null when they name none
 * @param channels the channels the labels name; empty when they name none
 */
public record LabelWindow(int startRow, int endRow, String kind, List<String> channels) {

    public LabelWindow {
        if (startRow < 0 || endRow < startRow)
            throw new IllegalArgumentException("a window needs 0 <= startRow <= endRow, was " + startRow + ".." + endRow);
        channels = channels == null ? List.of() : List.copyOf(channels);
    }

    public static LabelWindow of(int startRow, int endRow) {
        return new LabelWindow(startRow, endRow, null, List.of());
    }

    public int rows() {
        return endRow - startRow + 1;
    }

    public boolean contains(int row) {
        return row >= startRow && row <= endRow;
    }
}
