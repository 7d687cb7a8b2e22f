package dev.lookahead.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged CLI's demo, as a new user runs it (the jar and its own logging configuration), on a small sample:
 * what it prints is its own progress and results. Every WARN or ERROR on its output comes from one of the project's
 * classes, none from Kafka's or Flink's internals (the broker's controller, Flink's web monitor, the network client
 * closing). Failsafe, after {@code package}: it runs the built jar.
 */
class QuietDemoIT {

    private static final Path CLI_JAR = Path.of("target/lookahead.jar");
    /** A log line as the CLI's layout writes it ({@code HH:mm:ss LEVEL SimpleClassName - message}). */
    private static final Pattern LOG_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d (WARN|ERROR) +(\\S+) - ");
    private static final Pattern LEVEL_WORD = Pattern.compile("\\b(WARN|ERROR)\\b");

    @Test
    void demoPrintsNoWarningFromLibraryInternals(@TempDir Path dir) throws Exception {
        assertTrue(Files.isRegularFile(CLI_JAR), CLI_JAR + " was not built (this check runs after package)");
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-jar", CLI_JAR.toString(), "demo", "--keys", "3", "--length", "1500", "-o", dir.resolve("demo").toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("demo did not finish in 180 s:\n" + Files.readString(out));
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("Injected anomalies detected"), output);

        Set<String> own = projectClassNames();
        // the progress line is redrawn with carriage returns, and a log line may follow it on the same line
        List<String> foreign = Stream.of(output.split("[\r\n]+"))
                .filter(l -> LEVEL_WORD.matcher(l).find())
                .filter(l -> {
                    Matcher m = LOG_LINE.matcher(l);
                    return !(m.find() && own.contains(m.group(2)));
                })
                .map(l -> {
                    Matcher m = LOG_LINE.matcher(l);
                    return m.find() ? l.substring(m.start()) : l;   // without the progress text before it
                })
                .collect(Collectors.toList());
        assertEquals(List.of(), foreign, "warnings or errors from outside the project in the demo's output:\n" + output);
    }

    /** The simple names of the project's classes: the logger names the CLI's layout prints for its own lines. */
    private static Set<String> projectClassNames() throws IOException {
        Path classes = Path.of("target/classes/dev/lookahead");
        try (Stream<Path> s = Files.walk(classes)) {
            Set<String> names = s.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".class") && !n.contains("$"))
                    .map(n -> n.substring(0, n.length() - ".class".length())).collect(Collectors.toSet());
            assertTrue(names.contains("FineTuner"), "the project's classes were not found under " + classes);
            return names;
        }
    }
}
