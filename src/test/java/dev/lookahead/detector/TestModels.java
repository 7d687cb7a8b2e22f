package dev.lookahead.detector;

import dev.lookahead.model.LstmModel;
import dev.lookahead.model.LstmWeights;
import dev.lookahead.model.ModelArchitecture;
import dev.lookahead.model.Provenance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Small seeded models and helpers shared by detector tests. */
public final class TestModels {

    private TestModels() {
    }

    public static LstmModel untrained(int hidden, int layers, long seed) {
        return untrained(ModelArchitecture.univariate(hidden, layers), seed);
    }

    public static LstmModel untrained(ModelArchitecture a, long seed) {
        return new LstmModel("test", 1, LstmWeights.initialise(a, seed), Provenance.untrained(seed));
    }

    /** Runs points through a fresh state and returns every outcome in emission order. */
    public static List<Outcome> run(Detector d, KeyState s, String key, long[] times, double[][] values) {
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < times.length; i++) d.process(s, key, times[i], values[i], i, out::add);
        return out;
    }

    /** A canonical, exact text of an outcome (arrays included, doubles as bits), for byte-identity checks. */
    public static String canonical(Outcome o) {
        if (o instanceof DroppedPoint d) return "D|" + d.key() + "|" + d.time() + "|" + d.ordinal() + "|" + d.reason();
        PointResult p = (PointResult) o;
        StringBuilder b = new StringBuilder("P|").append(p.key()).append('|').append(p.time()).append('|')
                .append(p.ordinal()).append('|').append(p.sequence()).append('|').append(p.modelVersion());
        for (double[] arr : new double[][]{p.actual(), p.forecast(), p.forecastStd(), p.residual(), p.standardisedError(), p.contribution()})
            for (double v : arr) b.append('|').append(Long.toHexString(Double.doubleToRawLongBits(v)));
        for (boolean v : p.imputed()) b.append('|').append(v);
        b.append(String.format(Locale.ROOT, "|%x|%x|%b|%b|%d|%b|%b|%d|%d|%d|%b",
                Double.doubleToRawLongBits(p.rawScore()), Double.doubleToRawLongBits(p.anomalyScore()), p.anomaly(),
                p.warmUp(), p.gapSteps(), p.stateReset(), p.outOfOrder(), p.topChannel(), p.incidentFirstSeen(),
                p.incidentPoints(), p.emitAlert()));
        return b.toString();
    }

    /** Seasonal series with noise, one point a minute. */
    public static double[][] seasonal(int n, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        double[][] v = new double[n][1];
        for (int t = 0; t < n; t++) v[t][0] = 10 + 3 * Math.sin(2 * Math.PI * t / 48) + 0.3 * r.nextGaussian();
        return v;
    }

    public static long[] minutes(int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) t[i] = 1_700_000_000_000L + 60_000L * i;
        return t;
    }
}
