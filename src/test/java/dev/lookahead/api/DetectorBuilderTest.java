package dev.lookahead.api;

import dev.lookahead.config.Setting;
import dev.lookahead.config.Settings;
import dev.lookahead.detector.Detector;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The builder starts at the shipped defaults (the settings table's), checks each value as it is given, and loads the model. */
class DetectorBuilderTest {

    @Test
    void defaultsAreTheSettingsTablesAndTheBundledModel() {
        Map<String, String> table = new LinkedHashMap<>();
        for (Setting<?> s : Settings.all()) if (s.key().startsWith("detector.")) table.put(s.key(), s.defaultValue());
        KeyedDetector d = KeyedDetector.builder().build();
        assertEquals(table, d.settings());
        LstmModel bundled = ModelSnapshots.bundled();
        assertEquals(bundled.versionId(), d.modelVersion());
        assertEquals(bundled.architecture().channels(), d.channels());
        assertEquals(Detector.effectiveThreshold(DetectorConfig.defaults(), bundled), d.threshold());
        assertEquals(table, InMemoryDetector.builder().build().settings());
    }

    @Test
    void aSettingIsGivenByItsKeyInTheTable() {
        // the case issue 16 names: warm-up-points below settle-points' default must derive settle-points, not fail
        InMemoryDetector d = InMemoryDetector.builder().setting("detector.warm-up-points", "8").threshold(0.7).build();
        assertEquals("8", d.settings().get("detector.warm-up-points"));
        assertEquals(0.7, d.threshold());
        assertEquals("0.7", d.settings().get("detector.threshold"));
        assertEquals("REORDER", KeyedDetector.builder().orderPolicy("reorder").build().settings().get("detector.order-policy"));
    }

    @Test
    void aBadValueFailsAtOnceNamingTheKeyAndWhatIsAllowed() {
        DetectorBuilder<KeyedDetector> b = KeyedDetector.builder();
        String threshold = assertThrows(IllegalArgumentException.class, () -> b.threshold(1.5)).getMessage();
        assertTrue(threshold.contains("detector.threshold") && threshold.contains("'1.5'") && threshold.contains("(0, 1]"), threshold);
        String policy = assertThrows(IllegalArgumentException.class, () -> b.orderPolicy("sideways")).getMessage();
        assertTrue(policy.contains("detector.order-policy") && policy.contains("DROP") && policy.contains("REORDER"), policy);
        String warmUp = assertThrows(IllegalArgumentException.class, () -> b.warmUpPoints(-1)).getMessage();
        assertTrue(warmUp.contains("detector.warm-up-points") && warmUp.contains("32767"), warmUp);
        String unknown = assertThrows(IllegalArgumentException.class, () -> b.setting("detector.warmup", "3")).getMessage();
        assertTrue(unknown.contains("'detector.warmup'") && unknown.contains("detector.warm-up-points"), unknown);
        String runtime = assertThrows(IllegalArgumentException.class, () -> b.setting("job.parallelism", "2")).getMessage();
        assertTrue(runtime.contains("not a detector setting"), runtime);
        String channels = assertThrows(IllegalArgumentException.class, () -> b.channels("a", "a")).getMessage();
        assertTrue(channels.contains("detector.channels") && channels.contains("distinct"), channels);
        b.threshold(0.6);   // the builder is still usable after a refused value
        assertEquals(0.6, b.build().threshold());
    }

    @Test
    void aDeploymentsYamlGivesItsDetectorKeysAndTheBuilderWins(@TempDir Path dir) throws IOException {
        Path yaml = dir.resolve("lookahead.yaml");
        Files.writeString(yaml, "detector:\n  threshold: 0.8\n  warm-up-points: 32\njob:\n  parallelism: 4\n");
        KeyedDetector d = KeyedDetector.builder().configFile(yaml).warmUpPoints(20).build();
        assertEquals("0.8", d.settings().get("detector.threshold"));
        assertEquals("20", d.settings().get("detector.warm-up-points"));
        Files.writeString(yaml, "detector:\n  threshold: 2\n");
        String m = assertThrows(IllegalArgumentException.class, () -> KeyedDetector.builder().configFile(yaml)).getMessage();
        assertTrue(m.contains("detector.threshold") && m.contains(yaml.toString()), m);
    }

    @Test
    void aModelSnapshotIsLoadedFromAFileOrFromTheModelsTopicsBytes(@TempDir Path dir) {
        LstmModel bundled = ModelSnapshots.bundled();
        LstmModel next = new LstmModel(bundled.group(), bundled.version() + 1, bundled.weights(), bundled.provenance(), bundled.calibration());
        Path file = dir.resolve("next.avro");
        ModelSnapshots.write(next, file);
        assertEquals(next.versionId(), KeyedDetector.builder().model(file).build().modelVersion());
        byte[] bytes = ModelSnapshots.toBytes(next);
        KeyedDetector fromBytes = KeyedDetector.builder().model(bytes).channels("x").build();
        assertEquals(next.versionId(), fromBytes.modelVersion());
        assertEquals(next.versionId(), fromBytes.process(null, "k", 0, 1.0).descriptors().get(0).modelVersion());
        String m = assertThrows(IllegalArgumentException.class, () -> KeyedDetector.builder().model(dir.resolve("none.avro")).build()).getMessage();
        assertTrue(m.contains("none.avro"), m);
        assertEquals(List.of("x"), fromBytes.channels());
    }

    /** A univariate model with a normal state gives its channels by default, in its order, so new keys start from it. */
    @Test
    void aNormalStatesChannelsAreTheDefault() {
        LstmModel bundled = ModelSnapshots.bundled();
        int n = 600;
        long[] times = new long[n];
        double[][] values = new double[n][];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < n; i++) {
            times[i] = 60_000L * i;
            double a = Math.sin(i / 20.0);
            values[i] = new double[]{60 + a + 0.05 * r.nextGaussian(), 1500 + 20 * a + r.nextGaussian()};
        }
        LstmModel withNormal = bundled.withNormalState(dev.lookahead.detector.NormalStateLearner.learn(bundled, DetectorConfig.defaults(),
                List.of("temp", "rpm"), times, values, "a recording"));
        KeyedDetector d = KeyedDetector.builder().model(ModelSnapshots.toBytes(withNormal)).build();
        assertEquals(List.of("temp", "rpm"), d.channels());
        assertTrue(d.process(null, "k", 0, 60.0, 1500.0).descriptors().get(0).isStateReset(), "a new key starts from the normal state");
        KeyedDetector named = KeyedDetector.builder().model(ModelSnapshots.toBytes(withNormal)).channels("rpm", "temp").build();
        assertEquals(false, named.process(null, "k", 0, 1500.0, 60.0).descriptors().get(0).isStateReset(), "named in another order: from nothing");
    }
}
