package dev.lookahead.schemas;

import dev.lookahead.avro.ScoredPoint;
import dev.lookahead.avro.SensorReading;
import dev.lookahead.detector.PointResult;
import dev.lookahead.stream.AvroOutputs;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
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
    void snapshotsAV1WriterLeftOnTheModelsTopicStillReadAndNewOnesCarryTheGatesDecisions() throws IOException {
        LstmModel m = TestModels.untrained(8, 1, 3);
        List<dev.lookahead.model.GateDecision> decisions = List.of(new dev.lookahead.model.GateDecision(4, false, "it would add 2 incident(s)"),
                new dev.lookahead.model.GateDecision(5, true, "held-back loss 0.1 vs 0.09"));
        dev.lookahead.model.Provenance p = m.provenance();
        LstmModel gated = new LstmModel(m.group(), 2, m.weights(), new dev.lookahead.model.Provenance(1L, p.trainer(), p.trainingData(),
                p.dataFrom(), p.dataTo(), p.windows(), p.windowLength(), p.trainLoss(), p.validationLoss(), p.seed(), p.createdAt(), p.notes(), decisions));
        assertEquals(decisions, ModelSnapshots.fromBytes(ModelSnapshots.toBytes(gated)).provenance().gateDecisions());

        // the models topic carries plain binary without a schema: bytes as a v1 job wrote them
        Schema v1 = new Schema.Parser().parse(Path.of("src/test/resources/schema-baselines/v1/ModelSnapshot.avsc").toFile());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<dev.lookahead.avro.ModelSnapshot>(v1).write(ModelSnapshots.toAvro(gated), enc);
        enc.flush();
        LstmModel fromV1 = ModelSnapshots.fromBytes(out.toByteArray());
        assertEquals(gated.versionId(), fromV1.versionId());
        assertArrayEquals(gated.weights().toFlat(), fromV1.weights().toFlat());
        assertEquals(List.of(), fromV1.provenance().gateDecisions());
        assertEquals(1L, fromV1.provenance().parentVersion());
    }

    /** Bytes a v2 job left on the models topic (before the normal state) keep their calibration and gate decisions. */
    @Test
    void snapshotsAV2WriterLeftOnTheModelsTopicKeepTheirCalibration() throws IOException {
        LstmModel m = TestModels.untrained(8, 1, 3).withCalibration(new dev.lookahead.model.Calibration(0.42, 1, 0.9, 3, "three days"));
        Schema v2 = new Schema.Parser().parse(Path.of("src/test/resources/schema-baselines/v2/ModelSnapshot.avsc").toFile());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<dev.lookahead.avro.ModelSnapshot>(v2).write(ModelSnapshots.toAvro(m), enc);
        enc.flush();
        assertTrue(out.size() < ModelSnapshots.toBytes(m).length, "v2 bytes lack the normal state's union branch");
        LstmModel fromV2 = ModelSnapshots.fromBytes(out.toByteArray());
        assertEquals(m.calibration(), fromV2.calibration());
        assertArrayEquals(m.weights().toFlat(), fromV2.weights().toFlat());
        assertEquals(null, fromV2.normalState());
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

    /** The fields added after v1: carried from the detector's verdict, and old (v1) bytes read as 0 with a resolving reader. */
    @Test
    void fieldsAddedAfterV1AreWrittenAndReadAsZeroFromV1Data() throws IOException {
        PointResult p = new PointResult("k", 1_000L, 0, 5, "base:1", List.of("value"), new double[]{3}, new double[]{1},
                new double[]{1}, new double[]{2}, new double[]{2}, new double[]{1}, new boolean[]{false}, 2, 0.9, true,
                false, 0, false, false, 0, true, 1_000L, 3, true, 0.85, dev.lookahead.scoring.IncidentStatus.CONTINUING, 0.0, true, new double[]{1.5});
        ScoredPoint now = AvroOutputs.scoredPoint(p);
        assertEquals(3, now.getIncidentPoints());
        assertTrue(now.getAlert());
        assertEquals(0.85, now.getAlertScore());
        assertEquals("value", now.getTopChannel());
        assertEquals(1.5, now.getUsualLevel());
        assertEquals(3, dev.lookahead.stream.AvroBytes.read(ScoredPoint.class, dev.lookahead.stream.AvroBytes.write(now)).getIncidentPoints());

        Schema v1 = new Schema.Parser().parse(Path.of("src/test/resources/schema-baselines/v1/ScoredPoint.avsc").toFile());
        assertTrue(v1.getField("incidentPoints") == null, "v1 has no incidentPoints");
        GenericRecord flags = new GenericData.Record(v1.getField("flags").schema());
        flags.put("warmUp", false);
        flags.put("imputed", false);
        flags.put("gapSteps", 0);
        flags.put("stateReset", false);
        flags.put("outOfOrder", false);
        GenericRecord old = new GenericData.Record(v1);
        old.put("key", "k");
        old.put("time", 1_000L);
        old.put("sequence", 5L);
        old.put("channels", List.of());
        old.put("rawScore", 2.0);
        old.put("anomalyScore", 0.9);
        old.put("anomaly", true);
        old.put("modelVersion", "base:1");
        old.put("flags", flags);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(v1).write(old, enc);
        enc.flush();
        ScoredPoint back = new SpecificDatumReader<ScoredPoint>(v1, ScoredPoint.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        assertEquals(0.9, back.getAnomalyScore());
        assertEquals(0, back.getIncidentPoints());
        assertEquals(false, back.getAlert());
        assertEquals(0.0, back.getAlertScore());
    }
}
