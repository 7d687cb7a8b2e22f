package dev.lookahead.detector;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A {@link DataInput} over a byte array, reading what {@link StateOutput} (or {@code DataOutputStream}) wrote,
 * without a stream per read. Running past the end throws {@link EOFException}, as {@code DataInputStream} does.
 */
public final class StateInput implements DataInput {

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] buf;
    private int pos;
    private int end;

    public StateInput() {
        this(new byte[0]);
    }

    public StateInput(byte[] bytes) {
        reset(bytes, 0, bytes.length);
    }

    /** Reads {@code bytes[from, to)} next. */
    public StateInput reset(byte[] bytes, int from, int to) {
        if (from < 0 || to > bytes.length || from > to)
            throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") of " + bytes.length + " bytes");
        buf = bytes;
        pos = from;
        end = to;
        return this;
    }

    public int position() {
        return pos;
    }

    /** Bytes left to read. */
    public int available() {
        return end - pos;
    }

    /** Moves to {@code at}, between the current position and the end (skips the rest of a section). */
    public void seek(int at) {
        if (at < pos || at > end) throw new IndexOutOfBoundsException("seek to " + at + " outside [" + pos + ", " + end + "]");
        pos = at;
    }

    /** An unsigned LEB128 int, as {@link StateOutput#writeVarint} writes it (1 byte below 128, 2 below 16384). */
    public int readVarint() throws IOException {
        long v = readLeb128(5, "varint");
        if (v > Integer.MAX_VALUE) throw new IOException("varint over 2^31");
        return (int) v;
    }

    /** An unsigned LEB128 long, as {@link StateOutput#writeVarlong} writes it. */
    public long readVarlong() throws IOException {
        long v = readLeb128(9, "varlong");
        if (v < 0) throw new IOException("varlong over 2^63");
        return v;
    }

    /** The LEB128 bytes both read, in at most {@code maxBytes}; in a long, so no bit of a fifth int byte is lost. */
    private long readLeb128(int maxBytes, String what) throws IOException {
        long v = 0;
        for (int i = 0; i < maxBytes; i++) {
            int b = buf[take(1)] & 0xff;
            v |= (long) (b & 0x7f) << (7 * i);
            if (b < 0x80) return v;
        }
        throw new IOException(what + " longer than " + maxBytes + " bytes");
    }

    /** Skips the next bytes if they equal {@code expected} and says whether it did (a cached prefix). */
    public boolean skipIf(byte[] expected) {
        int n = expected.length;
        if (end - pos < n || !java.util.Arrays.equals(expected, 0, n, buf, pos, pos + n)) return false;
        pos += n;
        return true;
    }

    private int take(int n) throws EOFException {
        if (end - pos < n) throw new EOFException("needed " + n + " more bytes, " + (end - pos) + " left");
        int at = pos;
        pos += n;
        return at;
    }

    @Override
    public void readFully(byte[] b) throws IOException {
        readFully(b, 0, b.length);
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws IOException {
        System.arraycopy(buf, take(len), b, off, len);
    }

    @Override
    public int skipBytes(int n) {
        int k = Math.max(0, Math.min(n, end - pos));
        pos += k;
        return k;
    }

    @Override
    public boolean readBoolean() throws IOException {
        return buf[take(1)] != 0;
    }

    @Override
    public byte readByte() throws IOException {
        return buf[take(1)];
    }

    @Override
    public int readUnsignedByte() throws IOException {
        return buf[take(1)] & 0xff;
    }

    @Override
    public short readShort() throws IOException {
        return (short) SHORT.get(buf, take(2));
    }

    @Override
    public int readUnsignedShort() throws IOException {
        return readShort() & 0xffff;
    }

    @Override
    public char readChar() throws IOException {
        return (char) readShort();
    }

    @Override
    public int readInt() throws IOException {
        return (int) INT.get(buf, take(4));
    }

    @Override
    public long readLong() throws IOException {
        return (long) LONG.get(buf, take(8));
    }

    @Override
    public float readFloat() throws IOException {
        return Float.intBitsToFloat(readInt());
    }

    @Override
    public double readDouble() throws IOException {
        return Double.longBitsToDouble(readLong());
    }

    /** Not used by key state, which holds no text lines. */
    @Override
    public String readLine() {
        throw new UnsupportedOperationException("key state holds no text lines");
    }

    @Override
    public String readUTF() throws IOException {
        return DataInputStream.readUTF(this);
    }
}
