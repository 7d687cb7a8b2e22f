package dev.lookahead.cli;

import dev.lookahead.config.LookaheadConfig;
import dev.lookahead.config.Scope;
import dev.lookahead.config.Setting;
import dev.lookahead.config.Settings;
import dev.lookahead.detector.DetectorConfig;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The detector settings as flags: one per {@code detector.*} row of the settings table ({@code --warm-up-points}
 * for {@code detector.warm-up-points}), added to a {@link DetectorCommand} by {@link Flags}. A flag's value is checked by the table,
 * as the same key's YAML, environment and {@code --set} values are. A flag's default is the table's: every command
 * runs the same shipped defaults.
 */
final class DetectorOptions {

    private final Map<String, String> given = new LinkedHashMap<>();

    /** The flags given, added to a configuration being loaded. */
    LookaheadConfig.Loader addTo(LookaheadConfig.Loader loader) {
        given.forEach((key, value) -> loader.flag(key, Settings.get(key).flag(), value));
        return loader;
    }

    /** The detector of the flags given (score, demo, evaluate). */
    DetectorConfig toConfig() {
        return addTo(LookaheadConfig.loader(Scope.DIRECT)).load().detector();
    }

    private OptionSpec option(Setting<?> s) {
        String def = s.defaultValue();
        OptionSpec.Builder b = OptionSpec.builder(s.flag())
                .paramLabel(s.type().label())
                .type(String.class)
                .description(s.doc() + " (default " + def + ")")
                .completionCandidates(s.type().candidates())
                .setter(new CommandLine.Model.ISetter() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <T> T set(T value) {
                        given.put(s.key(), (String) value);
                        return null;
                    }
                });
        if (s.type().isBoolean()) b.arity("0..1").fallbackValue("true");
        return b.build();
    }

    /** Adds a flag for every detector setting to a {@link DetectorCommand}, under two headings. */
    public static final class Flags implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            DetectorOptions o = ((DetectorCommand) spec.userObject()).detectorOptions();
            ArgGroupSpec.Builder main = ArgGroupSpec.builder().exclusive(false).multiplicity("0..1")
                    .heading("%nDetector settings (config/README.md; in a YAML file: detector.<flag name>):%n");
            ArgGroupSpec.Builder advanced = ArgGroupSpec.builder().exclusive(false).multiplicity("0..1")
                    .heading("%nDetector tuning (advanced):%n");
            for (Setting<?> s : Settings.all())
                if (s.flag() != null) (s.isAdvanced() ? advanced : main).addArg(o.option(s));
            spec.addArgGroup(main.build());
            spec.addArgGroup(advanced.build());
            spec.usageMessage().abbreviateSynopsis(true);   // thirty flags would fill the usage line
            return spec;
        }
    }
}
