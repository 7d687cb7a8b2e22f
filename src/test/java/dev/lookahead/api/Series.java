package dev.lookahead.api;

import dev.lookahead.synthetic.LabelledSeries;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A seeded sample series with disorder mixed in, so every kind of verdict (scored, dropped, reordered) is compared. */
record Series(String key, List<String> channels, long[] times, double[][] values) {

    /** {@code s} with a duplicate, a point far out of order, one slightly out of order and an all-NaN row inserted. */
    static Series disordered(LabelledSeries s) {
        List<long[]> t = new ArrayList<>();
        List<double[]> v = new ArrayList<>();
        double[] nan = new double[s.channels().size()];
        Arrays.fill(nan, Double.NaN);
        for (int i = 0; i < s.size(); i++) {
            t.add(new long[]{s.times()[i]});
            v.add(s.values()[i]);
            if (i == 100) add(t, v, s.times()[i], s.values()[i]);                  // duplicate
            if (i == 200) add(t, v, s.times()[150], s.values()[150]);              // far out of order
            if (i == 300) add(t, v, s.times()[i] + 1, nan);                        // nothing finite
            if (i == 400 && i + 1 < s.size()) {                                     // swapped with its successor
                t.set(t.size() - 1, new long[]{s.times()[i + 1]});
                v.set(v.size() - 1, s.values()[i + 1]);
                add(t, v, s.times()[i], s.values()[i]);
                i++;
            }
        }
        long[] times = new long[t.size()];
        for (int i = 0; i < times.length; i++) times[i] = t.get(i)[0];
        return new Series(s.key(), s.channels(), times, v.toArray(new double[0][]));
    }

    private static void add(List<long[]> t, List<double[]> v, long time, double[] values) {
        t.add(new long[]{time});
        v.add(values);
    }

    int size() {
        return times.length;
    }
}
