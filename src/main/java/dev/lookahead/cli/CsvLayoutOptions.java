package dev.lookahead.cli;

import dev.lookahead.io.CsvReader;
import picocli.CommandLine.Option;

/** How a CSV is laid out: its delimiter and timestamp column, one set of flags for every command that reads CSVs. */
final class CsvLayoutOptions {

    @Option(names = "--delimiter", paramLabel = "CHAR", description = "Field delimiter (default ',').")
    char delimiter = ',';

    @Option(names = "--timestamp-column", paramLabel = "NAME", description = "Timestamp column (default: 'timestamp', else the first column).")
    String timestampColumn;

    CsvReader.Options toOptions() {
        CsvReader.Options opts = CsvReader.Options.defaults().withDelimiter(delimiter);
        return timestampColumn == null ? opts : opts.withTimestampColumn(timestampColumn);
    }
}
