package dev.lookahead.config;

/** Where a setting is used: which command reads it. */
public enum Scope {
    /** {@code run}: the Flink job. */
    RUN("run"),
    /** {@code streams}: the Kafka Streams application. */
    STREAMS("streams"),
    /** {@code score}, {@code demo} and {@code evaluate}: the detector on files, settings as flags only. */
    DIRECT("score, demo, evaluate"),
    /** {@code replay}: readings into the input topic. */
    REPLAY("replay", true),
    /** {@code consume}: the anomalies topic, as a consuming service reads it. */
    CONSUME("consume", true),
    /** {@code model publish}: a snapshot onto the models topic, checked against the deployment's model. */
    MODEL_PUBLISH("model publish", true);

    private final String commands;
    private final boolean client;

    Scope(String commands) {
        this(commands, false);
    }

    Scope(String commands, boolean client) {
        this.commands = commands;
        this.client = client;
    }

    /**
     * A Kafka client a user runs next to a deployment. It reads the deployment's file and environment for its
     * brokers, {@code kafka.properties.*} and topic; their other keys must be known settings, and are not read.
     */
    public boolean client() {
        return client;
    }

    /** The command names, as a user types them. */
    public String commands() {
        return commands;
    }
}
