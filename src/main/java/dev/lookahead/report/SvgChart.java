package dev.lookahead.report;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongToDoubleFunction;

/**
 * One key as inline SVG: a panel per channel (band = forecast ± 2 std, forecast, actual, anomalous points as red
 * circles) and the anomaly score under them with the threshold. Long series are min/max downsampled to the
 * panel's width ({@link Downsampler}); every anomalous point is drawn whatever the downsampling.
 *
 * <p>Given a second run of the same key (a comparison), its forecast, actual and score are drawn over the first
 * in another colour, its anomalous points as squares, and marked spans (changed incidents) shade every panel.
 */
final class SvgChart {

    static final int WIDTH = 1100, PANEL = 170, SCORE = 90, PAD = 40;

    private SvgChart() {
    }

    static String render(ScoredSeries s, double threshold) {
        return render(s, null, threshold, List.of(), List.of());
    }

    /** With labelled windows shaded under every panel: class {@code labelled found} or {@code labelled missed}. */
    static String render(ScoredSeries s, double threshold, List<LabelledSpan> labels) {
        return render(s, null, threshold, List.of(), labels);
    }

    /**
     * @param b      a second run of the same key, drawn over {@code s}; null for none
     * @param spans  time ranges to shade on every panel (changed incidents)
     * @param labels labelled windows to shade under every panel
     */
    static String render(ScoredSeries s, ScoredSeries b, double threshold, List<ChartSpan> spans, List<LabelledSpan> labels) {
        int channels = s.channels().size();
        int height = channels * (PANEL + 20) + SCORE + 30;
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "<svg class=\"chart\" data-key=\"%s\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" xmlns=\"http://www.w3.org/2000/svg\">%n",
                esc(s.key()), WIDTH, height, WIDTH, height));
        long t0 = s.times()[0], t1 = Math.max(s.times()[s.size() - 1], t0 + 1);
        if (b != null && b.size() > 0) {
            t0 = Math.min(t0, b.times()[0]);
            t1 = Math.max(t1, b.times()[b.size() - 1]);
        }
        final long from = t0, to = t1;
        int plotW = WIDTH - PAD - 10;
        LongToDoubleFunction x = t -> PAD + (t - from) / (double) (to - from) * plotW;
        for (ChartSpan sp : spans) {
            double x0 = x.applyAsDouble(sp.from()), x1 = Math.max(x.applyAsDouble(sp.to()), x0 + 3);
            out.append(String.format(Locale.ROOT, "<rect class=\"span %s\" x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"%d\"><title>%s</title></rect>%n",
                    esc(sp.kind()), x0, x1 - x0, height - 20, esc(sp.label())));
        }
        for (int c = 0; c < channels; c++) {
            int top = c * (PANEL + 20) + 10;
            double[] a = col(s.actual(), c), f = col(s.forecast(), c), sd = col(s.forecastStd(), c);
            int cb = b == null ? -1 : b.channels().indexOf(s.channels().get(c));
            double[] ab = cb < 0 ? null : col(b.actual(), cb), fb = cb < 0 ? null : col(b.forecast(), cb);
            double[] range = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
            extend(range, a, f, sd);
            for (int i = 0; i < a.length; i++) {
                double u = s.anomaly()[i] && s.deviatedOn(i, c) ? s.usualLevel()[i] : Double.NaN;
                if (Double.isFinite(u)) {
                    range[0] = Math.min(range[0], u);
                    range[1] = Math.max(range[1], u);
                }
            }
            if (cb >= 0) extend(range, ab, fb, col(b.forecastStd(), cb));
            double lo = range[0], hi = range[1];
            if (!(hi > lo)) {
                hi = lo + 1;
            }
            final double ylo = lo, yhi = hi;
            DoubleUnaryOperator y = v -> top + PANEL - (v - ylo) / (yhi - ylo) * PANEL;
            shade(out, s, labels, x, top, PANEL);
            out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"label\">%s</text>%n", PAD, top + 12, esc(s.channels().get(c))));
            out.append(String.format(Locale.ROOT, "<text x=\"2\" y=\"%d\" class=\"tick\">%.4g</text><text x=\"2\" y=\"%d\" class=\"tick\">%.4g</text>%n",
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
            if (band.length() > 0) out.append("<path class=\"band\" d=\"").append(band).append(back).append("Z\"/>\n");
            out.append("<path class=\"forecast\" d=\"").append(line(fr, f, s.times(), x, y)).append("\"/>\n");
            out.append("<path class=\"actual\" d=\"").append(line(Downsampler.minMaxRows(a, plotW / 2), a, s.times(), x, y)).append("\"/>\n");
            if (cb >= 0) {
                out.append("<path class=\"forecast-b\" d=\"").append(line(Downsampler.minMaxRows(fb, plotW / 2), fb, b.times(), x, y)).append("\"/>\n");
                // the same recording under two models: one actual line is enough
                if (!java.util.Arrays.equals(s.times(), b.times()) || !java.util.Arrays.equals(a, ab))
                    out.append("<path class=\"actual-b\" d=\"").append(line(Downsampler.minMaxRows(ab, plotW / 2), ab, b.times(), x, y)).append("\"/>\n");
            }
            // where the channel should have been through its anomalies: a forecast that went with a slow change shows
            // nothing wrong, this does
            StringBuilder usual = new StringBuilder();
            boolean drawing = false;
            for (int i = 0; i < a.length; i++) {
                boolean on = s.anomaly()[i] && s.deviatedOn(i, c) && Double.isFinite(s.usualLevel()[i]);
                if (on) usual.append(drawing ? "L" : "M").append(pt(x.applyAsDouble(s.times()[i]), y.applyAsDouble(s.usualLevel()[i])));
                drawing = on;
            }
            if (usual.length() > 0) out.append("<path class=\"usual\" d=\"").append(usual).append("\"/>\n");
            // an anomaly is marked in full on the channel that deviated, and small on the others of its key
            for (int i = 0; i < a.length; i++)
                if (s.anomaly()[i] && Double.isFinite(a[i])) {
                    boolean here = s.deviatedOn(i, c);
                    out.append(String.format(Locale.ROOT, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"%s\"><title>%s score %.3f%s</title></circle>%n",
                            here ? "anomaly" : "anomaly-other", x.applyAsDouble(s.times()[i]), y.applyAsDouble(a[i]), here ? "4" : "2",
                            java.time.Instant.ofEpochMilli(s.times()[i]), s.score()[i],
                            s.topChannel()[i] == null ? "" : ", deviated: " + esc(s.topChannel()[i])));
                }
            if (cb >= 0)
                for (int i = 0; i < ab.length; i++)
                    if (b.anomaly()[i] && Double.isFinite(ab[i]))
                        out.append(String.format(Locale.ROOT, "<rect class=\"anomaly-b\" x=\"%.1f\" y=\"%.1f\" width=\"7\" height=\"7\"><title>B %s score %.3f</title></rect>%n",
                                x.applyAsDouble(b.times()[i]) - 3.5, y.applyAsDouble(ab[i]) - 3.5, java.time.Instant.ofEpochMilli(b.times()[i]), b.score()[i]));
        }
        int top = channels * (PANEL + 20) + 10;
        DoubleUnaryOperator ys = v -> top + SCORE - v * SCORE;
        shade(out, s, labels, x, top, SCORE);
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"label\">anomaly score</text>%n", PAD, top + 12));
        out.append(String.format(Locale.ROOT, "<line class=\"threshold\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>%n", PAD, PAD + plotW,
                ys.applyAsDouble(threshold), ys.applyAsDouble(threshold)));
        out.append("<path class=\"score\" d=\"").append(line(Downsampler.minMaxRows(s.score(), plotW / 2), s.score(), s.times(), x, ys)).append("\"/>\n");
        if (b != null)
            out.append("<path class=\"score-b\" d=\"").append(line(Downsampler.minMaxRows(b.score(), plotW / 2), b.score(), b.times(), x, ys)).append("\"/>\n");
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"tick\">%s</text><text x=\"%d\" y=\"%d\" class=\"tick\" text-anchor=\"end\">%s</text>%n",
                PAD, top + SCORE + 16, java.time.Instant.ofEpochMilli(t0), PAD + plotW, top + SCORE + 16, java.time.Instant.ofEpochMilli(t1)));
        out.append("</svg>\n");
        return out.toString();
    }

    private static void shade(StringBuilder b, ScoredSeries s, List<LabelledSpan> labels, LongToDoubleFunction x, int top, int height) {
        for (LabelledSpan l : labels) {
            double x0 = x.applyAsDouble(l.start()), x1 = Math.max(x.applyAsDouble(l.end()), x0 + 2);
            b.append(String.format(Locale.ROOT, "<rect class=\"labelled %s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"><title>%s: %s .. %s</title></rect>%n",
                    l.found(s) ? "found" : "missed", x0, top, x1 - x0, height, esc(l.describe(s)),
                    java.time.Instant.ofEpochMilli(l.start()), java.time.Instant.ofEpochMilli(l.end())));
        }
    }

    private static void extend(double[] range, double[] a, double[] f, double[] sd) {
        for (int i = 0; i < a.length; i++) {
            for (double v : new double[]{a[i], f[i] - 2 * sd[i], f[i] + 2 * sd[i]})
                if (Double.isFinite(v)) {
                    range[0] = Math.min(range[0], v);
                    range[1] = Math.max(range[1], v);
                }
        }
    }

    private static String line(int[] rows, double[] v, long[] t, LongToDoubleFunction x, DoubleUnaryOperator y) {
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
