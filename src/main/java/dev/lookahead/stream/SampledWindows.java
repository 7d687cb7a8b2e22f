package dev.lookahead.stream;

import dev.lookahead.avro.SampledWindow;
import dev.lookahead.finetune.TimedWindow;
import dev.lookahead.training.TrainingWindow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Sampled training windows as the bytes that travel from a scoring task to the trainer ({@link Route#TRAINING_WINDOW}:
 * a Flink side output, or {@code topics.training-windows} under Kafka Streams): plain Avro {@link SampledWindow}.
 */
public final class SampledWindows {

    private SampledWindows() {
    }

    /** A window of model group {@code group}, cut while {@code modelVersion} was in force. */
    public static byte[] write(String group, String modelVersion, TimedWindow w) {
        TrainingWindow tw = w.window();
        int steps = tw.length(), channels = tw.channels();
        List<Float> in = new ArrayList<>(steps * channels), tg = new ArrayList<>(steps * channels);
        for (int t = 0; t < steps; t++)
            for (int c = 0; c < channels; c++) {
                in.add(tw.input()[t][c]);
                tg.add(tw.target()[t][c]);
            }
        return AvroBytes.write(SampledWindow.newBuilder().setGroup(group).setKey(w.key()).setModelVersion(modelVersion)
                .setFrom(Instant.ofEpochMilli(w.from())).setTo(Instant.ofEpochMilli(w.to())).setChannels(channels)
                .setInput(in).setTarget(tg).build());
    }

    /** The record in {@code bytes} (throws on bytes that are not one). */
    public static SampledWindow read(byte[] bytes) {
        return AvroBytes.read(SampledWindow.class, bytes);
    }

    /** The window a record carries; fails naming what is wrong with one whose arrays do not fit. */
    public static TimedWindow window(SampledWindow r) {
        int channels = r.getChannels(), n = r.getInput().size();
        if (channels < 1 || n == 0 || n % channels != 0 || r.getTarget().size() != n)
            throw new IllegalArgumentException("sampled window of key '" + r.getKey() + "': " + n + " inputs and "
                    + r.getTarget().size() + " targets do not make steps of " + channels + " channel(s)");
        int steps = n / channels;
        float[][] in = new float[steps][channels], tg = new float[steps][channels];
        for (int t = 0; t < steps; t++)
            for (int c = 0; c < channels; c++) {
                in[t][c] = r.getInput().get(t * channels + c);
                tg[t][c] = r.getTarget().get(t * channels + c);
            }
        return new TimedWindow(r.getKey(), new TrainingWindow(in, tg), r.getFrom().toEpochMilli(), r.getTo().toEpochMilli());
    }
}
