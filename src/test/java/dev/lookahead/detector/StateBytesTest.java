package dev.lookahead.detector;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** StateOutput and StateInput against the JDK's data streams: the same bytes, so states written before read the same. */
class StateBytesTest {

    private static final String[] NAMES = {"value", "température", "ch\0nul", "emoji \uD83D\uDE00", ""};

    /** The same random sequence of every write kind, through the JDK stream and through StateOutput. */
    private static void writeAll(java.io.DataOutput out, long seed, int n) throws IOException {
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(9)) {
                case 0 -> out.writeByte(r.nextInt());
                case 1 -> out.writeBoolean(r.nextBoolean());
                case 2 -> out.writeShort(r.nextInt());
                case 3 -> out.writeInt(r.nextInt());
                case 4 -> out.writeLong(r.nextLong());
                case 5 -> out.writeFloat(r.nextInt(10) == 0 ? Float.intBitsToFloat(0x7fc12345) : (float) r.nextGaussian());
                case 6 -> out.writeDouble(r.nextInt(10) == 0 ? Double.NEGATIVE_INFINITY : r.nextGaussian() * 1e6);
                case 7 -> out.writeUTF(NAMES[r.nextInt(NAMES.length)]);
                default -> out.write(new byte[]{(byte) r.nextInt(), (byte) r.nextInt()});
            }
        }
    }

    @Test
    void writesTheBytesDataOutputStreamWrites() throws IOException {
        for (long seed = 1; seed <= 20; seed++) {
            ByteArrayOutputStream jdk = new ByteArrayOutputStream();
            writeAll(new DataOutputStream(jdk), seed, 400);
            StateOutput ours = new StateOutput(16);   // small, so it grows many times
            ours.writeLong(42);                       // a reset must forget this
            ours.reset();
            writeAll(ours, seed, 400);
            assertArrayEquals(jdk.toByteArray(), ours.toByteArray(), "seed " + seed);
        }
    }

    @Test
    void readsWhatDataOutputStreamWrote() throws IOException {
        ByteArrayOutputStream jdk = new ByteArrayOutputStream();
        writeAll(new DataOutputStream(jdk), 7, 1000);
        byte[] bytes = jdk.toByteArray();
        DataInputStream a = new DataInputStream(new ByteArrayInputStream(bytes));
        StateInput b = new StateInput(bytes);
        Random r = new Random(7);
        for (int i = 0; i < 1000; i++) {
            switch (r.nextInt(9)) {
                case 0 -> { r.nextInt(); assertEquals(a.readByte(), b.readByte()); }
                case 1 -> { r.nextBoolean(); assertEquals(a.readBoolean(), b.readBoolean()); }
                case 2 -> { r.nextInt(); assertEquals(a.readShort(), b.readShort()); }
                case 3 -> { r.nextInt(); assertEquals(a.readInt(), b.readInt()); }
                case 4 -> { r.nextLong(); assertEquals(a.readLong(), b.readLong()); }
                case 5 -> {
                    if (r.nextInt(10) != 0) r.nextGaussian();
                    assertEquals(Float.floatToRawIntBits(a.readFloat()), Float.floatToRawIntBits(b.readFloat()));
                }
                case 6 -> {
                    if (r.nextInt(10) != 0) r.nextGaussian();
                    assertEquals(Double.doubleToRawLongBits(a.readDouble()), Double.doubleToRawLongBits(b.readDouble()));
                }
                case 7 -> { r.nextInt(NAMES.length); assertEquals(a.readUTF(), b.readUTF()); }
                default -> {
                    r.nextInt(); r.nextInt();
                    assertEquals(a.readUnsignedByte(), b.readUnsignedByte());
                    assertEquals(a.readUnsignedByte(), b.readUnsignedByte());
                }
            }
        }
        assertEquals(0, b.available());
        assertThrows(EOFException.class, b::readByte);
    }

    @Test
    void truncatedInputFailsAsEndOfFileAndSkipIfComparesBytes() throws IOException {
        StateInput in = new StateInput(new byte[]{1, 2, 3, 4, 5, 6, 7});
        assertFalse(in.skipIf(new byte[]{1, 3}));
        assertTrue(in.skipIf(new byte[]{1, 2}));
        assertEquals(3, in.readByte());
        assertThrows(EOFException.class, in::readLong);   // 4 bytes left
        assertEquals(0x04050607, in.readInt());            // the failed read consumed nothing
        StateOutput out = new StateOutput(4);
        out.writeInt(0);
        out.writeShort(9);
        out.putInt(0, 2);
        assertArrayEquals(new byte[]{0, 0, 0, 2, 0, 9}, out.toByteArray());
        assertThrows(IndexOutOfBoundsException.class, () -> out.putInt(4, 1));
    }
}
