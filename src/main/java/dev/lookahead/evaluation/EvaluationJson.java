package dev.lookahead.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * An {@link Evaluation} as JSON for tests and scripts. Ratios that are undefined (NaN) are {@code null}. Field
 * names are snake_case and say their unit where they have one ({@code delay.rows}, {@code delay.seconds}).
 */
public final class EvaluationJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EvaluationJson() {
    }

    /** {@code about} (strings: model version, settings, input) first, then the results. */
    public static ObjectNode of(Evaluation e, Map<String, String> about) {
        ObjectNode root = MAPPER.createObjectNode();
        about.forEach(root::put);
        root.set("overall", metrics(e.overall()));
        ObjectNode kinds = root.putObject("kinds");
        e.kinds().forEach((k, m) -> kinds.set(k, metrics(m)));
        if (e.normal() == null) root.putNull("no_anomaly");
        else root.set("no_anomaly", metrics(e.normal()));
        ArrayNode series = root.putArray("series");
        for (Evaluation.SeriesResult s : e.series()) {
            ObjectNode o = series.addObject();
            o.put("key", s.key());
            o.set("metrics", metrics(s.metrics()));
            ArrayNode ws = o.putArray("windows");
            for (WindowResult w : s.windows()) {
                ObjectNode wo = ws.addObject();
                wo.put("start_row", w.window().startRow());
                wo.put("end_row", w.window().endRow());
                if (w.window().kind() == null) wo.putNull("kind");
                else wo.put("kind", w.window().kind());
                ArrayNode ch = wo.putArray("channels");
                w.window().channels().forEach(ch::add);
                wo.put("detected", w.detected());
                if (w.detected()) {
                    wo.put("first_flagged_row", w.firstRow());
                    wo.put("delay_rows", w.delayRows());
                    wo.put("delay_seconds", w.delayMillis() / 1000.0);
                    if (w.channel() == null) wo.putNull("channel_named");
                    else wo.put("channel_named", w.channel());
                } else {
                    wo.putNull("first_flagged_row");
                    wo.putNull("delay_rows");
                    wo.putNull("delay_seconds");
                    wo.putNull("channel_named");
                }
            }
        }
        return root;
    }

    public static void write(Evaluation e, Map<String, String> about, Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
        MAPPER.writeValue(file.toFile(), of(e, about));
    }

    static ObjectNode metrics(Metrics m) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("series", m.series());
        o.put("rows", m.rows());
        o.put("labelled_rows", m.labelledRows());
        o.put("flagged_rows", m.flaggedRows());
        o.put("tp", m.tp());
        o.put("fp", m.fp());
        o.put("fn", m.fn());
        o.put("tn", m.tn());
        num(o, "precision", m.precision());
        num(o, "recall", m.recall());
        num(o, "f1", m.f1());
        num(o, "far", m.far());
        num(o, "mar", m.mar());
        o.put("windows", m.windows());
        o.put("windows_detected", m.windowsDetected());
        num(o, "event_recall", m.eventRecall());
        o.put("openings", m.openings());
        o.put("false_alarms", m.falseAlarms());
        num(o, "false_alarms_per_10k", m.falseAlarmsPer10k());
        ObjectNode named = o.putObject("channel_named");
        named.put("windows", m.windowsNameable());
        named.put("windows_right", m.windowsNamedRight());
        num(named, "share", m.channelNamed());
        named.put("rows", m.rowsNameable());
        named.put("rows_right", m.rowsNamedRight());
        num(named, "rows_share", m.channelNamedRows());
        ObjectNode d = o.putObject("delay");
        ObjectNode rows = d.putObject("rows");
        num(rows, "median", m.medianDelayRows());
        num(rows, "max", m.maxDelayRows());
        ObjectNode secs = d.putObject("seconds");
        num(secs, "median", m.medianDelaySeconds());
        num(secs, "max", m.maxDelaySeconds());
        ArrayNode all = d.putArray("all_rows");
        m.delayRows().forEach(all::add);
        ObjectNode nab = o.putObject("nab");
        m.nab().forEach((p, v) -> num(nab, p, v));
        return o;
    }

    private static void num(ObjectNode o, String name, double v) {
        if (Double.isNaN(v)) o.putNull(name);
        else o.put(name, v);
    }
}
