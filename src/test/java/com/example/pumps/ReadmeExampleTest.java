package com.example.pumps;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's example test is this package's PumpReplayTest, character for character, so it cannot rot unnoticed. */
class ReadmeExampleTest {

    @Test
    void theReadmeShowsTheExampleTestAsItRuns() throws IOException {
        String marker = "<!-- example: src/test/java/com/example/pumps/PumpReplayTest.java -->";
        String readme = Files.readString(Path.of("README.md"));
        int at = readme.indexOf(marker);
        assertTrue(at >= 0, "README.md has the example marker");
        int from = readme.indexOf("```java\n", at) + "```java\n".length(), to = readme.indexOf("\n```", from);
        assertEquals(Files.readString(Path.of("src/test/java/com/example/pumps/PumpReplayTest.java")).stripTrailing(),
                readme.substring(from, to).stripTrailing(), "README.md's example and PumpReplayTest.java differ");
    }
}
