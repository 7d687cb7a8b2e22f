package dev.lookahead.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Settings flow one way: config/ builds the core's DetectorConfig and FineTuneConfig and the runtimes' settings;
 * the core never reads config/, and the Kafka Streams runtime takes nothing from the Flink one.
 */
class SettingsLayeringTest {

    private static final Path MAIN = Path.of("src/main/java/dev/lookahead");

    @Test
    void theCoreReadsNoConfigurationAndKafkaStreamsNothingOfFlink() throws IOException {
        for (String core : List.of("model", "preprocessing", "scoring", "detector", "finetune"))
            assertEquals(List.of(), referencing(core, "dev.lookahead.config", "dev.lookahead.flink", "dev.lookahead.kstreams", "dev.lookahead.cli"), core);
        assertEquals(List.of(), referencing("kstreams", "dev.lookahead.flink"), "kstreams");
        assertEquals(List.of(), referencing("config", "dev.lookahead.flink", "dev.lookahead.kstreams", "dev.lookahead.cli"), "config");
    }

    /** The source files of a package that name any of the given packages. */
    private static List<String> referencing(String pkg, String... packages) throws IOException {
        try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
            return files.filter(f -> f.toString().endsWith(".java")).filter(f -> {
                try {
                    String src = Files.readString(f);
                    return Stream.of(packages).anyMatch(p -> src.contains(p + "."));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(Path::toString).sorted().toList();
        }
    }
}
