package dev.lookahead.schemas;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The evolution rules of docs/SCHEMAS.md, checked against every released baseline: the current schemas must read
 * data written with a baseline (new fields have defaults) and a baseline reader must read current data (no field
 * a baseline reader needs is removed).
 */
class SchemaEvolutionTest {

    private static final String[] NAMES = {"SensorReading", "ScoredPoint", "Anomaly", "ModelSnapshot", "DeadLetter", "SampledWindow"};

    private static Schema parse(Path dir, String name) throws IOException {
        Schema.Parser p = new Schema.Parser();
        if (name.equals("Anomaly")) p.parse(dir.resolve("ScoredPoint.avsc").toFile());
        return p.parse(dir.resolve(name + ".avsc").toFile());
    }

    @Test
    void currentSchemasAreFullyCompatibleWithEveryBaseline() throws IOException {
        Path current = Path.of("schemas");
        List<Path> baselines = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/schema-baselines"))) {
            s.filter(Files::isDirectory).sorted().forEach(baselines::add);
        }
        assertTrue(!baselines.isEmpty(), "at least the v1 baseline exists");
        for (Path base : baselines) {
            for (String name : NAMES) {
                if (!Files.exists(base.resolve(name + ".avsc"))) continue;   // added after that release
                Schema now = parse(current, name);
                Schema then = parse(base, name);
                assertEquals(SchemaCompatibilityType.COMPATIBLE,
                        SchemaCompatibility.checkReaderWriterCompatibility(now, then).getType(),
                        name + ": the current schema must read data written with " + base.getFileName());
                assertEquals(SchemaCompatibilityType.COMPATIBLE,
                        SchemaCompatibility.checkReaderWriterCompatibility(then, now).getType(),
                        name + ": a " + base.getFileName() + " reader must read data written with the current schema");
            }
        }
    }

    @Test
    void theCheckCatchesAFieldAddedWithoutADefault() {
        Schema v1 = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
        Schema bad = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"int\"}]}");
        Schema good = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"int\",\"default\":0}]}");
        assertEquals(SchemaCompatibilityType.INCOMPATIBLE, SchemaCompatibility.checkReaderWriterCompatibility(bad, v1).getType());
        assertEquals(SchemaCompatibilityType.COMPATIBLE, SchemaCompatibility.checkReaderWriterCompatibility(good, v1).getType());
    }
}
