package dev.lookahead.cli;

import dev.lookahead.io.CsvReader;
import dev.lookahead.io.CsvSeries;
import dev.lookahead.io.TimestampFormat;
import picocli.CommandLine.Option;

import java.util.Collection;

/** How a CSV is laid out: its delimiter and timestamp column, one set of flags for every command that reads CSVs. */
final class CsvLayoutOptions {

    @Option(names = "--delimiter", paramLabel = "CHAR", description = "Field delimiter (default: each file's own, read from its "
            + "first line: ',' unless that line has none and holds ';', a tab or '|', or numbers apart by spaces; ' ': any run of spaces).")
    char delimiter = CsvReader.Options.defaults().delimiter();

    @Option(names = "--timestamp-column", paramLabel = "NAME", description = "Timestamp column (default: 'timestamp', else the first column; none when the "
            + "file has no header and no date-times, or one column besides the labels). 'none': the file has no timestamps, "
            + "its rows are one second apart from 1970-01-01T00:00:00Z.")
    String timestampColumn;

    @Option(names = "--timestamp-format", paramLabel = "PATTERN", description = "The timestamps' pattern, as java.time's "
            + "DateTimeFormatter writes it (e.g. 'dd.MM.yyyy HH:mm:ss', 'MM/dd/yyyy h:mm a'), read in UTC unless it reads an offset "
            + "(default: yyyy-MM-dd HH:mm:ss or yyyy/MM/dd HH:mm:ss, UTC or followed by ' UTC', ISO-8601, or epoch seconds, millis, "
            + "micros or nanos, told apart by the first row).")
    String timestampFormat;

    /** What a command says when series have no timestamps, or null: where their times came from. */
    static String untimedNote(Collection<CsvSeries> series) {
        long untimed = series.stream().filter(s -> s.timestampFormat() == TimestampFormat.ROW).count();
        if (untimed == 0) return null;
        return "note: " + untimed + " series without timestamps: each one's rows are read one second apart from"
                + " 1970-01-01T00:00:00Z, and written so; gaps, intervals and the time of day follow from that";
    }

    CsvReader.Options toOptions() {
        CsvReader.Options opts = CsvReader.Options.defaults().withDelimiter(delimiter);
        if (timestampFormat != null) opts = opts.withTimestampPattern(timestampFormat);
        return timestampColumn == null ? opts : opts.withTimestampColumn(timestampColumn);
    }
}
