package dev.lookahead.examples;

/** A user's own reading type: the examples take whatever the application has. */
public record Reading(String sensor, long time, double value) {
}
