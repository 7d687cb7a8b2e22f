package dev.lookahead.report;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One PNG per key with JFreeChart (headless): the same panels as the HTML, min/max downsampled to the image width. */
public final class PngCharts {

    public static final int WIDTH = 1400, PANEL = 260, SCORE = 160;
    public static final Color ACTUAL = new Color(0x22, 0x22, 0x22), FORECAST = new Color(0x31, 0x82, 0xbd),
            BAND = new Color(0x9e, 0xca, 0xe1), ANOMALY = new Color(0xe6, 0x55, 0x0d), SCORE_COLOUR = new Color(0x75, 0x6b, 0xb1),
            THRESHOLD = new Color(0xd6, 0x27, 0x28), FOUND = new Color(0xc7, 0xe9, 0xc0), MISSED = new Color(0xfc, 0xbb, 0xa1);

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private PngCharts() {
    }

    public static Path write(ScoredSeries s, double threshold, Path dir) throws IOException {
        return write(s, threshold, dir, List.of());
    }

    /** With labelled windows shaded behind every panel: {@link #FOUND} where a point inside was flagged, else {@link #MISSED}. */
    public static Path write(ScoredSeries s, double threshold, Path dir, List<LabelledSpan> labels) throws IOException {
        Path file = dir.resolve(s.key() + ".png");
        Files.createDirectories(file.toAbsolutePath().getParent());   // a key under subdirectories: realTweets/Twitter_volume_KO
        ChartUtils.saveChartAsPNG(file.toFile(), chart(s, threshold, labels), WIDTH, s.channels().size() * PANEL + SCORE + 80);
        return file;
    }

    /** The chart {@link #write} draws: a panel per channel, then the score's. */
    static JFreeChart chart(ScoredSeries s, double threshold, List<LabelledSpan> labels) {
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new DateAxis("time (UTC)"));
        for (int c = 0; c < s.channels().size(); c++) {
            double[] a = SvgChart.col(s.actual(), c), f = SvgChart.col(s.forecast(), c), sd = SvgChart.col(s.forecastStd(), c);
            YIntervalSeries band = new YIntervalSeries("forecast ± 2 std");
            for (int i : Downsampler.minMaxRows(f, WIDTH / 2))
                if (Double.isFinite(f[i]) && Double.isFinite(sd[i])) band.add(s.times()[i], f[i], f[i] - 2 * sd[i], f[i] + 2 * sd[i]);
            XYSeries actual = new XYSeries("actual", false), anomalies = new XYSeries("anomalous", false);
            for (int i : Downsampler.minMaxRows(a, WIDTH / 2)) if (Double.isFinite(a[i])) actual.add(s.times()[i], a[i]);
            // marked on the channel that deviated (on every channel when the rows do not say which)
            for (int i = 0; i < a.length; i++) if (s.anomaly()[i] && s.deviatedOn(i, c) && Double.isFinite(a[i])) anomalies.add(s.times()[i], a[i]);
            XYPlot p = new XYPlot();
            p.setRangeAxis(new NumberAxis(s.channels().get(c)));
            ((NumberAxis) p.getRangeAxis()).setAutoRangeIncludesZero(false);
            DeviationRenderer dr = new DeviationRenderer(true, false);
            dr.setSeriesFillPaint(0, BAND);
            dr.setSeriesPaint(0, FORECAST);
            dr.setSeriesStroke(0, new BasicStroke(1f));
            dr.setAlpha(0.5f);
            p.setDataset(0, new YIntervalSeriesCollection() {{ addSeries(band); }});
            p.setRenderer(0, dr);
            XYLineAndShapeRenderer lr = new XYLineAndShapeRenderer(true, false);
            lr.setSeriesPaint(0, ACTUAL);
            lr.setSeriesStroke(0, new BasicStroke(1f));
            p.setDataset(1, new XYSeriesCollection(actual));
            p.setRenderer(1, lr);
            XYLineAndShapeRenderer mr = new XYLineAndShapeRenderer(false, true);
            mr.setSeriesPaint(0, ANOMALY);
            mr.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
            if (anomalies.getItemCount() > 0) {   // no legend entry for an empty series
                p.setDataset(2, new XYSeriesCollection(anomalies));
                p.setRenderer(2, mr);
            }
            p.setBackgroundPaint(Color.WHITE);
            shade(p, s, labels);
            plot.add(p, 3);
        }
        XYSeries score = new XYSeries("anomaly score", false);
        for (int i : Downsampler.minMaxRows(s.score(), WIDTH / 2)) score.add(s.times()[i], s.score()[i]);
        XYPlot sp = new XYPlot(new XYSeriesCollection(score), null, new NumberAxis("score"), new XYLineAndShapeRenderer(true, false));
        sp.getRenderer().setSeriesPaint(0, SCORE_COLOUR);
        sp.getRangeAxis().setRange(0, 1.05);
        ValueMarker m = new ValueMarker(threshold, THRESHOLD, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[]{4f, 3f}, 0f));
        sp.addRangeMarker(m);
        sp.setBackgroundPaint(Color.WHITE);
        shade(sp, s, labels);
        plot.add(sp, 2);
        // each channel's panel repeats the same three entries: list each once
        org.jfree.chart.LegendItemCollection items = new org.jfree.chart.LegendItemCollection();
        java.util.Set<String> listed = new java.util.HashSet<>();
        java.util.Iterator<?> all = plot.getLegendItems().iterator();
        while (all.hasNext()) {
            org.jfree.chart.LegendItem item = (org.jfree.chart.LegendItem) all.next();
            if (listed.add(item.getLabel())) items.add(item);
        }
        if (!labels.isEmpty()) {
            // markers have no legend entry of their own: say what the two shades mean
            items.add(new org.jfree.chart.LegendItem("labelled, found", FOUND));
            items.add(new org.jfree.chart.LegendItem("labelled, missed", MISSED));
        }
        plot.setFixedLegendItems(items);
        JFreeChart chart = new JFreeChart(s.key() + "  (" + String.join(", ", s.modelVersions()) + ")", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /**
     * Opaque markers behind the data, at least half a sampling interval and about a pixel either side, so a one-row
     * window (a spike) shows on a chart of weeks, as the SVG chart's 2-pixel minimum does.
     */
    private static void shade(XYPlot p, ScoredSeries s, List<LabelledSpan> labels) {
        long span = s.size() > 1 ? s.times()[s.size() - 1] - s.times()[0] : 0;
        long half = s.size() > 1 ? Math.max(1, Math.max(span / (s.size() - 1) / 2, span / WIDTH)) : 1;
        for (LabelledSpan l : labels) {
            IntervalMarker m = new IntervalMarker(l.start() - half, l.end() + half, l.found(s) ? FOUND : MISSED);
            m.setAlpha(1f);
            p.addDomainMarker(m, Layer.BACKGROUND);
        }
    }
}
