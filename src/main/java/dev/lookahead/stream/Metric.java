package dev.lookahead.stream;

/**
 * The metrics every stream runtime reports, by one name: Flink counters in the operator's {@code lookahead} group,
 * Kafka Streams {@code <name>-total} and {@code <name>-rate} sensors. Counters with a cause (state resets and
 * migrations) carry it as a tag: Flink's {@code cause} group, Streams' {@code <name>-<cause>}.
 */
public enum Metric {
    /** Records read (validation). */
    RECORDS_IN("recordsIn"),
    /** Records rejected by validation. */
    DEAD_LETTERS("deadLetters"),
    /** Points scored. */
    SCORED("scored"),
    /** Alerts emitted. */
    ANOMALIES("anomalies"),
    /** Readings the detector dropped or could not take (also dead letters). */
    DROPPED_BY_DETECTOR("droppedByDetector"),
    /** Readings reordered, or dropped for their order. */
    OUT_OF_ORDER("outOfOrder"),
    /** Keys seen for the first time by the task (or again after their state expired). */
    NEW_KEYS("newKeys"),
    /** Model versions adopted. */
    MODEL_SWITCHES("modelSwitches"),
    /** Snapshots on the models topic not adopted (another group or architecture, not newer, unreadable). */
    MODELS_REFUSED("modelsRefused"),
    /** Snapshots decoded in full (once per adopted snapshot and task; never per record). */
    MODEL_SNAPSHOTS_PARSED("modelSnapshotsParsed"),
    /** Keys whose state was reset, whole or in part, when read; by cause. */
    STATE_RESETS("stateResets"),
    /** Keys whose state was migrated when read, nothing learned lost; by cause. */
    STATE_MIGRATIONS("stateMigrations"),
    /** Points a reorder buffer released because its key went quiet or the input ended. */
    REORDER_FLUSHED("reorderFlushed"),
    /** Sampled training windows sent to the fine-tuning trainer. */
    TRAINING_WINDOWS("trainingWindows");

    private final String id;

    Metric(String id) {
        this.id = id;
    }

    /** The metric's name in both runtimes. */
    public String id() {
        return id;
    }
}
