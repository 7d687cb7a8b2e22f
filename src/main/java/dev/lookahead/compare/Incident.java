package dev.lookahead.compare;

/**
 * One incident of one key as read back from a run's output: what {@code diff}, golden files, {@code compare-models}
 * and the test kit compare.
 *
 * @param key       the key
 * @param id        the id the output gave it, else {@code <key>@<start millis>} (the detector's own form)
 * @param start     time of its first point, epoch millis
 * @param end       time of its last point, epoch millis
 * @param points    points in it (the anomalous points, or every point that carries its id)
 * @param peakScore its highest anomaly score
 * @param peakTime  time of that score
 * @param direction actual above or below the forecast at its first point
 * @param status    the last status the output gave it (e.g. {@code closed}), or null when the output has none
 */
public record Incident(String key, String id, long start, long end, int points, double peakScore, long peakTime,
                       Direction direction, String status) {

    /** Whether it has a point in {@code [from, to]}. */
    public boolean overlaps(long from, long to) {
        return start <= to && end >= from;
    }
}
