package dev.lookahead.e2e;

/**
 * One cell of the benchmark matrix.
 *
 * @param keys                 distinct sensor keys K
 * @param pointsPerKey         readings per key produced before the job starts (the throughput phase)
 * @param parallelism          job parallelism (the fine-tuning trainer is always 1)
 * @param fineTuning           online fine-tuning on or off
 * @param checkpointIntervalMs checkpoint interval: committed output becomes visible once per checkpoint
 * @param stateBackend         hashmap | rocksdb
 * @param latencySeconds       length of the rate-limited latency phase (0: skip it)
 * @param load                 latency-phase rate as a fraction of the throughput phase's sustained rate
 * @param rate                 latency-phase rate in points/s; > 0 overrides {@code load}
 * @param roundEveryPoints     fine-tuning: a round every this many points seen by the tuner
 */
public record E2eCase(int keys, int pointsPerKey, int parallelism, boolean fineTuning, long checkpointIntervalMs,
                      String stateBackend, int latencySeconds, double load, double rate, long roundEveryPoints) {

    public E2eCase {
        if (keys < 1) throw new IllegalArgumentException("keys must be >= 1, was " + keys);
        if (pointsPerKey < 1) throw new IllegalArgumentException("points per key must be >= 1, was " + pointsPerKey);
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be >= 1, was " + parallelism);
        if (latencySeconds < 0) throw new IllegalArgumentException("latency seconds must be >= 0, was " + latencySeconds);
        if (!(load > 0 && load <= 1)) throw new IllegalArgumentException("load must be in (0, 1], was " + load);
    }

    public long points() {
        return (long) keys * pointsPerKey;
    }

    public String describe() {
        return String.format(java.util.Locale.ROOT, "K=%,d x N=%d, parallelism %d, fine-tuning %s, %s, checkpoint every %,d ms",
                keys, pointsPerKey, parallelism, fineTuning ? "on" : "off", stateBackend, checkpointIntervalMs);
    }
}
