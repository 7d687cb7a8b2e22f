package dev.lookahead.synthetic;

import dev.lookahead.training.ModelFactory.RawSeries;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The clean, varied, seeded series the bundled base model is trained on, so that one model forecasts sensibly
 * from a new key's first point: sums of seasonal waves with periods from 6 to 400 steps, white and autocorrelated
 * noise of many levels, trends, random walks, square and sawtooth machine cycles, and count-like series.
 * No anomalies are injected: the base model must learn what normal looks like.
 */
public final class TrainingCorpus {

    private static final long START = 1_577_836_800_000L;   // 2020-01-01T00:00:00Z
    private static final long STEP = 300_000L;               // five minutes, NAB's usual interval

    private TrainingCorpus() {
    }

    public static List<RawSeries> generate(long seed, int count, int length) {
        SplittableRandom root = new SplittableRandom(seed);
        List<RawSeries> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            SplittableRandom r = root.split();
            long[] times = new long[length];
            double[][] values = new double[length][1];
            double[] v = series(r, length, k % 6);
            for (int t = 0; t < length; t++) {
                times[t] = START + t * STEP;
                values[t][0] = v[t];
            }
            out.add(new RawSeries(String.format("corpus-%03d", k), times, values));
        }
        return out;
    }

    private static double[] series(SplittableRandom r, int n, int family) {
        double[] v = new double[n];
        double level = r.nextDouble(-50, 200);
        double scale = Math.exp(r.nextDouble(Math.log(0.1), Math.log(100)));
        int waves = 1 + r.nextInt(3);
        double[] period = new double[waves], amp = new double[waves], phase = new double[waves];
        for (int w = 0; w < waves; w++) {
            period[w] = Math.exp(r.nextDouble(Math.log(6), Math.log(400)));
            amp[w] = scale * (w == 0 ? 1 : r.nextDouble(0.1, 0.6));
            phase[w] = r.nextDouble(0, 2 * Math.PI);
        }
        double noise = scale * Math.exp(r.nextDouble(Math.log(0.02), Math.log(0.6)));
        double phi = r.nextInt(3) == 0 ? r.nextDouble(0.5, 0.95) : 0;   // AR(1) noise a third of the time
        double slope = r.nextInt(4) == 0 ? scale * r.nextDouble(-2, 2) / n : 0;
        double walk = family == 3 ? scale * r.nextDouble(0.01, 0.1) : 0;
        double ar = 0, rw = 0;
        for (int t = 0; t < n; t++) {
            double s = 0;
            for (int w = 0; w < waves; w++) {
                double x = 2 * Math.PI * t / period[w] + phase[w];
                s += amp[w] * switch (family) {
                    case 1 -> Math.signum(Math.sin(x));                              // on/off machine cycle
                    case 2 -> ((x / (2 * Math.PI)) % 1.0) * 2 - 1;                   // sawtooth: fill and dump
                    case 4 -> Math.max(0, Math.sin(x));                              // daily activity, idle at night
                    default -> Math.sin(x);
                };
            }
            ar = phi * ar + noise * r.nextGaussian() * Math.sqrt(1 - phi * phi);
            rw += walk * r.nextGaussian();
            double value = level + s + slope * t + rw + ar;
            if (family == 5) value = poisson(r, Math.max(0.5, (s + scale * 1.5) / Math.max(scale, 1e-9) * 8)); // counts
            v[t] = value;
        }
        return v;
    }

    private static double poisson(SplittableRandom r, double mean) {
        if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * r.nextGaussian()));
        double l = Math.exp(-mean), p = 1;
        int k = 0;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }
}
