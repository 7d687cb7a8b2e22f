package dev.lookahead.detector;

import java.io.DataOutput;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A {@link DataOutput} into one reusable, growing byte array: the same big-endian bytes as
 * {@code DataOutputStream}, without its per-byte calls into a synchronised stream (which were a quarter of the
 * Flink scoring thread's time when every point rewrites its key's ~512 bytes). Not thread-safe: one per task.
 */
public final class StateOutput implements DataOutput {

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] buf;
    private int pos;

    public StateOutput(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /** Starts over; the array is kept. */
    public StateOutput reset() {
        pos = 0;
        return this;
    }

    public int position() {
        return pos;
    }

    /** Overwrites four bytes written earlier (a length known only after what follows it). */
    public void putInt(int at, int v) {
        if (at < 0 || at + 4 > pos) throw new IndexOutOfBoundsException("putInt at " + at + " of " + pos + " bytes");
        INT.set(buf, at, v);
    }

    /** An unsigned LEB128 int: 1 byte below 128, 2 below 16384; {@code v} must not be negative. */
    public void writeVarint(int v) {
        if (v < 0) throw new IllegalArgumentException("varint of " + v);
        room(varintSize(v));
        pos = putVarint(pos, v);
    }

    /**
     * Inserts {@code v} as a varint at {@code at}, moving what was written after it: a length prefix for bytes
     * already written, without reserving its width in advance.
     */
    public void insertVarint(int at, int v) {
        if (at < 0 || at > pos) throw new IndexOutOfBoundsException("insert at " + at + " of " + pos + " bytes");
        if (v < 0) throw new IllegalArgumentException("varint of " + v);
        int n = varintSize(v);
        room(n);
        System.arraycopy(buf, at, buf, at + n, pos - at);
        putVarint(at, v);
        pos += n;
    }

    /** An unsigned LEB128 long: as {@link #writeVarint}, up to 9 bytes; {@code v} must not be negative. */
    public void writeVarlong(long v) {
        if (v < 0) throw new IllegalArgumentException("varlong of " + v);
        room(9);
        pos = putVarint(pos, v);
    }

    public static int varintSize(int v) {
        int n = 1;
        while ((v >>>= 7) != 0) n++;
        return n;
    }

    /** Puts {@code v} (not negative) as LEB128 at {@code at}; returns the position after it. */
    private int putVarint(int at, long v) {
        while ((v & ~0x7fL) != 0) {
            buf[at++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        buf[at++] = (byte) v;
        return at;
    }

    /** A copy of what was written since the last reset. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    private void room(int n) {
        if (pos + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
    }

    @Override
    public void write(int b) {
        room(1);
        buf[pos++] = (byte) b;
    }

    @Override
    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        room(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    @Override
    public void writeBoolean(boolean v) {
        write(v ? 1 : 0);
    }

    @Override
    public void writeByte(int v) {
        write(v);
    }

    @Override
    public void writeShort(int v) {
        room(2);
        SHORT.set(buf, pos, (short) v);
        pos += 2;
    }

    @Override
    public void writeChar(int v) {
        writeShort(v);
    }

    @Override
    public void writeInt(int v) {
        room(4);
        INT.set(buf, pos, v);
        pos += 4;
    }

    @Override
    public void writeLong(long v) {
        room(8);
        LONG.set(buf, pos, v);
        pos += 8;
    }

    @Override
    public void writeFloat(float v) {
        writeInt(Float.floatToIntBits(v));   // DataOutputStream's canonical NaN, so the bytes are the same
    }

    @Override
    public void writeDouble(double v) {
        writeLong(Double.doubleToLongBits(v));
    }

    @Override
    public void writeBytes(String s) {
        for (int i = 0; i < s.length(); i++) write(s.charAt(i));
    }

    @Override
    public void writeChars(String s) {
        for (int i = 0; i < s.length(); i++) writeChar(s.charAt(i));
    }

    /**
     * Modified UTF-8 as {@code DataOutputStream.writeUTF} for the strings state holds (channel names); a name with
     * a NUL or a supplementary character is written by the JDK's own encoder so the bytes stay identical.
     */
    @Override
    public void writeUTF(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        boolean plain = b.length <= 65535 && s.indexOf('\0') < 0 && s.codePoints().allMatch(cp -> cp < 0x10000);
        if (plain) {
            writeShort(b.length);
            write(b);
            return;
        }
        try {
            java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
            new java.io.DataOutputStream(o).writeUTF(s);
            write(o.toByteArray());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("channel name cannot be stored: " + e.getMessage(), e);
        }
    }
}
