package dev.lookahead.synthetic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static dev.lookahead.synthetic.AnomalyKind.CROSS_CHANNEL_BREAK;
import static dev.lookahead.synthetic.AnomalyKind.DRIFT;
import static dev.lookahead.synthetic.AnomalyKind.FLATLINE;
import static dev.lookahead.synthetic.AnomalyKind.LEVEL_SHIFT;
import static dev.lookahead.synthetic.AnomalyKind.VARIANCE_CHANGE;

/**
 * A labelled multi-sensor test rig at 1 Hz, modelled on public industrial rigs such as the SKAB water-pump rig:
 * eight sensors, a long fault-free recording to train on, and short experiment recordings that start fault-free,
 * hold one fault for minutes, then run normally again, every faulty row labelled.
 *
 * <h2>Signal</h2>
 * Three shared latent processes, each about unit variance: an operating point that wanders slowly (AR(1) with a
 * 120 s time constant), a vibration level ({@code 0.5·op} plus its own AR(1), 15 s), and a slow thermal state
 * (the operating point through a 300 s first-order lag, plus {@code 0.5×} its own AR(1) of 30 min). Channel
 * {@code c} is {@code level_c + Σ gain_cj·latent_j + noise_c}, the noise its own AR(1) with stationary sd
 * {@code σ_c} ({@link #noiseSd}). The gains put each channel's shared part at one to three {@code σ_c}, so the
 * channels are related the way a pump's current, pressure, flow and voltage are: a multivariate model can learn
 * the relations. The rig (levels, gains, noise) is fixed; a seed picks a recording's latents, noise and fault.
 * Latents start from a 30-minute burn-in, so a recording starts in the rig's steady state.
 *
 * <h2>Faults</h2>
 * Each faulty recording holds one fault of {@link #FAULT_KINDS} (recording {@code i} has kind
 * {@code i mod 5}) starting at row 400..700 and lasting 120..480 rows (2 to 8 minutes), ending at least 40 rows
 * before the recording does. Magnitudes are in units of each channel's {@code σ_c}, as the labels record them:
 * <ul>
 *   <li>LEVEL_SHIFT, temporary: ±1..3 σ on 1 to 3 channels, back at the fault's end.</li>
 *   <li>DRIFT, temporary: a ramp to ±3..5 σ over the fault on 1 or 2 channels, then back.</li>
 *   <li>CROSS_CHANNEL_BREAK: one of current, pressure, voltage, volume flow rate stops following the operating
 *       point (its shared part holds its start value); placed where the operating point starts within 1.5 sd of
 *       its mean and then moves, so the departure from the relation is at least {@value #MIN_BREAK_RMS} σ RMS
 *       over the fault while every channel stays in its normal range.</li>
 *   <li>VARIANCE_CHANGE: the noise of 1 or 2 channels times 2..4.</li>
 *   <li>FLATLINE: a stuck sensor, frozen at its value.</li>
 * </ul>
 *
 * <h2>Determinism</h2>
 * As {@link SyntheticStream}: {@link SplittableRandom#split() splits} per recording and per part (latents, noise,
 * fault), Gaussians from a local Box-Muller on {@link StrictMath}, so a seed gives bit-identical arrays on any
 * JDK; recording {@code i} does not depend on how many are generated, and its fault does not change its noise.
 */
public final class RigRecipe {

    public static final List<String> CHANNELS = List.of("accelerometer1_rms", "accelerometer2_rms", "current",
            "pressure", "temperature", "thermocouple", "voltage", "volume_flow_rate");
    public static final List<AnomalyKind> FAULT_KINDS = List.of(LEVEL_SHIFT, DRIFT, CROSS_CHANNEL_BREAK, VARIANCE_CHANGE, FLATLINE);
    public static final long INTERVAL = 1_000L;
    /** Three hours at 1 Hz. */
    public static final int TRAINING_ROWS = 10_800;
    public static final int RECORDING_ROWS = 1_200;
    /** Shortest faulty recording: room for the latest fault start, the shortest fault and the normal tail. */
    public static final int MIN_RECORDING_ROWS = 1_000;
    public static final double MIN_BREAK_RMS = 1.5;

    private static final long TRAINING_START = Instant.parse("2020-03-01T08:00:00Z").toEpochMilli();
    private static final long RECORDINGS_START = Instant.parse("2020-03-02T10:00:00Z").toEpochMilli();
    private static final long DAY = 86_400_000L;
    private static final int BURN_IN = 1_800;

    //                                          acc1    acc2    current pressure temp   thermo  voltage flow
    private static final double[] LEVEL =    {0.210,  0.265,  2.00,   0.250,   80.0,  28.0,   230.0,  32.0};
    private static final double[] SIGMA =    {0.0030, 0.0040, 0.020,  0.010,   0.08,  0.05,   0.60,   0.20};
    private static final double[] PHI =      {0.3,    0.3,    0.2,    0.5,     0.9,   0.9,    0.2,    0.4};
    private static final double[] GAIN_OP =  {0.0030, 0.0035, 0.060,  0.030,   0.05,  0.0,    -1.20,  0.60};
    private static final double[] GAIN_VIB = {0.0060, 0.0080, 0.010,  0.0,     0.0,   0.0,    0.0,    0.10};
    private static final double[] GAIN_TH =  {0.0,    0.0,    0.0,    0.0,     0.40,  0.25,   0.0,    0.0};
    /** Channels driven mostly by the operating point: the ones a cross-channel break can visibly decouple. */
    private static final int[] BREAK_CANDIDATES = {2, 3, 6, 7};

    private RigRecipe() {
    }

    /** Channel {@code c}'s noise sd: the unit of the fault magnitudes in the labels. */
    public static double noiseSd(int channel) {
        return SIGMA[channel];
    }

    /** The fault-free training recording {@code rig-train}, {@link #TRAINING_ROWS} rows. */
    public static LabelledSeries training(long seed) {
        return training(seed, TRAINING_ROWS);
    }

    public static LabelledSeries training(long seed, int rows) {
        if (rows < 1) throw new IllegalArgumentException("rows must be >= 1, was " + rows);
        SplittableRandom r = new SplittableRandom(seed).split();
        return recording("rig-train", r, TRAINING_START, rows, null);
    }

    /** {@code count} faulty recordings {@code rig-00, rig-01, ...} of {@code rows} rows, kinds in turn. */
    public static List<LabelledSeries> recordings(long seed, int count, int rows) {
        return recordings(seed, count, rows, true);
    }

    /** With {@code faults} false, the same recordings without their faults: what each would have been. */
    static List<LabelledSeries> recordings(long seed, int count, int rows, boolean faults) {
        if (count < 1) throw new IllegalArgumentException("count must be >= 1, was " + count);
        if (rows < MIN_RECORDING_ROWS)
            throw new IllegalArgumentException("a faulty recording needs at least " + MIN_RECORDING_ROWS + " rows, was " + rows);
        SplittableRandom root = new SplittableRandom(seed);
        root.split();   // the training recording's
        SplittableRandom recs = root.split();
        List<LabelledSeries> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String key = String.format(Locale.ROOT, count > 100 ? "rig-%03d" : "rig-%02d", i);
            out.add(recording(key, recs.split(), RECORDINGS_START + i * DAY, rows, faults ? FAULT_KINDS.get(i % FAULT_KINDS.size()) : null));
        }
        return out;
    }

    private static LabelledSeries recording(String key, SplittableRandom r, long start, int rows, AnomalyKind kind) {
        final int k = CHANNELS.size();
        SplittableRandom latentRnd = r.split(), noiseRnd = r.split(), faultRnd = r.split();
        double[][] latent = latents(latentRnd, rows);   // op, vib, therm
        double[][] shared = new double[k][rows];
        double[][] noise = new double[k][rows];
        for (int c = 0; c < k; c++) {
            double innov = SIGMA[c] * StrictMath.sqrt(1 - PHI[c] * PHI[c]);
            double e = SIGMA[c] * SyntheticStream.gaussian(noiseRnd);
            for (int i = 0; i < rows; i++) {
                if (i > 0) e = PHI[c] * e + innov * SyntheticStream.gaussian(noiseRnd);
                noise[c][i] = e;
                shared[c][i] = GAIN_OP[c] * latent[0][i] + GAIN_VIB[c] * latent[1][i] + GAIN_TH[c] * latent[2][i];
            }
        }
        double[][] v = new double[rows][k];
        for (int i = 0; i < rows; i++)
            for (int c = 0; c < k; c++) v[i][c] = LEVEL[c] + shared[c][i] + noise[c][i];
        long[] times = new long[rows];
        for (int i = 0; i < rows; i++) times[i] = start + i * INTERVAL;
        boolean[] labels = new boolean[rows];
        List<AnomalyWindow> windows = new ArrayList<>(1);
        if (kind != null) {
            InjectedAnomaly a = fault(kind, faultRnd, rows, shared);
            int[] chans = a.channels().stream().mapToInt(Integer::intValue).toArray();
            Faults.apply(a, chans, v, shared, noise, SIGMA);
            Arrays.fill(labels, a.start(), a.end() + 1, true);
            windows.add(new AnomalyWindow(a, a.start(), a.end(), times[a.start()], times[a.end()]));
        }
        return new LabelledSeries(key, CHANNELS, times, v, windows, labels);
    }

    /** {@code [latent][row]}: operating point, vibration, thermal state, after the burn-in. */
    private static double[][] latents(SplittableRandom rnd, int rows) {
        double phiOp = StrictMath.exp(-1.0 / 120), phiVib = StrictMath.exp(-1.0 / 15), phiSlow = StrictMath.exp(-1.0 / 1800);
        double inOp = StrictMath.sqrt(1 - phiOp * phiOp), inVib = StrictMath.sqrt(1 - phiVib * phiVib),
                inSlow = StrictMath.sqrt(1 - phiSlow * phiSlow);
        double op = SyntheticStream.gaussian(rnd), vib = SyntheticStream.gaussian(rnd), slow = SyntheticStream.gaussian(rnd);
        double lag = op;
        double[][] out = new double[3][rows];
        for (int t = 0; t < BURN_IN + rows; t++) {
            if (t > 0) {
                op = phiOp * op + inOp * SyntheticStream.gaussian(rnd);
                vib = phiVib * vib + inVib * SyntheticStream.gaussian(rnd);
                slow = phiSlow * slow + inSlow * SyntheticStream.gaussian(rnd);
                lag += (op - lag) / 300;
            }
            if (t < BURN_IN) continue;
            int i = t - BURN_IN;
            out[0][i] = op;
            out[1][i] = 0.5 * op + StrictMath.sqrt(0.75) * vib;
            out[2][i] = lag + 0.5 * slow;
        }
        return out;
    }

    private static InjectedAnomaly fault(AnomalyKind kind, SplittableRandom rnd, int rows, double[][] shared) {
        for (int attempt = 0; ; attempt++) {
            int start = rnd.nextInt(400, Math.min(700, rows - 40 - 120) + 1);
            int length = rnd.nextInt(120, Math.min(480, rows - 40 - start) + 1);
            double sign = rnd.nextBoolean() ? 1 : -1;
            InjectedAnomaly a = switch (kind) {
                case LEVEL_SHIFT -> new InjectedAnomaly(kind, start, length, pick(rnd, 1 + rnd.nextInt(3)), sign * rnd.nextDouble(1, 3), true);
                case DRIFT -> new InjectedAnomaly(kind, start, length, pick(rnd, 1 + rnd.nextInt(2)), sign * rnd.nextDouble(3, 5), true);
                case CROSS_CHANNEL_BREAK -> new InjectedAnomaly(kind, start, length,
                        List.of(BREAK_CANDIDATES[rnd.nextInt(BREAK_CANDIDATES.length)]), 0);
                case VARIANCE_CHANGE -> new InjectedAnomaly(kind, start, length, pick(rnd, 1 + rnd.nextInt(2)), rnd.nextDouble(2, 4));
                case FLATLINE -> new InjectedAnomaly(kind, start, length, pick(rnd, 1), 0);
                default -> throw new IllegalArgumentException(kind + " is not a rig fault");
            };
            // A break where the operating point holds still would label rows that show nothing, and one held at an
            // extreme could leave the channel's range: place it again.
            if (kind != CROSS_CHANNEL_BREAK || attempt == 1_000) return a;
            int c = a.channels().get(0);
            if (breakRms(a, shared) >= MIN_BREAK_RMS && Math.abs(shared[c][start]) <= 1.5 * Math.abs(GAIN_OP[c])) return a;
        }
    }

    /** RMS over the window of (held shared part - shared part), in units of the channel's σ. */
    static double breakRms(InjectedAnomaly a, double[][] shared) {
        int c = a.channels().get(0);
        double held = shared[c][a.start()], sum = 0;
        for (int i = a.start(); i <= a.end(); i++) sum += (held - shared[c][i]) * (held - shared[c][i]);
        return StrictMath.sqrt(sum / a.length()) / SIGMA[c];
    }

    /** {@code m} distinct channels, ascending. */
    private static List<Integer> pick(SplittableRandom rnd, int m) {
        int[] idx = new int[CHANNELS.size()];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        for (int i = 0; i < m; i++) {
            int j = rnd.nextInt(i, idx.length);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] chosen = Arrays.copyOf(idx, m);
        Arrays.sort(chosen);
        return Arrays.stream(chosen).boxed().toList();
    }
}
