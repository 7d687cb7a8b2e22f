package dev.lookahead.cli;

import dev.lookahead.io.CsvReader;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;

/** How a command reads its input CSVs ({@code score}, {@code calibrate}): one set of flags, one mapping to {@link CsvReader.Options}. */
final class CsvInputOptions {

    @Mixin
    CsvLayoutOptions layout = new CsvLayoutOptions();

    @Option(names = "--columns", split = ",", paramLabel = "NAME", description = "Value columns, in channel order (default: a multivariate model's channels, in its order; else all but timestamp, key and label columns, in the model's normal state's order when they are its channels).")
    List<String> columns;

    @Option(names = "--key-column", paramLabel = "NAME", description = "Column holding the key, for files with many keys.")
    String keyColumn;

    CsvReader.Options toOptions() {
        CsvReader.Options opts = layout.toOptions();
        if (columns != null) opts = opts.withValueColumns(columns);
        if (keyColumn != null) opts = opts.withKeyColumn(keyColumn);
        return opts;
    }
}
