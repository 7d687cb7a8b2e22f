package dev.lookahead.detector;

import dev.lookahead.model.ModelArchitecture;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The front of a key's state: the format, the key's channels and everything the layout of its sections depends on
 * (the lanes, the model's shape and architecture, the adaptation mode, the order policy), so a reader under other
 * settings knows what it is looking at. Written once per codec ({@link KeyStateCodec}), read per state.
 *
 * <pre>
 * byte    format (3)
 * u16     channel count, then each channel name as modified UTF-8 (writeUTF)
 * varint  lanes, hidden, layers, model channels (per lane)
 * i32     architecture id (CRC-32 of "lstm|ifgo|channels|hidden|layers")
 * byte    adaptation: 0 NONE, 1 BIAS, 2 READOUT
 * byte    order policy: 0 DROP, 1 REORDER
 * </pre>
 *
 * A state of format 2 (before this header) starts with its channel count as two bytes instead, the first of
 * them 0: {@link #read} returns it as format 2 with only the channels known.
 *
 * @param adaptation  null when written with a code this release does not know
 * @param orderPolicy likewise
 */
public record StateHeader(int format, List<String> channels, int lanes, int hidden, int layers, int laneChannels,
                          int architectureId, Adaptation adaptation, OrderPolicy orderPolicy) {

    /** The format of a state written in sections. */
    public static final int SECTIONED = 3;
    /** The format before sections: fixed fields whose layout the reader had to know. */
    public static final int LEGACY = 2;

    public StateHeader {
        channels = List.copyOf(channels);
    }

    /** The header of states {@code d} writes. */
    static StateHeader of(Detector d) {
        ModelArchitecture a = d.model().architecture();
        return new StateHeader(SECTIONED, d.channels(), d.lanes(), a.hidden(), a.layers(), a.channelCount(),
                architectureId(a), d.config().adaptation(), d.config().orderPolicy());
    }

    /** Same recurrent layout and meaning: lanes, model shape and architecture. */
    public boolean sameArchitecture(StateHeader o) {
        return lanes == o.lanes && hidden == o.hidden && layers == o.layers && laneChannels == o.laneChannels
                && architectureId == o.architectureId;
    }

    /** A short description for messages, e.g. {@code 1 lane(s) H=32 L=1, READOUT, DROP}. */
    public String describe() {
        if (format == LEGACY) return "format 2 (layout not recorded)";
        return lanes + " lane(s) H=" + hidden + " L=" + layers + " (architecture " + Integer.toHexString(architectureId) + "), "
                + (adaptation == null ? "unknown adaptation" : adaptation) + ", " + (orderPolicy == null ? "unknown order policy" : orderPolicy);
    }

    /**
     * An id of the architecture that changes whenever the recurrent state would mean something else: cell, gate
     * order, channels, hidden size and layers. Frozen: changing how it is computed resets every key's recurrent state.
     */
    static int architectureId(ModelArchitecture a) {
        CRC32 crc = new CRC32();
        crc.update(("lstm|ifgo|" + String.join("\u001f", a.channels()) + "|" + a.hidden() + "|" + a.layers())
                .getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }

    void write(StateOutput out) {
        out.writeByte(format);
        out.writeShort(channels.size());
        for (String c : channels) out.writeUTF(c);
        out.writeVarint(lanes);
        out.writeVarint(hidden);
        out.writeVarint(layers);
        out.writeVarint(laneChannels);
        out.writeInt(architectureId);
        out.writeByte(code(adaptation));
        out.writeByte(orderPolicy == OrderPolicy.REORDER ? 1 : 0);
    }

    /**
     * Reads a header; for format 2, reads the old envelope (channels and body length) and checks the length.
     *
     * @throws CorruptStateException when the bytes are not a header of a format this release reads
     */
    public static StateHeader read(StateInput in) {
        try {
            if (in.available() == 0) throw new CorruptStateException("empty key state");
            int first = in.readUnsignedByte();
            if (first == 0) return legacy(in);
            if (first != SECTIONED)
                throw new CorruptStateException("key state of format " + first + "; this release reads formats " + LEGACY + " and " + SECTIONED);
            int n = in.readUnsignedShort();
            List<String> channels = new ArrayList<>(n);
            for (int i = 0; i < n; i++) channels.add(in.readUTF());
            int lanes = in.readVarint(), hidden = in.readVarint(), layers = in.readVarint(), laneChannels = in.readVarint();
            int arch = in.readInt();
            Adaptation adaptation = adaptation(in.readUnsignedByte());
            int order = in.readUnsignedByte();
            return new StateHeader(SECTIONED, channels, lanes, hidden, layers, laneChannels, arch, adaptation,
                    order == 0 ? OrderPolicy.DROP : order == 1 ? OrderPolicy.REORDER : null);
        } catch (EOFException e) {
            throw new CorruptStateException("key state header is truncated: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CorruptStateException("key state header does not parse: " + e.getMessage(), e);
        }
    }

    /** Format 2: u16 channel count (first byte already read, 0), names, i32 body length, then the body (format byte 2, fields). */
    private static StateHeader legacy(StateInput in) throws IOException {
        int n = in.readUnsignedByte();
        List<String> channels = new ArrayList<>(n);
        for (int i = 0; i < n; i++) channels.add(in.readUTF());
        int length = in.readInt();
        if (length != in.available())
            throw new CorruptStateException("format 2 key state body of " + length + " bytes, " + in.available() + " present");
        if (n == 0) throw new CorruptStateException("format 2 key state with no channels");
        return new StateHeader(LEGACY, channels, -1, -1, -1, -1, 0, null, null);
    }

    private static int code(Adaptation a) {
        return switch (a) {
            case NONE -> 0;
            case BIAS -> 1;
            case READOUT -> 2;
        };
    }

    private static Adaptation adaptation(int code) {
        return switch (code) {
            case 0 -> Adaptation.NONE;
            case 1 -> Adaptation.BIAS;
            case 2 -> Adaptation.READOUT;
            default -> null;
        };
    }
}
