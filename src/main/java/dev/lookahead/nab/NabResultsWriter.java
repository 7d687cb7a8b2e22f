package dev.lookahead.nab;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;

/**
 * Writes one series' results in NAB's layout ({@code timestamp,value,anomaly_score,label}), the same bytes whichever
 * engine produced the scores. The label column (1 inside a window) is there only because NAB's layout has it; the
 * scorer reads the windows from the labels file, never this column.
 */
public final class NabResultsWriter {

    private NabResultsWriter() {
    }

    /**
     * @param timestamps the data file's timestamps as written there, one per row
     * @param values     the data file's values, one per row
     * @param scores     the anomaly score per row
     */
    public static void write(Path file, List<String> timestamps, double[] values, double[] scores, List<NabWindow> windows) throws IOException {
        if (timestamps.size() != values.length || values.length != scores.length)
            throw new IllegalArgumentException(file + ": " + timestamps.size() + " timestamps, " + values.length + " values, " + scores.length + " scores");
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("timestamp,value,anomaly_score,label\n");
            for (int i = 0; i < scores.length; i++) {
                String ts = timestamps.get(i);
                w.write(ts + "," + values[i] + "," + scores[i] + "," + (inWindow(NabWindow.parseTime(ts), windows) ? 1 : 0) + "\n");
            }
        }
    }

    static boolean inWindow(LocalDateTime t, List<NabWindow> windows) {
        for (NabWindow w : windows) if (!t.isBefore(w.start()) && !t.isAfter(w.end())) return true;
        return false;
    }
}
