package dev.lookahead.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * config/README.md's reference is the settings table: a setting missing from it, or documented with another
 * default, range or meaning, fails here. {@code -Dsettings.write-docs=true} rewrites the section instead.
 */
class SettingsDocTest {

    private static final Path README = Path.of("config/README.md");

    @Test
    void theReadmeReferenceIsTheTable() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        String expected = SettingsDoc.replaceIn(readme);
        if (Boolean.getBoolean("settings.write-docs") && !expected.equals(readme)) {
            Files.writeString(README, expected, StandardCharsets.UTF_8);
            readme = expected;
        }
        assertEquals(expected, readme, "config/README.md's reference differs from dev.lookahead.config.Settings; regenerate it with "
                + "./mvnw -B -ntp -o -q test -Dtest=SettingsDocTest -Dsettings.write-docs=true");
    }

    @Test
    void everySettingIsInTheReferenceWithItsDefaultAllowedValuesAndCommands() {
        String doc = SettingsDoc.markdown();
        for (Setting<?> s : Settings.all()) {
            String row = doc.lines().filter(l -> l.startsWith("| `" + s.key() + "`")).findFirst().orElse(null);
            assertTrue(row != null, s.key() + " is not documented");
            assertTrue(row.contains(s.type().allowed().replace("|", "\\|")) && row.contains(s.commands()) && row.contains(s.doc()), row);
            assertTrue(s.documentedDefault().isEmpty() ? row.contains("(empty)") : row.contains("`" + s.documentedDefault() + "`"), row);
            if (s.flag() != null) assertTrue(row.contains("`" + s.flag() + "`"), row);
        }
    }
}
