package dev.lookahead.nab;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One labelled anomaly window: first and last timestamp, both inclusive and both rows of the series. */
public record NabWindow(LocalDateTime start, LocalDateTime end) {

    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    /** Parses NAB's timestamps: {@code YYYY-MM-DD HH:MM:SS} with an optional fraction (a 'T' separator is accepted). */
    public static LocalDateTime parseTime(String text) {
        String t = text.strip();
        if (t.length() > 10 && t.charAt(10) == 'T') t = t.substring(0, 10) + ' ' + t.substring(11);
        try {
            return LocalDateTime.parse(t, TIME);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad timestamp '" + text + "' (expected YYYY-MM-DD HH:MM:SS)");
        }
    }

    /** Reads {@code labels/combined_windows.json}: series path ({@code category/file.csv}) to its windows, file order. */
    public static Map<String, List<NabWindow>> load(Path file) throws IOException {
        JsonNode root = Json.read(file);
        if (!root.isObject()) throw new IllegalArgumentException(file + ": expected a JSON object of series");
        Map<String, List<NabWindow>> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            String series = e.getKey();
            if (!e.getValue().isArray()) throw new IllegalArgumentException(file + ": " + series + ": expected a list of windows");
            List<NabWindow> ws = new ArrayList<>();
            for (JsonNode pair : e.getValue()) {
                if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual() || !pair.get(1).isTextual())
                    throw new IllegalArgumentException(file + ": " + series + ": a window must be [start, end] timestamps");
                String a = pair.get(0).textValue(), b = pair.get(1).textValue();
                NabWindow nw = new NabWindow(parseTime(a), parseTime(b));
                if (nw.end.isBefore(nw.start)) throw new IllegalArgumentException(file + ": " + series + ": window " + a + " ends before it starts");
                ws.add(nw);
            }
            out.put(series, List.copyOf(ws));
        }
        return out;
    }
}
