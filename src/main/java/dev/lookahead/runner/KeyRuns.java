package dev.lookahead.runner;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.Outcome;
import dev.lookahead.io.CsvSeries;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Several recordings of one device joined as one key's runs: in the order of their first timestamps, each kept at
 * its own times when it starts after the one before ends, else moved to start a pause after it, so it is a new run
 * of the key (its recurrent state restarts, its level is anchored on its own first points) and none of its readings
 * is dropped as late. A deployed key meets its device's runs this way, each after the ones before it.
 *
 * @param channels the recordings' channels, the same for all
 * @param times    the joined rows' times, in the order the key meets them
 * @param values   the joined rows' values
 * @param from     where each recording's rows start in the joined rows, in the order the recordings were given
 * @param sizes    each recording's rows, in that order
 */
public record KeyRuns(List<String> channels, long[] times, double[][] values, int[] from, int[] sizes) {

    /**
     * Joins {@code recordings} for a detector with {@code config}; the pause before a moved one is {@link #pause}'s.
     *
     * @throws IllegalArgumentException when the recordings' channels differ, naming two of them
     */
    public static KeyRuns of(List<CsvSeries> recordings, DetectorConfig config) {
        if (recordings.isEmpty()) throw new IllegalArgumentException("no recordings to join");
        List<String> channels = recordings.get(0).channels();
        for (CsvSeries s : recordings)
            if (!s.channels().equals(channels))
                throw new IllegalArgumentException("--one-key: series " + s.key() + " has channels " + s.channels() + ", series "
                        + recordings.get(0).key() + " has " + channels + "; one key's recordings have the same channels");
        Integer[] order = new Integer[recordings.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        // stable: recordings that start together keep the order they were given in
        Arrays.sort(order, Comparator.comparingLong((Integer i) -> recordings.get(i).times()[0]));
        int total = 0;
        for (CsvSeries s : recordings) total += s.size();
        long[] t = new long[total];
        double[][] v = new double[total][];
        int[] from = new int[recordings.size()], sizes = new int[recordings.size()];
        int at = 0;
        long end = Long.MIN_VALUE;
        for (int i : order) {
            CsvSeries s = recordings.get(i);
            long shift = end == Long.MIN_VALUE || s.times()[0] > end ? 0 : end + pause(s.times(), config) - s.times()[0];
            from[i] = at;
            sizes[i] = s.size();
            for (int r = 0; r < s.size(); r++) {
                t[at] = s.times()[r] + shift;
                v[at++] = s.values()[r];
            }
            end = t[at - 1];
        }
        return new KeyRuns(channels, t, v, from, sizes);
    }

    /** The one key's name: the directory (or file, less {@code .csv}) the recordings were read from. */
    public static String keyFor(Path input) {
        Path name = input.getFileName();
        return (name == null ? input.toString() : name.toString()).replaceFirst("\\.csv$", "");
    }

    /** The joined rows' outcomes split back by recording, in the order the recordings were given. */
    public Outcome[][] split(Outcome[] outcomes) {
        Outcome[][] each = new Outcome[from.length][];
        for (int i = 0; i < from.length; i++) each[i] = Arrays.copyOfRange(outcomes, from[i], from[i] + sizes[i]);
        return each;
    }

    /**
     * The pause before a new run whose rows come at the interval of {@code times}' first two: the detector's
     * {@code new-run-after-ms}, and at least more intervals than it imputes across (all of it with new runs off), so
     * the run starts afresh rather than joining the one before across a filled gap.
     */
    public static long pause(long[] times, DetectorConfig config) {
        long step = times.length > 1 ? times[1] - times[0] : 1000;
        long steps = (config.maxImputedSteps() + 2L) * step;
        return config.newRunAfterMillis() > 0 ? Math.max(config.newRunAfterMillis(), steps) : steps;
    }
}
