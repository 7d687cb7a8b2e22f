package dev.lookahead.synthetic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds one key's labelled synthetic series, fully determined by the seed.
 *
 * <h2>Signal</h2>
 * A base signal {@code level + trend*i + sum(amp_k * wave_k(2*pi*i/period_k + phase_k)) + walk_i} (a Gaussian
 * random walk if {@link #randomWalk} is set; {@code wave} a sine or a {@link Waveform#SQUARE square-ish} wave);
 * channel {@code j} is {@code base * gain_j + noise_j} with its own Gaussian noise. Correlated channels (the
 * default) share one base; uncorrelated ones each draw their own phases and walk. Phases are seeded random unless
 * given. In {@link AnomalyKind}'s terms, {@code base * gain_j} is channel {@code j}'s shared part.
 *
 * <h2>Anomalies</h2>
 * Placed explicitly ({@link #anomaly}) or at random ({@link #randomAnomalies}), then applied: additive kinds in
 * order, FLATLINE after them, GAP rows removed last. Random placement keeps windows at least {@code minGap}
 * points apart (from each other and from explicit ones) and after the clean prefix, picks one channel, a length
 * in {@link #anomalyLength} (1 for SPIKE/DIP) and a magnitude from {@link #severity} {@code s} and the scale
 * {@code σ} = noise sd (else total seasonal amplitude / 10, else 1): SPIKE/DIP {@code s·σ}, LEVEL_SHIFT
 * {@code ±s·σ/2}, DRIFT {@code ±s·σ}, VARIANCE_CHANGE factor {@code max(2, s/2)} (only with noise), PHASE_SHIFT
 * {@code ±} a quarter of the first seasonal period (only with one), CROSS_CHANNEL_BREAK (only with correlated
 * channels), FLATLINE, MISSED_RISE, FLAT_MIDDLE and GAP none. Non-GAP anomalies may not overlap a GAP.
 * {@link Faults} applies them.
 *
 * <h2>Determinism</h2>
 * Separate {@link SplittableRandom#split() splits} drive the signal, the noise and the placement, and Gaussians
 * come from a local Box-Muller with {@link StrictMath}, so the same settings give bit-identical arrays on any JDK,
 * and adding an anomaly does not change the noise.
 */
public final class SyntheticStream {

    private final long seed;
    private String key = "synthetic";
    private int length = 1000;
    private long start = Instant.parse("2014-04-01T00:00:00Z").toEpochMilli();
    private long interval = 300_000L;
    private List<String> channels = List.of("value");
    private double[] gains;
    private boolean correlated = true;
    private double level = 0;
    private final List<double[]> seasonal = new ArrayList<>();   // {period, amplitude, waveform ordinal, phase or NaN}
    private double trend = 0;
    private double noiseSd = 0;
    private double walkSd = 0;
    private final List<InjectedAnomaly> explicit = new ArrayList<>();
    private int randomCount = 0;
    private int minGap = 0;
    private int cleanPrefix = 0;
    private AnomalyKind[] randomKinds = {};
    private int minLength = 10;
    private int maxLength = 30;
    private double severity = 6;

    private SyntheticStream(long seed) {
        this.seed = seed;
    }

    public static SyntheticStream builder(long seed) {
        return new SyntheticStream(seed);
    }

    public SyntheticStream key(String key) {
        this.key = key;
        return this;
    }

    /** Rows generated before gaps are removed. */
    public SyntheticStream length(int n) {
        if (n < 1) throw new IllegalArgumentException("length must be >= 1, was " + n);
        this.length = n;
        return this;
    }

    public SyntheticStream start(long epochMillis) {
        this.start = epochMillis;
        return this;
    }

    public SyntheticStream interval(long millis) {
        if (millis < 1) throw new IllegalArgumentException("interval must be >= 1 ms, was " + millis);
        this.interval = millis;
        return this;
    }

    /** Channel names; default the single channel {@code value}. */
    public SyntheticStream channels(String... names) {
        if (names.length == 0) throw new IllegalArgumentException("at least one channel");
        for (String n : names)
            if (n.isBlank() || n.indexOf(',') >= 0 || n.indexOf('"') >= 0 || n.indexOf('\n') >= 0)
                throw new IllegalArgumentException("channel name must be non-blank without ',', '\"' or newline: '" + n + "'");
        this.channels = List.of(names);
        return this;
    }

    /** {@code k} channels named {@code ch0..ch(k-1)}. */
    public SyntheticStream channels(int k) {
        String[] names = new String[k];
        for (int i = 0; i < k; i++) names[i] = "ch" + i;
        return channels(names);
    }

    /** Per-channel gain on the base signal; default 1 for every channel. */
    public SyntheticStream gains(double... gains) {
        this.gains = gains.clone();
        return this;
    }

    public SyntheticStream correlated(boolean correlated) {
        this.correlated = correlated;
        return this;
    }

    public SyntheticStream level(double level) {
        this.level = level;
        return this;
    }

    /** The shape of a seasonal component, from -1 to 1 over one period. */
    public enum Waveform {
        /** {@code sin(x)}. */
        SINE,
        /** {@code tanh(3 sin x) / tanh(3)}: low half, a rise over about a tenth of the period, high half, a fall. */
        SQUARE
    }

    /** Adds a sine seasonal component (at most two): period in points, amplitude, a seeded random phase. */
    public SyntheticStream seasonal(double period, double amplitude) {
        return seasonal(period, amplitude, Waveform.SINE, Double.NaN);
    }

    /**
     * Adds a seasonal component (at most two): period in points, amplitude, shape, and its phase in radians at
     * index 0 (NaN: seeded random). A phase of {@code -2*pi*r/period} puts a square wave's rise at index {@code r}.
     */
    public SyntheticStream seasonal(double period, double amplitude, Waveform waveform, double phase) {
        if (period <= 0) throw new IllegalArgumentException("period must be > 0, was " + period);
        if (seasonal.size() == 2) throw new IllegalArgumentException("at most two seasonal components");
        seasonal.add(new double[] {period, amplitude, waveform.ordinal(), phase});
        return this;
    }

    /** Added per point. */
    public SyntheticStream trend(double slopePerPoint) {
        this.trend = slopePerPoint;
        return this;
    }

    public SyntheticStream noise(double sd) {
        if (sd < 0) throw new IllegalArgumentException("noise sd must be >= 0, was " + sd);
        this.noiseSd = sd;
        return this;
    }

    /** Adds a Gaussian random walk with this step sd to the base signal. */
    public SyntheticStream randomWalk(double stepSd) {
        if (stepSd < 0) throw new IllegalArgumentException("random walk sd must be >= 0, was " + stepSd);
        this.walkSd = stepSd;
        return this;
    }

    public SyntheticStream anomaly(InjectedAnomaly a) {
        explicit.add(a);
        return this;
    }

    /**
     * Places {@code count} anomalies of kinds drawn uniformly from {@code kinds}, at least {@code minGap} points
     * apart and none before index {@code cleanPrefix}.
     */
    public SyntheticStream randomAnomalies(int count, int minGap, int cleanPrefix, AnomalyKind... kinds) {
        if (count < 0 || minGap < 0 || cleanPrefix < 0) throw new IllegalArgumentException("count, minGap and cleanPrefix must be >= 0");
        if (count > 0 && kinds.length == 0) throw new IllegalArgumentException("no anomaly kinds given");
        this.randomCount = count;
        this.minGap = minGap;
        this.cleanPrefix = cleanPrefix;
        this.randomKinds = kinds.clone();
        return this;
    }

    /** Length range of randomly placed non-point anomalies (default 10..30). */
    public SyntheticStream anomalyLength(int min, int max) {
        if (min < 1 || max < min) throw new IllegalArgumentException("need 1 <= min <= max, was " + min + ".." + max);
        this.minLength = min;
        this.maxLength = max;
        return this;
    }

    /** Magnitude of randomly placed anomalies in units of the scale σ (default 6). */
    public SyntheticStream severity(double s) {
        if (!(s > 0)) throw new IllegalArgumentException("severity must be > 0, was " + s);
        this.severity = s;
        return this;
    }

    // ---------------------------------------------------------------- generation

    public LabelledSeries generate() {
        final int n = length, k = channels.size();
        double[] g = gains == null ? filled(k, 1.0) : gains;
        if (g.length != k) throw new IllegalArgumentException("gains has " + g.length + " entries for " + k + " channels");
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom signalRnd = root.split();
        SplittableRandom noiseRnd = root.split();
        SplittableRandom placeRnd = root.split();

        double[][] base = new double[correlated ? 1 : k][];
        for (int b = 0; b < base.length; b++) base[b] = base(n, signalRnd.split());
        double[][] noise = new double[k][n];
        for (int ch = 0; ch < k; ch++)
            for (int i = 0; i < n; i++) noise[ch][i] = noiseSd == 0 ? 0 : noiseSd * gaussian(noiseRnd);
        double[][] v = new double[n][k];
        for (int i = 0; i < n; i++)
            for (int ch = 0; ch < k; ch++) v[i][ch] = base[correlated ? 0 : ch][i] * g[ch] + noise[ch][i];

        List<InjectedAnomaly> all = new ArrayList<>(explicit);
        for (InjectedAnomaly a : all) validate(a, n, k);
        place(all, placeRnd, n, k);
        checkGapOverlap(all);

        double[][] shared = new double[k][];   // filled on first use: most streams need none
        double[] scale = filled(k, 1.0);
        for (InjectedAnomaly a : all)
            if (!Faults.replaces(a.kind()) && a.kind() != AnomalyKind.GAP) Faults.apply(a, channelsOf(a), v, shared(shared, base, g), noise, scale);
        for (InjectedAnomaly a : all)
            if (Faults.replaces(a.kind())) Faults.apply(a, channelsOf(a), v, shared(shared, base, g), noise, scale);

        boolean[] removed = new boolean[n];
        for (InjectedAnomaly a : all)
            if (a.kind() == AnomalyKind.GAP) Arrays.fill(removed, a.start(), a.start() + a.length(), true);
        int[] row = new int[n + 1];   // output row of pre-gap index i, or of the next kept index if i is removed
        int kept = 0;
        for (int i = 0; i < n; i++) {
            row[i] = kept;
            if (!removed[i]) kept++;
        }
        row[n] = kept;
        long[] times = new long[kept];
        double[][] values = new double[kept][];
        boolean[] labels = new boolean[kept];
        for (int i = 0; i < n; i++) {
            if (removed[i]) continue;
            times[row[i]] = start + i * interval;
            values[row[i]] = v[i];
        }
        List<AnomalyWindow> windows = new ArrayList<>(all.size());
        for (InjectedAnomaly a : all) {
            long t0 = start + a.start() * interval, t1 = start + a.end() * interval;
            if (a.kind() == AnomalyKind.GAP) {
                int after = row[a.end() + 1];
                windows.add(new AnomalyWindow(a, after, after, t0, t1));
            } else {
                int r0 = row[a.start()], r1 = row[a.end()];
                Arrays.fill(labels, r0, r1 + 1, true);
                windows.add(new AnomalyWindow(a, r0, r1, t0, t1));
            }
        }
        return new LabelledSeries(key, channels, times, values, windows, labels);
    }

    /** Each channel's shared part {@code base * gain}, computed into {@code shared} on first use. */
    private double[][] shared(double[][] shared, double[][] base, double[] g) {
        for (int ch = 0; ch < shared.length; ch++) {
            if (shared[ch] != null) continue;
            double[] b = base[correlated ? 0 : ch];
            shared[ch] = new double[b.length];
            for (int i = 0; i < b.length; i++) shared[ch][i] = b[i] * g[ch];
        }
        return shared;
    }

    private double[] base(int n, SplittableRandom rnd) {
        double[] b = new double[n];
        double[] phase = new double[seasonal.size()];
        for (int s = 0; s < phase.length; s++) {
            phase[s] = rnd.nextDouble() * 2 * Math.PI;   // drawn even when fixed, so the walk stays the same
            if (!Double.isNaN(seasonal.get(s)[3])) phase[s] = seasonal.get(s)[3];
        }
        double walk = 0;
        for (int i = 0; i < n; i++) {
            double x = level + trend * i;
            for (int s = 0; s < phase.length; s++) {
                double arg = 2 * Math.PI * i / seasonal.get(s)[0] + phase[s];
                x += seasonal.get(s)[1] * (seasonal.get(s)[2] == Waveform.SQUARE.ordinal()
                        ? StrictMath.tanh(3 * StrictMath.sin(arg)) / StrictMath.tanh(3) : StrictMath.sin(arg));
            }
            if (walkSd > 0) walk += walkSd * gaussian(rnd);
            b[i] = x + walk;
        }
        return b;
    }

    private int[] channelsOf(InjectedAnomaly a) {
        if (!a.channels().isEmpty()) return a.channels().stream().mapToInt(Integer::intValue).toArray();
        int[] all = new int[channels.size()];
        for (int i = 0; i < all.length; i++) all[i] = i;
        return all;
    }

    private void validate(InjectedAnomaly a, int n, int k) {
        if (a.end() >= n)
            throw new IllegalArgumentException(a + " ends at index " + a.end() + ", beyond the series of " + n + " points");
        for (int ch : a.channels())
            if (ch < 0 || ch >= k) throw new IllegalArgumentException(a + " names channel " + ch + " of " + k);
        if (a.kind() == AnomalyKind.VARIANCE_CHANGE && noiseSd == 0)
            throw new IllegalArgumentException("VARIANCE_CHANGE multiplies the noise; set noise(sd) > 0");
        requireContext(a.kind(), k);
        if (a.start() < Faults.lookBack(a.kind(), a.length()))
            throw new IllegalArgumentException(a + " looks back " + a.length() + " points before its start; start at " + a.length() + " or later");
    }

    /** CROSS_CHANNEL_BREAK needs channels that share a base; PHASE_SHIFT a seasonal component to shift. */
    private void requireContext(AnomalyKind kind, int k) {
        if (kind == AnomalyKind.CROSS_CHANNEL_BREAK && (k < 2 || !correlated))
            throw new IllegalArgumentException("CROSS_CHANNEL_BREAK breaks a relation between channels; needs 2 or more correlated channels");
        if (kind == AnomalyKind.PHASE_SHIFT && seasonal.isEmpty())
            throw new IllegalArgumentException("PHASE_SHIFT shifts the seasonal part; add a seasonal component");
    }

    private void place(List<InjectedAnomaly> all, SplittableRandom rnd, int n, int k) {
        double sigma = noiseSd > 0 ? noiseSd : seasonal.stream().mapToDouble(s -> Math.abs(s[1])).sum() / 10;
        if (sigma == 0) sigma = 1;
        for (int c = 0; c < randomCount; c++) {
            AnomalyKind kind = randomKinds[rnd.nextInt(randomKinds.length)];
            if (kind == AnomalyKind.VARIANCE_CHANGE && noiseSd == 0)
                throw new IllegalArgumentException("VARIANCE_CHANGE multiplies the noise; set noise(sd) > 0");
            requireContext(kind, k);
            int len = kind == AnomalyKind.SPIKE || kind == AnomalyKind.DIP ? 1 : rnd.nextInt(minLength, maxLength + 1);
            int ch = rnd.nextInt(k);
            double sign = rnd.nextBoolean() ? 1 : -1;
            double mag = switch (kind) {
                case SPIKE, DIP -> severity * sigma;
                case LEVEL_SHIFT -> sign * severity * sigma / 2;
                case DRIFT -> sign * severity * sigma;
                case VARIANCE_CHANGE -> Math.max(2, severity / 2);
                case PHASE_SHIFT -> sign * Math.max(1, Math.round(seasonal.get(0)[0] / 4));
                case FLATLINE, GAP, CROSS_CHANNEL_BREAK, MISSED_RISE, FLAT_MIDDLE -> 0;
            };
            int lo = Math.max(cleanPrefix, Faults.lookBack(kind, len)), hi = n - len;   // start in [lo, hi]
            InjectedAnomaly placed = null;
            for (int attempt = 0; attempt < 10_000 && hi >= lo && placed == null; attempt++) {
                int s = rnd.nextInt(lo, hi + 1);
                boolean ok = true;
                for (InjectedAnomaly o : all)
                    if (s <= o.end() + minGap && o.start() <= s + len - 1 + minGap) { ok = false; break; }
                if (ok) placed = kind == AnomalyKind.GAP ? InjectedAnomaly.gap(s, len)
                        : InjectedAnomaly.of(kind, s, len, mag, ch);
            }
            if (placed == null)
                throw new IllegalArgumentException("could not place random anomaly " + (c + 1) + " of " + randomCount
                        + " (" + kind + ", length " + len + "): " + n + " points are too few for minGap " + minGap
                        + " after a clean prefix of " + cleanPrefix);
            all.add(placed);
        }
    }

    private static void checkGapOverlap(List<InjectedAnomaly> all) {
        for (InjectedAnomaly gap : all) {
            if (gap.kind() != AnomalyKind.GAP) continue;
            for (InjectedAnomaly a : all)
                if (a.kind() != AnomalyKind.GAP && a.start() <= gap.end() && gap.start() <= a.end())
                    throw new IllegalArgumentException(a + " overlaps " + gap + "; its rows would be removed");
        }
    }

    /** Box-Muller on {@code nextDouble}, so the sequence does not depend on the JDK's Gaussian algorithm. */
    public static double gaussian(SplittableRandom rnd) {
        double u1 = 1.0 - rnd.nextDouble();   // (0, 1]: log is finite
        double u2 = rnd.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
    }

    private static double[] filled(int n, double x) {
        double[] a = new double[n];
        Arrays.fill(a, x);
        return a;
    }
}
