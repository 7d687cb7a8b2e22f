package dev.lookahead.cli;

import dev.lookahead.config.LookaheadConfig;
import dev.lookahead.config.Scope;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a long-running command ({@code run}, {@code streams}, {@code trainer}) finds its settings: one pair of flags,
 * layered in one order (defaults, the file, the environment, {@code --set}, then the detector flags).
 */
final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration (default: built-in defaults).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one key (repeatable); beats the file and the environment.")
    List<String> overrides = new ArrayList<>();

    LookaheadConfig load(Scope scope, DetectorOptions detector) {
        return detector.addTo(LookaheadConfig.loader(scope).file(config).environment(System.getenv()).sets(overrides)).load();
    }
}
