package dev.lookahead.detector;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The binary form of a {@link KeyState}: a {@link StateHeader} (format, channels, and the shape and settings the
 * layout depends on), then one section per component ({@link KeyStateSections}), each framed as
 * {@code tag (byte), version (byte), length (varint), body}. Floats for the network's state, doubles where
 * precision matters (a sensor's level).
 *
 * <p>Reading never trusts that the writer ran with this detector's settings. It reads what it can and says what it
 * did in a {@link StateRestore}: a section of an unknown tag is skipped; a missing one, or one of a newer version,
 * starts fresh; an older version goes to that version's reader; a section that cannot mean the same under the new
 * settings starts fresh (the recurrent state under another model architecture, the head correction under another
 * adaptation mode) or is migrated (BIAS to READOUT, DROP to REORDER and back). State of format 2 (before sections)
 * is read under the current settings when it fits them. Bytes that cannot be read at all throw
 * {@link CorruptStateException}: the caller resets the key.
 *
 * <p>Writing and reading a state as written allocate nothing (one reused {@link StateOutput} and
 * {@link StateInput} in the runtimes).
 */
public final class KeyStateCodec {

    private static final List<StateSection> SECTIONS = KeyStateSections.ALL;
    private static final int RECURRENT = SECTIONS.indexOf(KeyStateSections.RECURRENT);
    private static final int HEAD_CORRECTION = SECTIONS.indexOf(KeyStateSections.HEAD_CORRECTION);
    private static final int REORDER = SECTIONS.indexOf(KeyStateSections.REORDER);

    private final Detector detector;
    private final StateHeader header;
    private final byte[] headerBytes;
    private final byte[][] fresh;   // per section, its body in a new key's state
    private final StateInput freshIn = new StateInput();

    public KeyStateCodec(Detector detector) {
        this.detector = detector;
        this.header = StateHeader.of(detector);
        StateOutput h = new StateOutput(64);
        header.write(h);
        this.headerBytes = h.toByteArray();
        KeyState pristine = detector.freshState();
        this.fresh = new byte[SECTIONS.size()][];
        StateOutput body = new StateOutput(512);
        for (int i = 0; i < SECTIONS.size(); i++) {
            StateSection sec = SECTIONS.get(i);
            if (!sec.present(pristine)) continue;
            try {
                sec.write(pristine, body.reset());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            fresh[i] = body.toByteArray();
        }
    }

    /** The header this codec writes: its detector's channels, shape and settings. */
    public StateHeader header() {
        return header;
    }

    /** The state's bytes (a fresh array). */
    public byte[] toBytes(KeyState s) {
        StateOutput out = new StateOutput(640);
        write(s, out);
        return out.toByteArray();
    }

    /** Appends the state's bytes to {@code out}: the stream runtimes' per-point path, with one reused buffer. */
    public void write(KeyState s, StateOutput out) {
        out.write(headerBytes);
        try {
            for (StateSection sec : SECTIONS) {
                if (!sec.present(s)) continue;
                out.writeByte(sec.tag);
                out.writeByte(sec.version);
                int at = out.position();
                sec.write(s, out);
                out.insertVarint(at, out.position() - at);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // StateOutput does not throw; the parts' signatures do
        }
    }

    /** Reads a state, migrating what it must; the changes are not reported. */
    public KeyState fromBytes(byte[] bytes) {
        return read(new StateInput(bytes));
    }

    /** Reads a state that fills the rest of {@code in}, into a new state. */
    public KeyState read(StateInput in) {
        return read(in, detector.blankState(), new StateRestore());
    }

    /** A state of this codec's detector with nothing in it, to be passed to {@link #read(StateInput, KeyState, StateRestore)} again and again. */
    public KeyState scratch() {
        return detector.blankState();
    }

    /**
     * Skips this codec's own header if it comes next (the runtimes' fast path: nearly every state was written by
     * the detector that reads it) and says whether it did.
     */
    public boolean skipHeader(StateInput in) {
        return in.skipIf(headerBytes);
    }

    /**
     * Reads a header and the state after it into {@code into} (from {@link #scratch()}), every field overwritten,
     * and records in {@code report} (cleared first) what had to change.
     *
     * @throws CorruptStateException   when the bytes cannot be read
     * @throws IllegalArgumentException when the state is of other channels than this codec's detector
     */
    public KeyState read(StateInput in, KeyState into, StateRestore report) {
        StateHeader written = StateHeader.read(in);
        if (!written.channels().equals(header.channels()))
            throw new IllegalArgumentException("key state of channels " + written.channels() + "; this detector runs " + header.channels());
        return readBody(in, written.equals(header) ? header : written, into, report);
    }

    /**
     * Reads the sections after a header already read ({@link StateHeader#read}, or skipped by
     * {@link #skipHeader}: then pass {@link #header()}), that fill the rest of {@code in}.
     */
    public KeyState readBody(StateInput in, StateHeader written, KeyState into, StateRestore report) {
        report.clear();
        if (written.format() == StateHeader.LEGACY) return readFormat2(in, into, report);
        KeyState s = into;
        long seen = 0, renewed = 0;   // bits by section index: read at all; started fresh (or migrated, for fix-ups)
        int start = in.position();
        try {
            while (in.available() > 0) {
                int tag = in.readUnsignedByte(), version = in.readUnsignedByte(), length = in.readVarint();
                if (length > in.available())
                    throw new CorruptStateException("truncated: section tag " + tag + " of " + length + " bytes, " + in.available() + " left");
                int end = in.position() + length;
                StateSection sec = KeyStateSections.byTag(tag);
                if (sec == null) {   // written by a newer release
                    in.seek(end);
                    report.add(StateChange.SECTION_UNKNOWN, "tag " + tag + " version " + version + " (" + length + " bytes) skipped");
                    continue;
                }
                int i = KeyStateSections.index(tag);
                if ((seen & 1L << i) != 0) throw new CorruptStateException("section " + sec.name + " twice");
                seen |= 1L << i;
                if (version < 1) throw new CorruptStateException("section " + sec.name + " of version 0");
                StateChange change = version > sec.version ? StateChange.SECTION_VERSION
                        : sec.read(s, in, version, written, header, report);
                if (change != null && change.reset()) {
                    in.seek(end);
                    fresh(i, s);
                    renewed |= 1L << i;
                    report.add(change, change == StateChange.SECTION_VERSION
                            ? sec.name + " version " + version + ", this release reads up to " + sec.version
                            : "written under " + written.describe() + "; this detector runs " + header.describe());
                } else {
                    if (in.position() != end)
                        throw new CorruptStateException("section " + sec.name + " version " + version + " of " + length
                                + " bytes, its reader took " + (in.position() - (end - length)));
                    if (change != null) {
                        renewed |= 1L << i;
                        report.add(change, sec.name + ": written under " + written.describe() + "; this detector runs " + header.describe());
                    }
                }
            }
        } catch (CorruptStateException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CorruptStateException("key state does not parse at byte " + (in.position() - start) + " of its sections: " + e, e);
        }
        for (int i = 0; i < SECTIONS.size(); i++) {
            StateSection sec = SECTIONS.get(i);
            if ((seen & 1L << i) != 0 || !sec.present(s)) continue;
            fresh(i, s);
            renewed |= 1L << i;
            StateChange why = sec.whenMissing(written, header);
            if (why != null) report.add(why, sec.name + " missing: written under " + written.describe() + "; this detector runs " + header.describe());
        }
        if (renewed != 0) afterRenewal(s, renewed);
        return s;
    }

    /**
     * What a fresh or migrated section needs from the others: a fresh recurrent state warms the key up again (as a
     * long gap does) and is flagged on the next point; the pending forecast follows a new h or head correction; an
     * empty reorder buffer starts after the key's last point, so nothing older is taken for new.
     */
    private void afterRenewal(KeyState s, long renewed) {
        boolean recurrent = (renewed & 1L << RECURRENT) != 0;
        if (recurrent && s.sequence > 0) {
            s.warmUpRemaining = Math.max(s.warmUpRemaining, detector.config().resetWarmUpPoints());
            s.resetPending = true;
        }
        if (recurrent || (renewed & 1L << HEAD_CORRECTION) != 0) detector.refreshForecast(s);
        if ((renewed & 1L << REORDER) != 0 && s.reorder != null && s.intervals.hasLast())
            s.reorder.startAfter(s.intervals.lastTime());
    }

    /** Overwrites section {@code i} of {@code s} with a new key's. */
    private void fresh(int i, KeyState s) {
        if (fresh[i] == null) return;   // not present in this detector's states
        freshIn.reset(fresh[i], 0, fresh[i].length);
        try {
            SECTIONS.get(i).read(s, freshIn, SECTIONS.get(i).version, header, header, new StateRestore());
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // our own bytes
        }
    }

    /**
     * Format 2: the version-1 bodies of the format-2 sections, unframed, in their order, in the layout this
     * detector's settings give them (the format did not record them). If they do not fill the body exactly, the
     * writer ran under other settings: the key starts fresh.
     */
    private KeyState readFormat2(StateInput in, KeyState s, StateRestore report) {
        int body = in.available();
        try {
            int format = in.readUnsignedByte();
            if (format != StateHeader.LEGACY)
                throw new CorruptStateException("format 2 envelope around a body of format " + format);
            for (int i = 0; i < SECTIONS.size(); i++) {
                StateSection sec = SECTIONS.get(i);
                if (sec.inFormat2 && sec.present(s)) sec.read(s, in, 1, header, header, report);
                else fresh(i, s);
            }
            if (in.available() == 0) {
                report.add(StateChange.LEGACY_FORMAT, "format 2 state of " + body + " bytes read under " + header.describe());
                return s;
            }
        } catch (EOFException e) {
            // shorter than this detector's layout: written under other settings
        } catch (CorruptStateException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CorruptStateException("format 2 key state does not parse: " + e, e);
        }
        in.seek(in.position() + in.available());
        resetKey(s);
        report.add(StateChange.LEGACY_LAYOUT, "format 2 state of " + body + " bytes does not fit " + header.describe());
        return s;
    }

    /**
     * Overwrites {@code s} (from {@link #scratch()}) with a new key's state whose first point is flagged
     * {@code stateReset}: for a key whose bytes could not be read. It restarts where a new key starts: from the model's
     * normal state when the detector has one for its channels ({@link Detector#newState()}), else from nothing.
     */
    public KeyState resetKey(KeyState s) {
        if (detector.startsFromNormalState()) return detector.fromNormal(s);   // flagged, its forecast made
        for (int i = 0; i < SECTIONS.size(); i++) fresh(i, s);
        s.resetPending = true;
        detector.refreshForecast(s);
        return s;
    }
}
