package dev.lookahead.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test kit is its own jar: the kit's classes and nothing else, and neither shipped jar holds them.
 * (Not named Test*: surefire runs Test* classes before `package`, when the jars do not exist yet.) */
class PackagedTestkitIT {

    private static final Path KIT = Path.of("target/lookahead-testkit.jar");

    private static List<String> classes(Path jar) throws IOException {
        assertTrue(Files.isRegularFile(jar), jar + " was not built (this check runs after package)");
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")).toList();
        }
    }

    @Test
    void theKitJarHoldsTheKitAndNothingElse() throws IOException {
        List<String> kit = classes(KIT);
        for (String needed : List.of("LookaheadExtension", "ReplayHarness", "Replay", "Reading", "TimeRange"))
            assertTrue(kit.contains("dev/lookahead/testkit/" + needed + ".class"), KIT + " lacks " + needed);
        assertEquals(List.of(), kit.stream().filter(n -> !n.startsWith("dev/lookahead/testkit/")).toList(), "classes outside the kit");
        assertEquals(List.of(), kit.stream().filter(n -> n.matches(".*Test(\\$.*)?\\.class")).toList(), "the kit's own tests");
    }

    @Test
    void neitherShippedJarHoldsTheKit() throws IOException {
        for (Path jar : List.of(Path.of("target/lookahead.jar"), Path.of("target/lookahead-job.jar")))
            assertEquals(List.of(), classes(jar).stream().filter(n -> n.startsWith("dev/lookahead/testkit/")).limit(3).toList(), jar.toString());
    }
}
