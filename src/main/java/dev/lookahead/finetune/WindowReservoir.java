package dev.lookahead.finetune;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The windows of the current period (since the last round took them), bounded: each offered window is held back
 * for validation with probability {@code validation-fraction} (a seeded coin) or else goes to training, and each
 * part keeps a uniform sample of its windows (reservoir sampling, Algorithm R, seeded) of at most
 * {@code reservoir-windows} / {@code validation-windows}. So a round sees the recent period only, every key in
 * proportion to its windows, and the gate's windows were never trained on. Same windows in the same order give
 * the same sample. Not thread-safe: the scoring thread offers and takes.
 */
public final class WindowReservoir {

    /** A period's sample, handed to a round. */
    public record Sample(List<TimedWindow> train, List<TimedWindow> validation) {
        public Sample {
            train = List.copyOf(train);
            validation = List.copyOf(validation);
        }
    }

    private final double validationFraction;
    private final SplittableRandom coin;
    private final Part train, validation;

    public WindowReservoir(FineTuneConfig config) {
        this.validationFraction = config.validationFraction();
        SplittableRandom root = new SplittableRandom(config.seed());
        coin = root.split();
        train = new Part(config.reservoirWindows(), root.split());
        validation = new Part(config.validationWindows(), root.split());
    }

    public void offer(TimedWindow w) {
        (coin.nextDouble() < validationFraction ? validation : train).offer(w);
    }

    public int trainSize() {
        return train.kept.size();
    }

    public int validationSize() {
        return validation.kept.size();
    }

    /** Windows offered since the last {@link #take()} (kept or not). */
    public long seen() {
        return train.seen + validation.seen;
    }

    /** The sample, emptying the reservoir for the next period. */
    public Sample take() {
        Sample s = new Sample(train.kept, validation.kept);
        train.clear();
        validation.clear();
        return s;
    }

    private static final class Part {
        final int capacity;
        final SplittableRandom random;
        final List<TimedWindow> kept = new ArrayList<>();
        long seen;

        Part(int capacity, SplittableRandom random) {
            this.capacity = capacity;
            this.random = random;
        }

        void offer(TimedWindow w) {
            long n = ++seen;
            if (kept.size() < capacity) {
                kept.add(w);
            } else {
                long j = random.nextLong(n);   // keep the n-th with probability capacity/n
                if (j < capacity) kept.set((int) j, w);
            }
        }

        void clear() {
            kept.clear();
            seen = 0;
        }
    }
}
