package dev.lookahead.report;

/**
 * A time range shaded on a chart (a changed incident in a comparison).
 *
 * @param kind  its CSS class: {@code added}, {@code removed} or {@code moved}
 * @param label the tooltip
 */
public record ChartSpan(long from, long to, String kind, String label) {
}
