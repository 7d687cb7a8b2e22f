package dev.lookahead.model;

import dev.lookahead.avro.Architecture;
import dev.lookahead.avro.ModelSnapshot;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps live models to and from {@code ModelSnapshot} Avro records (schemas/ModelSnapshot.avsc): as Avro data files
 * (with the writer's schema, for disk) and as plain Avro binary (for a compacted Kafka topic keyed by model group).
 */
public final class ModelSnapshots {

    static {
        AvroTrust.ensure();
    }

    /** Classpath resource of the bundled base model shipped in the jar. */
    public static final String BUNDLED = "/dev/lookahead/model/base-model.avro";

    private ModelSnapshots() {
    }

    public static ModelSnapshot toAvro(LstmModel m) {
        ModelArchitecture a = m.architecture();
        Provenance p = m.provenance();
        float[] flat = m.weights().toFlat();
        List<Float> params = new ArrayList<>(flat.length);
        for (float f : flat) params.add(f);
        return ModelSnapshot.newBuilder()
                .setVersion(m.version())
                .setGroup(m.group())
                .setArchitecture(Architecture.newBuilder().setCell("lstm").setChannels(new ArrayList<>(a.channels()))
                        .setHidden(a.hidden()).setLayers(a.layers()).setGateOrder("ifgo").build())
                .setParameters(params)
                .setProvenance(dev.lookahead.avro.Provenance.newBuilder()
                        .setParentVersion(p.parentVersion()).setTrainer(p.trainer()).setTrainingData(p.trainingData())
                        .setDataFrom(p.dataFrom() == null ? null : java.time.Instant.ofEpochMilli(p.dataFrom()))
                        .setDataTo(p.dataTo() == null ? null : java.time.Instant.ofEpochMilli(p.dataTo()))
                        .setWindows(p.windows()).setWindowLength(p.windowLength()).setTrainLoss(p.trainLoss())
                        .setValidationLoss(p.validationLoss()).setSeed(p.seed())
                        .setCreatedAt(java.time.Instant.ofEpochMilli(p.createdAt()))
                        .setNotes(new HashMap<>(p.notes()))
                        .setGateDecisions(p.gateDecisions().stream().map(d -> dev.lookahead.avro.GateDecision.newBuilder()
                                .setRound(d.round()).setAccepted(d.accepted()).setReason(d.reason()).build()).toList())
                        .build())
                .setCalibration(m.calibration() == null ? null : dev.lookahead.avro.Calibration.newBuilder()
                        .setThreshold(m.calibration().threshold()).setFalseAlarmsPerDay(m.calibration().falseAlarmsPerDay())
                        .setMeasuredPerDay(m.calibration().measuredPerDay()).setKeyDays(m.calibration().keyDays())
                        .setData(m.calibration().data()).build())
                .setNormalState(m.normalState() == null ? null : dev.lookahead.avro.NormalState.newBuilder()
                        .setState(java.nio.ByteBuffer.wrap(m.normalState().state())).setChannels(new ArrayList<>(m.normalState().channels()))
                        .setPoints(m.normalState().points())
                        .setData(m.normalState().data()).build())
                .build();
    }

    public static LstmModel fromAvro(ModelSnapshot s) {
        Architecture a = s.getArchitecture();
        if (!"lstm".equals(a.getCell()) || !"ifgo".equals(a.getGateOrder()))
            throw new IllegalArgumentException("model snapshot " + s.getGroup() + ":" + s.getVersion() + " has cell '" + a.getCell()
                    + "' with gate order '" + a.getGateOrder() + "'; this build reads cell 'lstm' with gate order 'ifgo'");
        ModelArchitecture arch = new ModelArchitecture(a.getChannels(), a.getHidden(), a.getLayers());
        List<Float> params = s.getParameters();
        float[] flat = new float[params.size()];
        for (int i = 0; i < flat.length; i++) flat[i] = params.get(i);
        dev.lookahead.avro.Provenance p = s.getProvenance();
        Map<String, String> notes = p.getNotes() == null ? Map.of() : Map.copyOf(p.getNotes());
        Provenance prov = new Provenance(p.getParentVersion(), p.getTrainer(), p.getTrainingData(),
                p.getDataFrom() == null ? null : p.getDataFrom().toEpochMilli(),
                p.getDataTo() == null ? null : p.getDataTo().toEpochMilli(),
                p.getWindows(), p.getWindowLength(), p.getTrainLoss(), p.getValidationLoss(), p.getSeed(),
                p.getCreatedAt().toEpochMilli(), notes,
                p.getGateDecisions() == null ? List.of() : p.getGateDecisions().stream()
                        .map(d -> new GateDecision(d.getRound(), d.getAccepted(), d.getReason())).toList());
        dev.lookahead.avro.Calibration c = s.getCalibration();
        Calibration cal = c == null ? null
                : new Calibration(c.getThreshold(), c.getFalseAlarmsPerDay(), c.getMeasuredPerDay(), c.getKeyDays(), c.getData());
        dev.lookahead.avro.NormalState n = s.getNormalState();
        NormalState normal = null;
        if (n != null) {
            java.nio.ByteBuffer b = n.getState().duplicate();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            normal = new NormalState(bytes, n.getChannels().stream().map(CharSequence::toString).toList(), n.getPoints(), n.getData());
        }
        return new LstmModel(s.getGroup(), s.getVersion(), LstmWeights.fromFlat(arch, flat), prov, cal, normal);
    }

    /** Writes an Avro data file holding one snapshot. */
    public static void write(LstmModel m, Path file) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            try (DataFileWriter<ModelSnapshot> w = new DataFileWriter<>(new SpecificDatumWriter<>(ModelSnapshot.class))) {
                w.setCodec(org.apache.avro.file.CodecFactory.deflateCodec(6));
                w.create(ModelSnapshot.getClassSchema(), file.toFile());
                w.append(toAvro(m));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model snapshot " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the snapshot in an Avro data file. */
    public static LstmModel read(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("model file " + file + " does not exist");
        try (DataFileReader<ModelSnapshot> r = new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(ModelSnapshot.class))) {
            if (!r.hasNext()) throw new IllegalArgumentException("model file " + file + " holds no snapshot");
            return fromAvro(r.next());
        } catch (IOException e) {
            throw new IllegalArgumentException("model file " + file + " is not a ModelSnapshot Avro file: " + e.getMessage(), e);
        }
    }

    /** Reads a snapshot from an Avro data file stream (e.g. a classpath resource). */
    public static LstmModel read(InputStream in, String name) {
        try (in; org.apache.avro.file.DataFileStream<ModelSnapshot> r =
                new org.apache.avro.file.DataFileStream<>(in, new SpecificDatumReader<>(ModelSnapshot.class))) {
            if (!r.hasNext()) throw new IllegalArgumentException("model " + name + " holds no snapshot");
            return fromAvro(r.next());
        } catch (IOException e) {
            throw new IllegalArgumentException("model " + name + " is not a ModelSnapshot Avro file: " + e.getMessage(), e);
        }
    }

    /** The base model shipped in the jar. */
    public static LstmModel bundled() {
        InputStream in = ModelSnapshots.class.getResourceAsStream(BUNDLED);
        if (in == null) throw new IllegalStateException("the bundled base model " + BUNDLED + " is missing from the classpath");
        return read(in, BUNDLED);
    }

    /** Plain Avro binary of one snapshot (the value format of the models topic). */
    public static byte[] toBytes(LstmModel m) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<>(ModelSnapshot.class).write(toAvro(m), enc);
            enc.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the models topic's value. Plain binary carries no schema: bytes an earlier release left on the compacted
     * topic end where the current schema expects more, so they are read again with each released schema as the
     * writer's, newest first: v2 (before {@code normalState}), then v1 (before {@code gateDecisions} and
     * {@code calibration}).
     */
    public static LstmModel fromBytes(byte[] bytes) {
        try {
            BinaryDecoder dec = DecoderFactory.get().binaryDecoder(bytes, null);
            return fromAvro(new SpecificDatumReader<>(ModelSnapshot.class).read(null, dec));
        } catch (IOException | RuntimeException e) {
            for (ReleasedSchema released : RELEASED) {
                try {
                    BinaryDecoder dec = DecoderFactory.get().binaryDecoder(bytes, null);
                    ModelSnapshot s = new SpecificDatumReader<ModelSnapshot>(released.get(), ModelSnapshot.getClassSchema()).read(null, dec);
                    if (dec.isEnd()) return fromAvro(s);
                } catch (IOException | RuntimeException ignored) {
                    // not this release's either: try the one before, then report the current schema's error
                }
            }
            throw new IllegalArgumentException("bytes are not a ModelSnapshot: " + e.getMessage(), e);
        }
    }

    /** What a snapshot is, without its weights: enough for the switch rule (group, version, architecture). */
    public record Header(String group, long version, ModelArchitecture architecture) {
        public String versionId() {
            return group + ":" + version;
        }
    }

    /**
     * Reads only the front of a snapshot's bytes (version, group and architecture come first in the schema): a
     * few hundred bytes decoded instead of the whole model.
     *
     * @throws IllegalArgumentException when the bytes do not start as a ModelSnapshot of a cell this build runs
     */
    public static Header peek(byte[] bytes) {
        try {
            BinaryDecoder dec = DecoderFactory.get().binaryDecoder(bytes, null);
            long version = dec.readLong();
            String group = dec.readString();
            String cell = dec.readString();
            List<String> channels = new ArrayList<>();
            for (long n = dec.readArrayStart(); n != 0; n = dec.arrayNext())
                for (long i = 0; i < n; i++) channels.add(dec.readString());
            int hidden = dec.readInt(), layers = dec.readInt();
            String gateOrder = dec.readString();
            if (!"lstm".equals(cell) || !"ifgo".equals(gateOrder))
                throw new IllegalArgumentException("model snapshot " + group + ":" + version + " has cell '" + cell
                        + "' with gate order '" + gateOrder + "'; this build reads cell 'lstm' with gate order 'ifgo'");
            return new Header(group, version, new ModelArchitecture(channels, hidden, layers));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("bytes are not a ModelSnapshot: " + e.getMessage(), e);
        }
    }

    /** A released ModelSnapshot schema, read from the classpath at its first use. */
    private static final class ReleasedSchema implements java.util.function.Supplier<org.apache.avro.Schema> {
        private final String resource;
        private volatile org.apache.avro.Schema schema;

        ReleasedSchema(String resource) {
            this.resource = resource;
        }

        @Override
        public org.apache.avro.Schema get() {
            if (schema == null) {
                try (InputStream in = ModelSnapshots.class.getResourceAsStream(resource)) {
                    if (in == null) throw new IllegalStateException(resource + " is missing from the classpath");
                    schema = new org.apache.avro.Schema.Parser().parse(in);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return schema;
        }
    }

    /** The released schemas older writers used, newest first. */
    private static final List<ReleasedSchema> RELEASED = List.of(new ReleasedSchema("/dev/lookahead/model/ModelSnapshot-v2.avsc"),
            new ReleasedSchema("/dev/lookahead/model/ModelSnapshot-v1.avsc"));

    /**
     * Checks a loaded model against the architecture a deployment is configured for, with a message naming both.
     */
    public static void requireArchitecture(LstmModel m, ModelArchitecture expected) {
        if (!m.architecture().equals(expected))
            throw new IllegalArgumentException("model " + m.versionId() + " has architecture " + m.architecture().describe()
                    + " but the configuration expects " + expected.describe());
    }
}
