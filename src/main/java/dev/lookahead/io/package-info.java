/**
 * CSV input and output for the direct runner: {@link dev.lookahead.io.CsvReader} parses NAB-style and
 * multivariate files (or a directory of them) into per-key {@link dev.lookahead.io.CsvSeries};
 * {@link dev.lookahead.io.ScoredCsvWriter} writes scored points as deterministic CSV. Fields are split and quoted
 * by FastCSV, through {@link dev.lookahead.io.CsvRows} (every CSV reader in the project uses it); what the columns
 * and timestamps mean is decided here.
 *
 * <p>No Flink or Kafka here: this package is part of the engine-agnostic core.
 */
@dev.lookahead.annotation.Internal
package dev.lookahead.io;
