package dev.lookahead.e2e;

import java.util.List;
import java.util.Locale;

/**
 * What one case measured. Rates in points/s, latencies in ms, sizes in bytes; NaN when not measured.
 *
 * @param pointsIn            readings produced (both phases)
 * @param scoredOut           scored points a read_committed reader saw (must equal pointsIn: nothing lost)
 * @param distinctScored      distinct (key, event time) among them (must equal scoredOut: nothing twice)
 * @param deadLetters         committed dead letters (0 for this well-formed input)
 * @param produceRate         how fast the harness pre-produced the throughput phase
 * @param jobRate             points scored per second inside the job, first to last scored point
 * @param committedRate       points/s a committed reader saw, from its first catch-up to the last point
 * @param wallRate            points / (job submitted to last point committed): start-up and the last checkpoint included
 * @param latencyRate         the latency phase's offered rate (points/s), achieved by the producer
 * @param latencySamples      scored points in the latency window (after the phase's first seconds)
 * @param p50Ms               produce-to-committed latency, scored points, median
 * @param p99Ms               ... 99th percentile
 * @param maxMs               ... maximum
 * @param anomalySamples      anomalies in the latency window
 * @param anomalyP50Ms        produce-to-committed latency of anomalies, median
 * @param anomalyP99Ms        ... 99th percentile
 * @param checkpointBytes     size of the latest completed checkpoint after every key was loaded
 * @param heapBytesDelta      heap used after GC, all keys loaded, minus before the job started
 * @param roundsInWindow      fine-tuned model versions committed during the measured latency window (after its first seconds)
 * @param trainedInWindow     fine-tuning rounds that trained a candidate during the latency window, accepted or
 *                            rejected by the gate (the job's {@code fineTuneRoundsTrained} gauge): what costs CPU
 * @param trainerCpuMs        CPU the trainer thread spent during the latency window, ms
 * @param rounds              every fine-tuned model version committed, with seconds since the latency phase began
 * @param cpuPerPoint         CPU microseconds per point in the throughput phase: the whole JVM, then by thread group
 * @param trainingWindows     sampled training windows the fine-tuning trainer took in the throughput phase (0 when off)
 */
public record E2eResult(E2eCase c, long pointsIn, long scoredOut, long distinctScored, long deadLetters, double produceRate,
                        double jobRate, double committedRate, double wallRate, double latencyRate, long latencySamples,
                        double p50Ms, double p99Ms, double maxMs, long anomalySamples, double anomalyP50Ms, double anomalyP99Ms,
                        long checkpointBytes, long heapBytesDelta, int roundsInWindow, long trainedInWindow, double trainerCpuMs,
                        List<String> rounds, String cpuPerPoint, long trainingWindows) {

    /** The trainer's intake in the throughput phase, windows per second of scoring (at the job's rate). */
    public double trainingWindowsPerSecond() {
        return c.points() == 0 ? Double.NaN : trainingWindows * jobRate / c.points();
    }

    public double checkpointBytesPerKey() {
        return checkpointBytes < 0 ? Double.NaN : (double) checkpointBytes / c.keys();
    }

    public double heapBytesPerKey() {
        return (double) heapBytesDelta / c.keys();
    }

    public static final String CSV_HEADER = "keys,points_per_key,parallelism,fine_tuning,state_backend,checkpoint_interval_ms,"
            + "points_in,scored_out,distinct_scored,dead_letters,produce_rate,job_rate,committed_rate,wall_rate,latency_rate,"
            + "latency_samples,p50_ms,p99_ms,max_ms,anomaly_samples,anomaly_p50_ms,anomaly_p99_ms,checkpoint_bytes,"
            + "checkpoint_bytes_per_key,heap_bytes_delta,heap_bytes_per_key,rounds_in_window,trained_in_window,trainer_cpu_ms,rounds,cpu_per_point,training_windows,training_windows_per_s";

    public String csv() {
        return String.format(Locale.ROOT, "%d,%d,%d,%s,%s,%d,%d,%d,%d,%d,%.0f,%.0f,%.0f,%.0f,%.0f,%d,%.0f,%.0f,%.0f,%d,%.0f,%.0f,%d,%.1f,%d,%.1f,%d,%d,%.0f,%s,\"%s\",%d,%.1f",
                c.keys(), c.pointsPerKey(), c.parallelism(), c.fineTuning() ? "on" : "off", c.stateBackend(), c.checkpointIntervalMs(),
                pointsIn, scoredOut, distinctScored, deadLetters, produceRate, jobRate, committedRate, wallRate, latencyRate,
                latencySamples, p50Ms, p99Ms, maxMs, anomalySamples, anomalyP50Ms, anomalyP99Ms, checkpointBytes,
                checkpointBytesPerKey(), heapBytesDelta, heapBytesPerKey(), roundsInWindow, trainedInWindow, trainerCpuMs, String.join(" ", rounds), cpuPerPoint.replace('"', '\''), trainingWindows, trainingWindowsPerSecond());
    }

    public static final String MARKDOWN_HEADER = "| keys | pts/key | par | fine-tuning | backend | ckpt ms | points | job pts/s | committed pts/s | "
            + "latency load pts/s | p50 ms | p99 ms | ckpt B/key | heap B/key | rounds trained in window (models accepted) | windows to trainer/s |\n"
            + "|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    public String markdown() {
        return String.format(Locale.ROOT, "| %,d | %d | %d | %s | %s | %,d | %,d | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %d (%d) | %,.1f |",
                c.keys(), c.pointsPerKey(), c.parallelism(), c.fineTuning() ? "on" : "off", c.stateBackend(), c.checkpointIntervalMs(),
                pointsIn, jobRate, committedRate, latencyRate, p50Ms, p99Ms, checkpointBytesPerKey(), heapBytesPerKey(), trainedInWindow, roundsInWindow, trainingWindowsPerSecond());
    }
}
