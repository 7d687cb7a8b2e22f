package dev.lookahead.synthetic;

/**
 * Where an injected anomaly landed in the <em>output</em> rows (after gap removal).
 *
 * <p>For labelled kinds, rows {@code startRow..endRow} (inclusive) are labelled and the times are theirs. For a
 * {@link AnomalyKind#GAP}, {@code startRow == endRow} is the first row after the gap, the one whose timestamp
 * jumps (equal to the series size if the gap ends the series), and the times are those of the first and last
 * removed rows.
 *
 * @param anomaly   the anomaly as specified (pre-gap indexes)
 * @param startRow  first output row
 * @param endRow    last output row, inclusive
 * @param startTime epoch millis of the first affected (or removed) row
 * @param endTime   epoch millis of the last affected (or removed) row
 */
public record AnomalyWindow(InjectedAnomaly anomaly, int startRow, int endRow, long startTime, long endTime) {

    public AnomalyKind kind() {
        return anomaly.kind();
    }
}
