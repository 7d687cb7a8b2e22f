/**
 * Settings: {@link dev.lookahead.config.Settings} is the one table of every setting (key, type, default, allowed
 * values, the commands that read it, documentation, the builder it feeds). YAML keys, {@code LOOKAHEAD_*}
 * environment variables, {@code --set}, the detector flags, messages and config/README.md are derived from it.
 * {@link dev.lookahead.config.LookaheadConfig} resolves one command's values and checks them before anything starts;
 * {@link dev.lookahead.config.RuntimeSettings} is what the Flink job and the Kafka Streams app run with. The core's
 * own settings objects ({@code DetectorConfig}, {@code FineTuneConfig}) know nothing of this package.
 */
@dev.lookahead.annotation.Internal
package dev.lookahead.config;
