package dev.lookahead.nab.baseline;

/**
 * NAB's "windowedGaussian" baseline detector ({@code nab/detectors/gaussian/windowedGaussian_detector.py} at the
 * commit whose results give the published 39.65 / 20.87 / 47.41), reimplemented to check our NAB scorer against
 * published numbers without NAB's code or results. A row's score is {@code 1 - Q(|x - mean| / std)}, Q the normal
 * tail, with the mean and (population) standard deviation of a window of earlier values: the window grows with
 * every row up to {@code windowSize} rows, then slides by {@code stepSize} rows at a time; a zero standard
 * deviation counts as 1e-6. The first row scores 0 (no window yet).
 */
public final class WindowedGaussian {

    /** The values NAB tuned and published with. */
    public static final int WINDOW_SIZE = 6400, STEP_SIZE = 100;

    private final int windowSize, stepSize;

    public WindowedGaussian() {
        this(WINDOW_SIZE, STEP_SIZE);
    }

    public WindowedGaussian(int windowSize, int stepSize) {
        if (windowSize < 1 || stepSize < 1 || stepSize > windowSize)
            throw new IllegalArgumentException("window " + windowSize + ", step " + stepSize + ": expected 1 <= step <= window");
        this.windowSize = windowSize;
        this.stepSize = stepSize;
    }

    /** One score per value, as NAB's detector computes them (full precision; NAB's files hold {@link PythonNumerics#str12} of them). */
    public double[] scores(double[] values) {
        double[] out = new double[values.length];
        int from = 0, size = 0, buffered = 0;   // the window is values[from, from + size)
        double mean = 0, std = 1;
        for (int i = 0; i < values.length; i++) {
            double x = values[i];
            out[i] = size > 0 ? 1 - normalTail(x, mean, std) : 0.0;
            boolean update = false;
            if (size < windowSize) {
                size++;
                update = true;
            } else if (++buffered == stepSize) {   // slide forward by a whole step
                from += stepSize;
                buffered = 0;
                update = true;
            }
            if (update) {
                mean = PythonNumerics.mean(values, from, size);
                std = PythonNumerics.std(values, from, size);
                if (std == 0.0) std = 0.000001;
            }
        }
        return out;
    }

    /** NAB's {@code normalProbability}: P(sample > x) for x above the mean, mirrored below it. */
    static double normalTail(double x, double mean, double std) {
        if (x < mean) x = 2 * mean - x;
        double z = (x - mean) / std;
        return 0.5 * PythonNumerics.erfc(z / Math.sqrt(2));
    }
}
