package dev.lookahead.finetune;

import dev.lookahead.detector.PointResult;
import dev.lookahead.detector.TrainingTap;
import dev.lookahead.training.TrainingWindow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cuts training windows of L steps from the detector's own normalised inputs and targets, per key and lane
 * (a univariate model on a multichannel key runs one lane per channel, so each lane gives its own windows).
 *
 * <p>Only clean stretches become windows. A point breaks the key's stretch, and the windows under construction
 * or in quarantine are dropped, when it is: scored anomalous, in warm-up, imputed (a missing channel or gap
 * steps), or after a state reset. Warm-up and imputed points are left out because the first is scored against
 * unsettled statistics and the second is the model's own forecast (training on it teaches the model itself). A
 * finished window also waits {@code quarantine-points} further clean points of its key before it is released:
 * an anomaly is often flagged a few points after it starts, and the window that ends just before the flag
 * usually holds its onset.
 *
 * <p>Bounded: at most {@code max-tracked-keys} keys have state here. A key whose stretch breaks leaves; when all
 * slots are taken, a key that hands on its windows also leaves, so other keys get a turn (a key that stops
 * sending keeps its slot: there is no idle eviction yet). Not thread-safe: call from the scoring thread.
 *
 * <p>{@link #sampled} makes the sampling collector a scoring task runs: a key starts a window only at a sampled
 * point ({@link #starts}: a seeded function of the key and the point's sequence number, on average one point in
 * {@code sample-every-points}) and leaves once that window is handed on. So the collector costs one map lookup on
 * an unsampled point and holds state only for the few keys with a window under construction; that state is memory
 * of the task, not key state (a restart loses the windows under construction, nothing else). A sampled start
 * while all {@code max-tracked-keys} slots are taken is skipped and counted, unless the least recently seen key
 * has gone quiet (missed about 20 of its points at the rate tracked keys arrive): its slot is freed.
 */
public final class WindowCollector implements TrainingTap {

    private final int length;
    private final int laneChannels;
    private final int quarantinePoints;
    private final int maxKeys;
    private final Consumer<TimedWindow> out;
    private final long sampleEvery;   // 0: every clean stretch (in-process fine-tuning)
    private final long seed;
    // access order: the first entry is the stretch whose key was seen longest ago
    private final LinkedHashMap<String, Stretch> keys = new LinkedHashMap<>(16, 0.75f, true);
    private long released;
    private long discarded;
    private long skippedFull;
    private long evictedIdle;
    private long points;               // points seen (sampling mode): the clock of idleness
    private double meanGap = Double.NaN;   // mean points between two points of a tracked key

    /**
     * @param length       window length L (the trainer's)
     * @param laneChannels the model's channel count (1 for a univariate model)
     * @param out          receives every released window
     */
    public WindowCollector(int length, int laneChannels, FineTuneConfig config, Consumer<TimedWindow> out) {
        this(length, laneChannels, config, out, 0);
    }

    /** The sampling collector of a scoring task: windows start only at {@link #starts sampled} points. */
    public static WindowCollector sampled(int length, int laneChannels, FineTuneConfig config, Consumer<TimedWindow> out) {
        return new WindowCollector(length, laneChannels, config, out, config.sampleEveryPoints());
    }

    private WindowCollector(int length, int laneChannels, FineTuneConfig config, Consumer<TimedWindow> out, long sampleEvery) {
        this.sampleEvery = sampleEvery;
        this.seed = config.seed();
        if (length < 2) throw new IllegalArgumentException("window length must be >= 2, was " + length);
        this.length = length;
        this.laneChannels = laneChannels;
        this.quarantinePoints = config.quarantinePoints();
        this.maxKeys = config.maxTrackedKeys();
        this.out = out;
    }

    @Override
    public void onScored(PointResult p, float[] target, float[] input) {
        points++;
        Stretch s = keys.get(p.key());
        if (s != null && sampleEvery > 0) {
            long gap = points - s.lastSeen;
            meanGap = Double.isNaN(meanGap) ? gap : meanGap + (gap - meanGap) / 64;
            s.lastSeen = points;
        }
        if (!clean(p, target)) {
            if (s != null) {
                discarded += s.quarantined.size();
                keys.remove(p.key());
            }
            return;
        }
        if (s == null) {
            if (sampleEvery > 0 && !starts(seed, p.key(), p.sequence(), sampleEvery)) return;
            if (keys.size() >= maxKeys && !(sampleEvery > 0 && evictIdle())) {
                if (sampleEvery > 0) skippedFull++;
                return;
            }
            s = new Stretch(target.length / laneChannels);
            s.lastSeen = points;
            keys.put(p.key(), s);
        }
        s.add(p.key(), p.time(), target, input);
        // Under pressure a key leaves after handing on its windows, so other keys get a turn; a sampled window's
        // key leaves as soon as it is handed on.
        if (s.releaseIfDue() && (sampleEvery > 0 || keys.size() >= maxKeys)) keys.remove(p.key());
    }

    /**
     * Whether a sampled window of {@code key} starts at its point number {@code sequence}: true for about one point
     * in {@code every}, the same for the same seed, key and sequence in any runtime, task or restart.
     */
    public static boolean starts(long seed, String key, long sequence, long every) {
        if (every <= 1) return true;
        long h = mix(seed ^ (0x9E3779B97F4A7C15L * key.hashCode()));   // String.hashCode is specified: the same in every JVM
        return Long.remainderUnsigned(mix(h + sequence * 0xBF58476D1CE4E5B9L), every) == 0;
    }

    private static long mix(long z) {   // SplitMix64's finaliser
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Frees the slot of a key gone quiet mid-window (it stopped sending, or its state expired): the least recently
     * seen key, when it has missed about 20 of its expected points. True when a slot was freed.
     */
    private boolean evictIdle() {
        var eldest = keys.entrySet().iterator().next();
        if (Double.isNaN(meanGap) || points - eldest.getValue().lastSeen <= 20 * meanGap + 2L * length) return false;
        keys.remove(eldest.getKey());
        evictedIdle++;
        return true;
    }

    /** Windows under construction dropped because their key went quiet (sampling mode). */
    public long evictedIdle() {
        return evictedIdle;
    }

    /** Sampled starts skipped because every slot had a window under construction. */
    public long skippedFull() {
        return skippedFull;
    }

    /** Windows handed on so far. */
    public long released() {
        return released;
    }

    /** Finished windows dropped in quarantine because a later point of their key was not clean. */
    public long discarded() {
        return discarded;
    }

    /** Keys with state here now. */
    public int trackedKeys() {
        return keys.size();
    }

    private static boolean clean(PointResult p, float[] target) {
        if (p.anomaly() || p.warmUp() || p.stateReset() || p.anyImputed()) return false;
        for (float v : target) if (Float.isNaN(v)) return false;
        return true;
    }

    /** One key's clean stretch: a window under construction per lane, and finished windows in quarantine. */
    private final class Stretch {
        final int lanes;
        final float[][][] in, tg;       // [lane][step][channel]
        int steps;                      // pairs in the window under construction
        long windowFrom;
        float[] previousInput;          // the last point's input, all lanes; null at the stretch's start
        long previousTime;
        final List<TimedWindow> quarantined = new ArrayList<>();
        int cleanSinceFinished;
        long lastSeen;                  // the collector's point count at this key's last point (sampling mode)

        Stretch(int lanes) {
            this.lanes = lanes;
            in = new float[lanes][length][];
            tg = new float[lanes][length][];
        }

        void add(String key, long time, float[] target, float[] input) {
            if (previousInput != null) {
                if (steps == 0) windowFrom = previousTime;
                for (int j = 0; j < lanes; j++) {
                    in[j][steps] = slice(previousInput, j);
                    tg[j][steps] = slice(target, j);
                }
                if (++steps == length) {
                    for (int j = 0; j < lanes; j++)
                        quarantined.add(new TimedWindow(key, new TrainingWindow(in[j].clone(), tg[j].clone()), windowFrom, time));
                    steps = 0;
                    cleanSinceFinished = 0;
                } else if (!quarantined.isEmpty()) {
                    cleanSinceFinished++;
                }
            }
            previousInput = input.clone();
            previousTime = time;
        }

        /** Releases the quarantined windows once enough clean points followed; true when it released some. */
        boolean releaseIfDue() {
            if (quarantined.isEmpty() || cleanSinceFinished < quarantinePoints) return false;
            for (TimedWindow w : quarantined) out.accept(w);
            released += quarantined.size();
            quarantined.clear();
            return true;
        }

        private float[] slice(float[] all, int lane) {
            float[] v = new float[laneChannels];
            System.arraycopy(all, lane * laneChannels, v, 0, laneChannels);
            return v;
        }
    }
}
