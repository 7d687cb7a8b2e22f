package dev.lookahead.detector;

import dev.lookahead.preprocessing.ReorderBuffer;

import java.io.IOException;
import java.util.List;

/**
 * The sections of a key's state, one per component, in the order they are written. The one place to add a
 * component: a new section with an unused tag (tags are never reused) at version 1, added to {@link #ALL}. To
 * change a component's bytes: bump its version, write the new layout, and keep a reader for every older version.
 * docs/ARCHITECTURE.md, "Key state format", says the rest.
 */
final class KeyStateSections {

    private KeyStateSections() {
    }

    /** Writes a component's body. */
    private interface BodyWriter {
        void write(KeyState s, StateOutput out) throws IOException;
    }

    /** Reads a component's body as written. */
    private interface BodyReader {
        void read(KeyState s, StateInput in) throws IOException;
    }

    /** Reads a body as written in {@code version} (1 to the section's own). */
    private interface VersionedReader {
        void read(KeyState s, StateInput in, int version) throws IOException;
    }

    /**
     * A section in version 1 whose body is one component's own {@code write}/{@code read}, with nothing that depends
     * on the settings: most of them.
     */
    private static StateSection component(int tag, String name, boolean inFormat2, BodyWriter w, BodyReader r) {
        return component(tag, name, 1, inFormat2, w, (s, in, version) -> r.read(s, in));
    }

    /**
     * A version-1 section not in format 2, written only for the keys {@code present} accepts: one whose component the
     * key's shape has no use for. A key's state that has the section anyway is read as written.
     */
    private static StateSection componentWhen(int tag, String name, java.util.function.Predicate<KeyState> present, BodyWriter w, BodyReader r) {
        return componentWhen(tag, name, 1, present, w, (s, in, version) -> r.read(s, in));
    }

    /** As above, in {@code version}, its reader given the version a body was written in. */
    private static StateSection componentWhen(int tag, String name, int version, java.util.function.Predicate<KeyState> present,
                                              BodyWriter w, VersionedReader r) {
        return new StateSection(tag, name, version, false) {
            @Override
            boolean present(KeyState s) {
                return present.test(s);
            }

            @Override
            void write(KeyState s, StateOutput out) throws IOException {
                w.write(s, out);
            }

            @Override
            StateChange read(KeyState s, StateInput in, int version, StateHeader written, StateHeader now, StateRestore report) throws IOException {
                r.read(s, in, version);
                return null;
            }
        };
    }

    /** As above, in {@code version}, its reader given the version a body was written in. */
    private static StateSection component(int tag, String name, int version, boolean inFormat2, BodyWriter w, VersionedReader r) {
        return new StateSection(tag, name, version, inFormat2) {
            @Override
            void write(KeyState s, StateOutput out) throws IOException {
                w.write(s, out);
            }

            @Override
            StateChange read(KeyState s, StateInput in, int version, StateHeader written, StateHeader now, StateRestore report) throws IOException {
                r.read(s, in, version);
                return null;
            }
        };
    }

    /**
     * Count, warm-up, the version of the model that last advanced the key; v2 adds a flags byte; v3 a new run's
     * anchoring (a flag, and the points anchored so far); v4 whether that run lies off the relations' centre (a flag);
     * v5 whether the open incident opened while that run was settling (a flag); v6 writes the count and the model
     * version (plus one: -1 is none) as varints, the bytes their values need (8 bytes each before: at most 5 and 3
     * for a key of under 34 billion points and a model of under two million versions); v7 whether the key awaits its
     * daily profile's trust on every channel (a flag; an older state does not, and relearns where its release did).
     */
    static final StateSection CORE = new StateSection(1, "core", 7, true) {
        private static final int RESET_PENDING = 1, ANCHORING = 2, RUN_OFF_CENTRE = 4, RUN_SETTLING = 8, AWAITING_TRUSTED_PROFILE = 16;

        @Override
        void write(KeyState s, StateOutput out) {
            out.writeVarlong(s.sequence);
            out.writeShort(s.warmUpRemaining);   // at most 32767 (DetectorConfig)
            out.writeVarlong(s.modelVersion + 1);   // -1: no model has advanced the key yet
            out.writeByte((s.resetPending ? RESET_PENDING : 0) | (s.anchoring ? ANCHORING : 0) | (s.runOffCentre ? RUN_OFF_CENTRE : 0)
                    | (s.runSettling ? RUN_SETTLING : 0) | (s.awaitingTrustedProfile ? AWAITING_TRUSTED_PROFILE : 0));
            out.writeShort(s.anchoredPoints);   // at most Detector.RUN_ANCHOR_POINTS
        }

        @Override
        StateChange read(KeyState s, StateInput in, int version, StateHeader written, StateHeader now, StateRestore report) throws IOException {
            s.sequence = version >= 6 ? in.readVarlong() : in.readLong();
            s.warmUpRemaining = in.readShort();
            s.modelVersion = version >= 6 ? in.readVarlong() - 1 : in.readLong();
            int flags = version >= 2 ? in.readUnsignedByte() : 0;   // v1: no flags
            s.resetPending = (flags & RESET_PENDING) != 0;
            s.anchoring = (flags & ANCHORING) != 0;   // v2 and before: no run was anchoring
            s.anchoredPoints = version >= 3 ? in.readShort() : 0;
            s.runOffCentre = (flags & RUN_OFF_CENTRE) != 0;   // v3 and before: the centre stays where it is
            s.runSettling = (flags & RUN_SETTLING) != 0;   // v4 and before: an open incident runs to its time bound
            // v6 and before: not awaiting, so the key relearns its level evidence's ranges only where it did then
            s.awaitingTrustedProfile = version >= 7 && (flags & AWAITING_TRUSTED_PROFILE) != 0;
            return null;
        }
    };

    /** The LSTM's h and c for every lane and layer, and the pending normalised forecast. */
    static final StateSection RECURRENT = new StateSection(2, "recurrent", 1, true) {
        @Override
        void write(KeyState s, StateOutput out) {
            for (float v : s.h) out.writeFloat(v);
            for (float v : s.c) out.writeFloat(v);
            for (float v : s.forecast) out.writeFloat(v);
        }

        @Override
        StateChange read(KeyState s, StateInput in, int version, StateHeader written, StateHeader now, StateRestore report) throws IOException {
            if (!written.sameArchitecture(now)) return StateChange.MODEL_ARCHITECTURE;
            for (int i = 0; i < s.h.length; i++) s.h[i] = in.readFloat();
            for (int i = 0; i < s.c.length; i++) s.c[i] = in.readFloat();
            for (int i = 0; i < s.forecast.length; i++) s.forecast[i] = in.readFloat();
            return null;
        }
    };

    /**
     * Location, scale and count per channel; v2 adds the scale of the points that moved and the last value, and keeps
     * the count as an int; v3 the share of normal points that moved (two bytes); v4 the last value seen, learned or
     * not; v5 each channel's level switches after them (the two levels it switches between, their counts in a nibble
     * each, and its settling left: ten bytes); v6 the settling byte's top bit: whether the channel's level is measured
     * from those levels; v7 its two bits under that: the jumps in a row that left from a level; v8 the readings in a row
     * that repeated the one before, in the count's top four bits (the count saturates under them). A v1 state's moved
     * scale starts as its scale, and its next point counts as moved; a v1 or v2 state's moved share starts at 0; an
     * older state's last value seen starts as its last value learned; an older state has no levels yet, and learns
     * them from its next jumps; a v5 state's level is measured from the key's, and from its levels, its evidence's
     * ranges learned again, from the next point that should be; a v5 or v6 state has no such jumps counted yet (its
     * settling, at most 30, never reached those bits), so its level is measured from the key's until two are; an older
     * state than v8 counts no repeats yet, so a sensor frozen across the restore is judged from its next repeat.
     */
    static final StateSection NORMALISER = component(3, "normaliser", 8, true,
            (s, out) -> {
                s.normaliser.write(out);
                for (int ch = 0; ch < s.forecast.length; ch++) s.switches.write(out, ch);
            },
            (s, in, version) -> {
                s.normaliser.read(in, version);
                if (version >= 5) for (int ch = 0; ch < s.forecast.length; ch++) s.switches.read(in, ch);
            });

    static final StateSection INTERVALS = component(4, "intervals", true,
            (s, out) -> s.intervals.write(out), (s, in) -> s.intervals.read(in));

    /**
     * The forecast errors' scale; v2 adds, for two or more channels, the scale learned from normal points only, which
     * their spread evidence judges against (one channel has no spread evidence). A v1 state's reference starts as its
     * error scale. v3 adds, for two or more channels, each one's last error, which the spread evidence differences; an
     * older state has none, and the spread skips the first point after its restore. v4 adds the mean square error of
     * the points that moved; an older state's starts as its error scale.
     */
    static final StateSection ERROR_SCALE = component(5, "error-scale", 4, true,
            (s, out) -> {
                s.errors.write(out);
                if (s.forecast.length > 1) {
                    s.spreadReference.write(out);
                    for (float v : s.lastSpreadError) out.writeFloat(v);
                }
                s.errors.writeMoved(out);
            },
            (s, in, version) -> {
                s.errors.read(in);
                if (version >= 2 && s.forecast.length > 1) s.spreadReference.read(in);
                else s.spreadReference.copyFrom(s.errors);
                if (version >= 3 && s.forecast.length > 1)
                    for (int ch = 0; ch < s.lastSpreadError.length; ch++) s.lastSpreadError[ch] = in.readFloat();
                else java.util.Arrays.fill(s.lastSpreadError, Float.NaN);
                if (version >= 4) s.errors.readMoved(in);
                else s.errors.movedFromAll();
            });

    static final StateSection LIKELIHOOD = component(6, "likelihood", true,
            (s, out) -> s.likelihood.write(out), (s, in) -> s.likelihood.read(in));

    /**
     * The open incident and the alert clocks; v2 adds the incident's age, its alert flag and the close clock. v3 writes
     * the incident's points and age first, as varints (1 to 3 bytes, 4 each before), and takes in, per channel, the level
     * deviations summed over the open incident (before v3 a section of their own, {@link #INCIDENT_SHIFT}, which
     * cost its own 3 bytes of framing).
     */
    static final StateSection INCIDENTS = component(7, "incidents", 3, true,
            (s, out) -> {
                out.writeVarint(s.incidents.points());
                out.writeVarint(s.incidents.age());
                s.incidents.writeClocks(out);
                for (float v : s.shiftSum) out.writeFloat(v);
            },
            (s, in, version) -> {
                if (version < 3) {
                    s.incidents.read(in, version);
                    return;
                }
                int points = in.readVarint(), age = in.readVarint();
                s.incidents.readClocks(in, points, age);
                for (int i = 0; i < s.shiftSum.length; i++) s.shiftSum[i] = in.readFloat();
            });

    static final StateSection RANGE = component(8, "range", true,
            (s, out) -> s.range.write(out), (s, in) -> s.range.read(in));

    /** The key's correction of the model's head: bias, and readout weights under READOUT; absent under NONE. */
    static final StateSection HEAD_CORRECTION = new StateSection(9, "head-correction", 1, true) {
        @Override
        boolean present(KeyState s) {
            return s.correction.db.length > 0;
        }

        @Override
        void write(KeyState s, StateOutput out) throws IOException {
            s.correction.write(out);
        }

        @Override
        StateChange read(KeyState s, StateInput in, int version, StateHeader written, StateHeader now, StateRestore report) throws IOException {
            if (!written.sameArchitecture(now)) return StateChange.MODEL_ARCHITECTURE;
            if (written.adaptation() == now.adaptation()) {
                s.correction.read(in);
                return null;
            }
            if (written.adaptation() == Adaptation.BIAS && now.adaptation() == Adaptation.READOUT) {
                // READOUT with zero weights forecasts exactly what BIAS did: keep the bias
                for (int i = 0; i < s.correction.db.length; i++) s.correction.db[i] = in.readFloat();
                java.util.Arrays.fill(s.correction.dw, 0f);
                return StateChange.ADAPTATION_WIDENED;
            }
            return StateChange.ADAPTATION_MODE;
        }

        @Override
        StateChange whenMissing(StateHeader written, StateHeader now) {
            // nothing was learned under NONE; a new mode starts from zero, as a new key does
            return written.adaptation() == Adaptation.NONE ? null
                    : written.sameArchitecture(now) ? StateChange.SECTION_ADDED : StateChange.MODEL_ARCHITECTURE;
        }
    };

    /** The points REORDER holds, with the buffer's clocks; absent under DROP. */
    static final StateSection REORDER = new StateSection(10, "reorder", 1, true) {
        @Override
        boolean present(KeyState s) {
            return s.reorder != null;
        }

        @Override
        void write(KeyState s, StateOutput out) throws IOException {
            s.reorder.write(out, s.forecast.length);
        }

        @Override
        StateChange read(KeyState s, StateInput in, int version, StateHeader written, StateHeader now, StateRestore report) throws IOException {
            if (s.reorder != null) {
                s.reorder.read(in, s.forecast.length);
                return null;
            }
            // restored under DROP: the held points are scored before the next reading, as a flush would
            ReorderBuffer held = new ReorderBuffer();
            held.read(in, s.forecast.length);
            report.released(held.held());
            return StateChange.ORDER_POLICY;
        }

        @Override
        StateChange whenMissing(StateHeader written, StateHeader now) {
            return written.orderPolicy() == OrderPolicy.REORDER ? StateChange.SECTION_ADDED : StateChange.ORDER_POLICY;
        }
    };

    /**
     * Averages over several time scales of each channel's deviation from its usual level for the time of day. v2 adds,
     * on a key of three or more channels, the range of its slowest averages' mean square, and v3 then that of its
     * 16-point averages'; a range an older body lacks is learned anew.
     */
    static final StateSection LEVEL_EVIDENCE = component(11, "level-evidence", 3, false,
            (s, out) -> s.levelEvidence.write(out), (s, in, version) -> s.levelEvidence.read(in, version));

    /**
     * Averages over several time scales of the standardised forecast errors; absent with two or more channels, whose
     * errors are judged point by point and not accumulated (an older state's section is read, and not used).
     */
    static final StateSection ERROR_EVIDENCE = componentWhen(12, "error-evidence", s -> s.forecast.length == 1,
            (s, out) -> s.errorEvidence.write(out), (s, in) -> s.errorEvidence.read(in, 1));

    /**
     * Averages over several time scales of the log squared standardised forecast errors; absent with one channel,
     * whose errors' spread the likelihood judges (an older state's section is read, and not used).
     */
    static final StateSection SPREAD_EVIDENCE = componentWhen(13, "spread-evidence", s -> s.forecast.length > 1,
            (s, out) -> s.spreadEvidence.write(out), (s, in) -> s.spreadEvidence.read(in, 1));

    /**
     * The fitted tail of the largest squared average: calibrates evidence over time into a score. v2 writes the count
     * as a varint, its lowest bit saying whether the fit before the key's last new normal follows the fit, as a prior
     * in two 16-bit floats; v1 (the count as an int, no prior) is read with none.
     */
    static final StateSection EVIDENCE_TAIL = component(14, "evidence-tail", 2, false,
            (s, out) -> {
                out.writeVarint(s.evidenceTail.count() << 1 | (s.evidenceTail.hasPrior() ? 1 : 0));
                s.evidenceTail.writeFit(out);
            },
            (s, in, version) -> {
                if (version == 1) {
                    s.evidenceTail.read(in);
                } else {
                    int v = in.readVarint();
                    s.evidenceTail.readFit(in, v >>> 1, (v & 1) != 0);
                }
            });

    /**
     * Each channel's usual level by hour of day. v2 keeps each hour in the channel's own units, less the key's level;
     * v1 kept it in normalised units, read by the normaliser's scale as restored (the section before it). v3 adds each
     * day of the week's offset from it; an older state has none, and learns them from its next points. v4 writes the
     * days of the week's counts in a byte each and adds the weekend's own profile; an older state has none, and learns
     * it from its next weekends.
     */
    static final StateSection PHASE_PROFILE = component(15, "phase-profile", 4, false,
            (s, out) -> {
                s.profile.write(out);
                s.weekdays.write(out);
                s.weekend.write(out);
            },
            (s, in, version) -> {
                s.profile.read(in);
                if (version == 1)
                    for (int ch = 0; ch < s.profile.channels(); ch++) s.profile.scale(ch, s.normaliser.scale(ch));
                if (version >= 3) s.weekdays.read(in, version == 3);
                else s.weekdays.clear();
                if (version >= 4) s.weekend.read(in);
                else s.weekend.clear();
            });

    /**
     * Per channel, the level deviations summed over the open incident: the shift a new normal re-baselines by. Read
     * from states written before {@link #INCIDENTS} v3, which holds them now; no longer written.
     */
    static final StateSection INCIDENT_SHIFT = new StateSection(16, "incident-shift", 1, false) {
        @Override
        boolean present(KeyState s) {
            return false;
        }

        @Override
        void write(KeyState s, StateOutput out) {
            for (float v : s.shiftSum) out.writeFloat(v);
        }

        @Override
        StateChange read(KeyState s, StateInput in, int version, StateHeader written, StateHeader now, StateRestore report) throws IOException {
            for (int i = 0; i < s.shiftSum.length; i++) s.shiftSum[i] = in.readFloat();
            return null;
        }
    };

    /** How the channels move together; absent with one channel. v2 adds the centre they are learned about. */
    static final StateSection RELATIONS = componentWhen(17, "channel-relations", 2, s -> s.shiftSum.length > 1,
            (s, out) -> s.relations.write(out), (s, in, version) -> s.relations.read(in, version));

    /**
     * Per channel, each hour of the day's two largest forecast errors of late (fading by day), and the current hour's
     * so far; v1: the last two days'; v3 writes the current hour's as the 16-bit code its hour keeps, not a float.
     */
    static final StateSection HOURLY_PEAKS = component(18, "hourly-peaks", 3, false,
            (s, out) -> s.peaks.write(out), (s, in, version) -> s.peaks.read(in, version));

    /**
     * How often the key's errors reached each of a few sizes lately, and its evidence each of a few rarities: floors
     * under the point test's tail and the evidence's. v2 holds the counts in 16-bit fixed point and adds the
     * evidence's; v1: the errors' as floats (read as they were), the evidence's starting from none.
     */
    static final StateSection RECURRING = component(19, "recurring", 2, false,
            (s, out) -> {
                s.recurring.write(out);
                s.recurringEvidence.write(out);
            },
            (s, in, version) -> {
                if (version == 1) {
                    s.recurring.readFloats(in);
                    return;
                }
                s.recurring.read(in);
                s.recurringEvidence.read(in);
            });

    /** Every section, in write order. Format 2's fields are the version-1 bodies of those marked so, in this order. */
    static final List<StateSection> ALL = List.of(CORE, RECURRENT, NORMALISER, INTERVALS, ERROR_SCALE, LIKELIHOOD,
            INCIDENTS, RANGE, HEAD_CORRECTION, REORDER, LEVEL_EVIDENCE, ERROR_EVIDENCE, SPREAD_EVIDENCE, EVIDENCE_TAIL,
            PHASE_PROFILE, INCIDENT_SHIFT, RELATIONS, HOURLY_PEAKS, RECURRING);

    private static final StateSection[] BY_TAG = new StateSection[256];
    private static final int[] INDEX_BY_TAG = new int[256];

    static {
        if (ALL.size() > 63) throw new ExceptionInInitializerError("more than 63 sections: widen the codec's masks");
        for (int i = 0; i < ALL.size(); i++) {
            StateSection s = ALL.get(i);
            if (BY_TAG[s.tag] != null) throw new ExceptionInInitializerError("tag " + s.tag + " used twice: " + s + ", " + BY_TAG[s.tag]);
            BY_TAG[s.tag] = s;
            INDEX_BY_TAG[s.tag] = i;
        }
    }

    /** The section of {@code tag}, or null for a tag this release does not know. */
    static StateSection byTag(int tag) {
        return BY_TAG[tag];
    }

    /** Position of a known tag's section in {@link #ALL}. */
    static int index(int tag) {
        return INDEX_BY_TAG[tag];
    }
}
