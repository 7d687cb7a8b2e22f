package dev.lookahead.stream;

import dev.lookahead.model.AvroTrust;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Plain Avro binary of generated records: the topics' wire format (no header, no registry prefix; the same bytes
 * as Flink's {@code AvroSerializationSchema.forSpecific}). Not {@code SpecificRecord.toByteBuffer()}, which is
 * Avro's single-object encoding with a header.
 */
public final class AvroBytes {

    static {
        AvroTrust.ensure();
    }

    private AvroBytes() {
    }

    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> byte[] write(T record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(bytes, null);
        try {
            new SpecificDatumWriter<>((Class<T>) record.getClass()).write(record, enc);
            enc.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static <T extends SpecificRecord> T read(Class<T> type, byte[] bytes) {
        try {
            return new org.apache.avro.specific.SpecificDatumReader<>(type)
                    .read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(bytes, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
