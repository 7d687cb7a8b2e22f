package dev.lookahead.config;

/** Where a setting is used: which command reads it. */
public enum Scope {
    /** {@code run}: the Flink job. */
    RUN("run"),
    /** {@code streams}: the Kafka Streams application. */
    STREAMS("streams"),
    /** {@code score}, {@code demo} and {@code evaluate}: the detector on files, settings as flags only. */
    DIRECT("score, demo, evaluate");

    private final String commands;

    Scope(String commands) {
        this.commands = commands;
    }

    /** The command names, as a user types them. */
    public String commands() {
        return commands;
    }
}
