package dev.lookahead.config;

/** A configuration problem, worded for the operator: it names the key, the bad value and what is allowed. */
public class ConfigException extends IllegalArgumentException {
    public ConfigException(String message) {
        super(message);
    }
}
