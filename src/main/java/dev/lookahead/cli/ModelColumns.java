package dev.lookahead.cli;

import dev.lookahead.detector.KeyChannels;
import dev.lookahead.io.CsvReader;
import dev.lookahead.io.CsvSeries;
import dev.lookahead.model.LstmModel;

import java.util.List;

/**
 * Which CSV columns a model reads, and in what order, when {@code --columns} names none: a multivariate model its own
 * channels in its order (the file may hold others), and a univariate model with a normal state a series of exactly
 * the state's channels in the state's order, so the series starts from it as a stream key of them does
 * ({@link KeyChannels}). Otherwise the file's columns in the file's order.
 */
final class ModelColumns {

    private ModelColumns() {
    }

    /** {@code opts} reading a multivariate model's channels when no value columns were named. */
    static CsvReader.Options options(CsvReader.Options opts, LstmModel model) {
        List<String> channels = model.architecture().channels();
        return opts.valueColumns() == null && channels.size() > 1 ? opts.withValueColumns(channels) : opts;
    }

    /** {@code s} with its channels in the order the model names for them, if it names one. */
    static CsvSeries arranged(CsvSeries s, LstmModel model) {
        List<String> order = KeyChannels.modelOrder(s.channels(), model);
        return order == null ? s : s.inChannelOrder(order);
    }
}
