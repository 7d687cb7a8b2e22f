package dev.lookahead.schemas;

import dev.lookahead.avro.SensorReading;
import dev.lookahead.detector.TestModels;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelArchitecture;
import dev.lookahead.model.ModelSnapshots;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AvroRoundTripTest {

    @Test
    void sensorReadingSurvivesBinaryEncoding() throws IOException {
        SensorReading r = SensorReading.newBuilder().setKey("pump-7").setTime(Instant.ofEpochMilli(1_700_000_000_123L))
                .setChannels(Map.of("temp", 21.5, "pressure", Double.NaN)).setAttributes(Map.of("site", "north")).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(SensorReading.class).write(r, enc);
        enc.flush();
        BinaryDecoder dec = DecoderFactory.get().binaryDecoder(out.toByteArray(), null);
        SensorReading back = new SpecificDatumReader<>(SensorReading.class).read(null, dec);
        assertEquals("pump-7", back.getKey());
        assertEquals(1_700_000_000_123L, back.getTime().toEpochMilli());
        assertEquals(21.5, back.getChannels().get("temp"));
        assertTrue(back.getChannels().get("pressure").isNaN());
        assertEquals("north", back.getAttributes().get("site"));
    }

    @Test
    void modelSnapshotRoundTripsThroughFilesAndBytes(@TempDir Path dir) {
        LstmModel m = TestModels.untrained(new ModelArchitecture(List.of("temp", "pressure"), 8, 2), 3);
        Path f = dir.resolve("m.avro");
        ModelSnapshots.write(m, f);
        LstmModel fromFile = ModelSnapshots.read(f);
        assertEquals(m.versionId(), fromFile.versionId());
        assertEquals(m.architecture(), fromFile.architecture());
        assertArrayEquals(m.weights().toFlat(), fromFile.weights().toFlat());
        assertEquals(m.provenance(), fromFile.provenance());
        LstmModel fromBytes = ModelSnapshots.fromBytes(ModelSnapshots.toBytes(m));
        assertArrayEquals(m.weights().toFlat(), fromBytes.weights().toFlat());
    }

    @Test
    void aSnapshotOfAnotherArchitectureIsRefusedWithBothNamed(@TempDir Path dir) {
        LstmModel m = TestModels.untrained(16, 1, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelSnapshots.requireArchitecture(m, ModelArchitecture.univariate(32, 1)));
        assertEquals("model test:1 has architecture lstm[value] H=16 L=1 but the configuration expects lstm[value] H=32 L=1", e.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> ModelSnapshots.read(dir.resolve("none.avro")));
        assertTrue(missing.getMessage().contains("does not exist"));
        IllegalArgumentException garbage = assertThrows(IllegalArgumentException.class, () -> ModelSnapshots.fromBytes(new byte[]{1, 2, 3}));
        assertTrue(garbage.getMessage().startsWith("bytes are not a ModelSnapshot"));
    }
}
