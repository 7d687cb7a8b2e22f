package dev.lookahead.stream;

/** Where a runtime keeps the {@link Metric}s of the shared scoring step: its own counters, by the shared names. */
public interface StreamMetrics {

    /** A counter. */
    interface Counter {
        void inc();
    }

    /** The counter of {@code metric}. */
    Counter counter(Metric metric);

    /** The counter of {@code metric} for one {@code cause} (a tag, e.g. {@code model-architecture}). */
    Counter counter(Metric metric, String cause);

    /** Counts nothing (a replica whose outputs are not emitted). */
    StreamMetrics NONE = new StreamMetrics() {
        @Override
        public Counter counter(Metric metric) {
            return () -> { };
        }

        @Override
        public Counter counter(Metric metric, String cause) {
            return () -> { };
        }
    };
}
