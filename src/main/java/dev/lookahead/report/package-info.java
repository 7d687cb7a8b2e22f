/**
 * Reports of scored series: per key, actual vs forecast with the uncertainty band, the anomaly score under it
 * with the threshold, incidents marked. {@link dev.lookahead.report.ScoredSeriesReader} reads what the
 * {@code score} and {@code demo} commands write; {@link dev.lookahead.report.HtmlReport} writes one self-contained
 * page of inline SVG (no network needed to view it) and {@link dev.lookahead.report.PngCharts} one PNG per key
 * with JFreeChart. No Flink or Kafka here.
 */
@dev.lookahead.annotation.Internal
package dev.lookahead.report;
