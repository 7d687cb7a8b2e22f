package dev.lookahead.report;

import java.util.Locale;

/**
 * One key as inline SVG: a panel per channel (band = forecast ± 2 std, forecast, actual, anomalous points as red
 * circles) and the anomaly score under them with the threshold. Long series are min/max downsampled to the
 * panel's width ({@link Downsampler}); every anomalous point is drawn whatever the downsampling.
 */
final class SvgChart {

    static final int WIDTH = 1100, PANEL = 170, SCORE = 90, PAD = 40;

    private SvgChart() {
    }

    static String render(ScoredSeries s, double threshold) {
        return render(s, threshold, java.util.List.of());
    }

    /** With labelled windows shaded under every panel: class {@code labelled found} or {@code labelled missed}. */
    static String render(ScoredSeries s, double threshold, java.util.List<LabelledSpan> labels) {
        int channels = s.channels().size();
        int height = channels * (PANEL + 20) + SCORE + 30;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg class=\"chart\" data-key=\"%s\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" xmlns=\"http://www.w3.org/2000/svg\">%n",
                esc(s.key()), WIDTH, height, WIDTH, height));
        long t0 = s.times()[0], t1 = Math.max(s.times()[s.size() - 1], t0 + 1);
        int plotW = WIDTH - PAD - 10;
        for (int c = 0; c < channels; c++) {
            int top = c * (PANEL + 20) + 10;
            double[] a = col(s.actual(), c), f = col(s.forecast(), c), sd = col(s.forecastStd(), c);
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < a.length; i++) {
                for (double v : new double[]{a[i], f[i] - 2 * sd[i], f[i] + 2 * sd[i]})
                    if (Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
            }
            if (!(hi > lo)) {
                hi = lo + 1;
            }
            final double ylo = lo, yhi = hi;
            java.util.function.DoubleUnaryOperator y = v -> top + PANEL - (v - ylo) / (yhi - ylo) * PANEL;
            java.util.function.LongToDoubleFunction x = t -> PAD + (t - t0) / (double) (t1 - t0) * plotW;
            shade(b, s, labels, x, top, PANEL);
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"label\">%s</text>%n", PAD, top + 12, esc(s.channels().get(c))));
            b.append(String.format(Locale.ROOT, "<text x=\"2\" y=\"%d\" class=\"tick\">%.4g</text><text x=\"2\" y=\"%d\" class=\"tick\">%.4g</text>%n",
                    top + 10, hi, top + PANEL, lo));
            // band: upper edge forward, lower edge back
            int[] fr = Downsampler.minMaxRows(f, plotW / 2);
            StringBuilder band = new StringBuilder(), back = new StringBuilder();
            for (int i : fr) if (Double.isFinite(f[i]) && Double.isFinite(sd[i]))
                band.append(band.length() == 0 ? "M" : "L").append(pt(x.applyAsDouble(s.times()[i]), y.applyAsDouble(f[i] + 2 * sd[i])));
            for (int k = fr.length - 1; k >= 0; k--) {
                int i = fr[k];
                if (Double.isFinite(f[i]) && Double.isFinite(sd[i])) back.append("L").append(pt(x.applyAsDouble(s.times()[i]), y.applyAsDouble(f[i] - 2 * sd[i])));
            }
            if (band.length() > 0) b.append("<path class=\"band\" d=\"").append(band).append(back).append("Z\"/>\n");
            b.append("<path class=\"forecast\" d=\"").append(line(fr, f, s.times(), x, y)).append("\"/>\n");
            b.append("<path class=\"actual\" d=\"").append(line(Downsampler.minMaxRows(a, plotW / 2), a, s.times(), x, y)).append("\"/>\n");
            for (int i = 0; i < a.length; i++)
                if (s.anomaly()[i] && Double.isFinite(a[i]))
                    b.append(String.format(Locale.ROOT, "<circle class=\"anomaly\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\"><title>%s score %.3f</title></circle>%n",
                            x.applyAsDouble(s.times()[i]), y.applyAsDouble(a[i]), java.time.Instant.ofEpochMilli(s.times()[i]), s.score()[i]));
        }
        int top = channels * (PANEL + 20) + 10;
        java.util.function.DoubleUnaryOperator ys = v -> top + SCORE - v * SCORE;
        java.util.function.LongToDoubleFunction x = t -> PAD + (t - t0) / (double) (t1 - t0) * plotW;
        shade(b, s, labels, x, top, SCORE);
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"label\">anomaly score</text>%n", PAD, top + 12));
        b.append(String.format(Locale.ROOT, "<line class=\"threshold\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>%n", PAD, PAD + plotW,
                ys.applyAsDouble(threshold), ys.applyAsDouble(threshold)));
        b.append("<path class=\"score\" d=\"").append(line(Downsampler.minMaxRows(s.score(), plotW / 2), s.score(), s.times(), x, ys)).append("\"/>\n");
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"tick\">%s</text><text x=\"%d\" y=\"%d\" class=\"tick\" text-anchor=\"end\">%s</text>%n",
                PAD, top + SCORE + 16, java.time.Instant.ofEpochMilli(t0), PAD + plotW, top + SCORE + 16, java.time.Instant.ofEpochMilli(t1)));
        b.append("</svg>\n");
        return b.toString();
    }

    /** One rect per labelled window over the panel's height, at least 2 px wide so a one-row window shows. */
    private static void shade(StringBuilder b, ScoredSeries s, java.util.List<LabelledSpan> labels,
                              java.util.function.LongToDoubleFunction x, int top, int height) {
        for (LabelledSpan l : labels) {
            double x0 = x.applyAsDouble(l.start()), x1 = Math.max(x.applyAsDouble(l.end()), x0 + 2);
            b.append(String.format(Locale.ROOT, "<rect class=\"labelled %s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"><title>%s: %s .. %s</title></rect>%n",
                    l.found(s) ? "found" : "missed", x0, top, x1 - x0, height, esc(l.describe(s)),
                    java.time.Instant.ofEpochMilli(l.start()), java.time.Instant.ofEpochMilli(l.end())));
        }
    }

    private static String line(int[] rows, double[] v, long[] t, java.util.function.LongToDoubleFunction x, java.util.function.DoubleUnaryOperator y) {
        StringBuilder p = new StringBuilder();
        boolean pen = false;
        for (int i : rows) {
            if (!Double.isFinite(v[i])) {
                pen = false;
                continue;
            }
            p.append(pen ? "L" : "M").append(pt(x.applyAsDouble(t[i]), y.applyAsDouble(v[i])));
            pen = true;
        }
        return p.toString();
    }

    private static String pt(double x, double y) {
        return String.format(Locale.ROOT, "%.1f %.1f ", x, y);
    }

    static double[] col(double[][] m, int c) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) out[i] = m[i][c];
        return out;
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
