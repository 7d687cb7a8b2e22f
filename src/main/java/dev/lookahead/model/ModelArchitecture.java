package dev.lookahead.model;

import java.util.List;
import java.util.Objects;

/**
 * Shape of a forecaster: channel names (input and output order), hidden size per layer, number of layers.
 *
 * @param channels channel names; the model reads and predicts these, in this order
 * @param hidden   LSTM hidden size H of every layer
 * @param layers   number of stacked LSTM layers
 */
public record ModelArchitecture(List<String> channels, int hidden, int layers) {

    public ModelArchitecture {
        Objects.requireNonNull(channels, "channels");
        channels = List.copyOf(channels);
        if (channels.isEmpty()) throw new IllegalArgumentException("a model needs at least one channel");
        if (channels.stream().distinct().count() != channels.size())
            throw new IllegalArgumentException("duplicate channel names: " + channels);
        if (hidden < 1 || hidden > 1024) throw new IllegalArgumentException("hidden must be in [1, 1024], was " + hidden);
        if (layers < 1 || layers > 8) throw new IllegalArgumentException("layers must be in [1, 8], was " + layers);
    }

    public static ModelArchitecture univariate(int hidden, int layers) {
        return new ModelArchitecture(List.of("value"), hidden, layers);
    }

    public int channelCount() {
        return channels.size();
    }

    /** Inputs of layer {@code l}: the channels for the first layer, the layer below's hidden state after. */
    public int inputSize(int layer) {
        return layer == 0 ? channelCount() : hidden;
    }

    /** Number of floats in the flat parameter vector (see {@link LstmWeights} for the order). */
    public int parameterCount() {
        int g = 4 * hidden;
        int n = 0;
        for (int l = 0; l < layers; l++) n += inputSize(l) * g + hidden * g + g;
        return n + hidden * channelCount() + channelCount();
    }

    /** Short human form, e.g. {@code lstm[value] H=32 L=1}. */
    public String describe() {
        return "lstm" + channels + " H=" + hidden + " L=" + layers;
    }
}
