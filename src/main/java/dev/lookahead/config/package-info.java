/**
 * Runtime configuration: YAML files in {@code config/}, every key overridable by an environment variable
 * ({@code LOOKAHEAD_} + the key upper-cased with dots and dashes as underscores) and by a command-line
 * {@code --set key=value}; unknown keys and bad values stop start-up with a message naming the key and what is
 * allowed. {@link dev.lookahead.config.LookaheadConfig} is the one place that knows every key.
 */
package dev.lookahead.config;
