package dev.lookahead.nab.baseline;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** NAB's windowedGaussian baseline and the Python numerics under it, checked against their definitions. */
class WindowedGaussianTest {

    @Test
    void erfcMatchesReferenceValues() {
        // erfc to 19 digits (standard tables); CPython 2.7's series / continued fraction are good to ~1e-15
        double[][] ref = {{0.0, 1.0}, {0.5, 0.4795001221869534623}, {1.0, 0.1572992070502851307},
                {1.5, 0.03389485352468927293}, {2.0, 0.004677734981047265838}, {3.0, 2.209049699858544137e-05},
                {5.0, 1.537459794428034850e-12}, {-1.0, 1.842700792949714869}};
        for (double[] r : ref)
            assertEquals(r[1], PythonNumerics.erfc(r[0]), Math.abs(r[1]) * 1e-13, "erfc(" + r[0] + ")");
        // the series (below 1.5) and the continued fraction (from 1.5) agree where they meet
        assertEquals(PythonNumerics.erfc(1.5), PythonNumerics.erfc(Math.nextDown(1.5)), 1e-15);
        assertEquals(0.0, PythonNumerics.erfc(30.0));
    }

    @Test
    void pairwiseSumIsNumpysAndCloseToTheExactSum() {
        double[] a = new Random(11).doubles(1000, -1e6, 1e6).toArray();
        // below 8 elements: a plain left-to-right sum
        double seq = 0;
        for (int i = 0; i < 7; i++) seq += a[i];
        assertEquals(seq, PythonNumerics.pairwiseSum(a, 0, 7), 0.0);
        // 8..128: eight running partial sums combined as a tree, then the remainder added in order
        double[] r = new double[8];
        for (int i = 0; i < 16; i++) r[i % 8] += a[i];
        double tree = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7])) + a[16] + a[17];
        assertEquals(tree, PythonNumerics.pairwiseSum(a, 0, 18), 0.0);
        BigDecimal exact = BigDecimal.ZERO;
        for (double v : a) exact = exact.add(new BigDecimal(v));
        assertEquals(exact.doubleValue(), PythonNumerics.pairwiseSum(a, 0, a.length), 1e-6);
    }

    @Test
    void str12KeepsTwelveSignificantDigits() {
        assertEquals(0.123456789012, PythonNumerics.str12(0.1234567890123456), 0.0);
        assertEquals(1.0, PythonNumerics.str12(1 - 1e-13), 0.0);
        assertEquals(0.999999999999, PythonNumerics.str12(0.9999999999991), 0.0);
        assertEquals(0.0, PythonNumerics.str12(0.0), 0.0);
    }

    @Test
    void firstRowZeroThenConstantSeriesScoresOneHalf() {
        double[] s = new WindowedGaussian().scores(new double[]{5, 5, 5, 5});
        assertEquals(0.0, s[0], 0.0);                       // no window yet
        for (int i = 1; i < s.length; i++) assertEquals(0.5, s[i], 0.0);   // x = mean: 1 - Q(0)
        // a zero standard deviation counts as 1e-6: any visible change is far in the tail
        assertEquals(1.0, new WindowedGaussian().scores(new double[]{5, 5.001})[1], 0.0);
    }

    /** Window 4, step 2 on a seeded series: each row's score from the mean and std of the window its definition names. */
    @Test
    void growsThenSlidesByWholeSteps() {
        int window = 4, step = 2;
        double[] x = new Random(5).doubles(30, 0, 10).toArray();
        double[] s = new WindowedGaussian(window, step).scores(x);
        for (int i = 1; i < x.length; i++) {
            // rows 1..window see all earlier rows; later, the window slid at every step-th row after it filled
            int from = i <= window ? 0 : step * ((i - window) / step), to = i <= window ? i : from + window;
            double m = 0, v = 0;
            for (int k = from; k < to; k++) m += x[k];
            m /= to - from;
            for (int k = from; k < to; k++) v += (x[k] - m) * (x[k] - m);
            double sd = Math.sqrt(v / (to - from));
            if (sd == 0) sd = 1e-6;
            double z = Math.abs(x[i] - m) / sd;
            assertEquals(1 - 0.5 * PythonNumerics.erfc(z / Math.sqrt(2)), s[i], 1e-12, "row " + i + " window [" + from + "," + to + ")");
        }
    }

    @Test
    void badWindowIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new WindowedGaussian(10, 20));
    }
}
