package dev.lookahead.stream;

import dev.lookahead.model.AvroTrust;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Plain Avro binary of generated records: the topics' wire format (no header, no registry prefix; the same bytes
 * as Flink's {@code AvroSerializationSchema.forSpecific}). Not {@code SpecificRecord.toByteBuffer()}, which is
 * Avro's single-object encoding with a header.
 *
 * <p>Each thread keeps one reader, writer, encoder and decoder per record class: building a datum reader or
 * writer per record was an eighth of the Flink scoring thread's time.
 */
public final class AvroBytes {

    static {
        AvroTrust.ensure();
    }

    private static final ClassValue<ThreadLocal<Codec<?>>> CODECS = new ClassValue<>() {
        @Override
        protected ThreadLocal<Codec<?>> computeValue(Class<?> type) {
            return ThreadLocal.withInitial(() -> new Codec<>(type));
        }
    };

    private AvroBytes() {
    }

    public static <T extends SpecificRecord> byte[] write(T record) {
        return codec(record.getClass()).write(record);
    }

    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> T read(Class<T> type, byte[] bytes) {
        return (T) codec(type).read(bytes);
    }

    @SuppressWarnings("unchecked")
    private static Codec<Object> codec(Class<?> type) {
        return (Codec<Object>) CODECS.get(type).get();
    }

    /** One thread's reusable Avro machinery for one record class. */
    private static final class Codec<T> {
        final SpecificDatumWriter<T> writer;
        final SpecificDatumReader<T> reader;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        BinaryEncoder encoder;
        BinaryDecoder decoder;

        @SuppressWarnings("unchecked")
        Codec(Class<?> type) {
            writer = new SpecificDatumWriter<>((Class<T>) type);
            reader = new SpecificDatumReader<>((Class<T>) type);
        }

        byte[] write(T record) {
            bytes.reset();
            encoder = EncoderFactory.get().directBinaryEncoder(bytes, encoder);
            try {
                writer.write(record, encoder);
                encoder.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                bytes.reset();   // a half-written record must not prefix the next one
                throw e;
            }
            return bytes.toByteArray();
        }

        T read(byte[] data) {
            decoder = DecoderFactory.get().binaryDecoder(data, decoder);
            try {
                return reader.read(null, decoder);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
