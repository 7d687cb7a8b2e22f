package dev.lookahead.cli;

import dev.lookahead.io.CsvReader;
import picocli.CommandLine.Option;

import java.util.List;

/** How a command reads its input CSVs ({@code score}, {@code calibrate}): one set of flags, one mapping to {@link CsvReader.Options}. */
final class CsvInputOptions {

    @Option(names = "--delimiter", paramLabel = "CHAR", description = "Field delimiter (default ',').")
    char delimiter = ',';

    @Option(names = "--timestamp-column", paramLabel = "NAME", description = "Timestamp column (default: 'timestamp', else the first column).")
    String timestampColumn;

    @Option(names = "--columns", split = ",", paramLabel = "NAME", description = "Value columns, in channel order (default: all but timestamp, key and label columns).")
    List<String> columns;

    @Option(names = "--key-column", paramLabel = "NAME", description = "Column holding the key, for files with many keys.")
    String keyColumn;

    CsvReader.Options toOptions() {
        CsvReader.Options opts = CsvReader.Options.defaults().withDelimiter(delimiter);
        if (timestampColumn != null) opts = opts.withTimestampColumn(timestampColumn);
        if (columns != null) opts = opts.withValueColumns(columns);
        if (keyColumn != null) opts = opts.withKeyColumn(keyColumn);
        return opts;
    }
}
