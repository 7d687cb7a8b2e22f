package dev.lookahead.detector;

import dev.lookahead.model.LstmModel;
import dev.lookahead.preprocessing.RobustNormaliser;
import dev.lookahead.scoring.GammaTail;
import dev.lookahead.scoring.LevelSwitches;
import dev.lookahead.scoring.PhaseProfile;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sectioned key-state format: every section round-trips; a reader skips what it does not know, starts what is
 * missing fresh, reads an older section version through that version's reader, migrates or resets what other
 * settings or another model shape cannot take, reads the previous release's bytes, and refuses corrupt bytes with
 * the reason.
 */
class KeyStateFormatTest {

    private static final LstmModel H16 = TestModels.untrained(16, 1, 3);
    private static final LstmModel H32 = TestModels.untrained(32, 1, 5);

    /** One framed section of a state. */
    record Section(int tag, int version, byte[] body) {
    }

    /** The header bytes and the sections of a sectioned state, as written. */
    record Parsed(byte[] header, List<Section> sections) {
        Section get(int tag) {
            return sections.stream().filter(s -> s.tag == tag).findFirst().orElse(null);
        }

        byte[] bytes() {
            StateOutput out = new StateOutput(64);
            out.write(header);
            for (Section s : sections) {
                out.writeByte(s.tag);
                out.writeByte(s.version);
                out.writeVarint(s.body.length);
                out.write(s.body);
            }
            return out.toByteArray();
        }

        Parsed with(List<Section> other) {
            return new Parsed(header, other);
        }

        /** The same state with section {@code tag} written as {@code body} in {@code version}: an older release's. */
        Parsed replacing(int tag, int version, byte[] body) {
            List<Section> out = new ArrayList<>();
            for (Section s : sections) out.add(s.tag == tag ? new Section(tag, version, body) : s);
            return new Parsed(header, out);
        }
    }

    static Parsed parse(byte[] state) throws IOException {
        StateInput in = new StateInput(state);
        StateHeader.read(in);
        byte[] header = Arrays.copyOf(state, in.position());
        List<Section> out = new ArrayList<>();
        while (in.available() > 0) {
            int tag = in.readUnsignedByte(), version = in.readUnsignedByte(), length = in.readVarint();
            byte[] body = new byte[length];
            in.readFully(body);
            out.add(new Section(tag, version, body));
        }
        return new Parsed(header, out);
    }

    private static Detector detector(LstmModel m, DetectorConfig cfg, String... channels) {
        return new Detector(m, cfg.toBuilder().channels(List.of(channels)).build());
    }

    /** A state that has seen {@code n} points (with an anomaly and, under REORDER, swapped neighbours so points are held). */
    private static KeyState trained(Detector d, int n) {
        KeyState s = d.newState();
        long[] t = TestModels.minutes(n);
        for (int i = 3; i + 1 < n; i += 10) {
            long x = t[i];
            t[i] = t[i + 1];
            t[i + 1] = x;
        }
        double[][] one = TestModels.seasonal(n, 9);
        int c = d.channels().size();
        for (int i = 0; i < n; i++) {
            double[] v = new double[c];
            for (int ch = 0; ch < c; ch++) v[ch] = one[i][0] * (ch + 1) + (i == n - 30 ? 8 : 0);
            d.process(s, "k", t[i], v, i, o -> { });
        }
        return s;
    }

    private static StateRestore read(KeyStateCodec codec, byte[] bytes, KeyState into) {
        StateRestore r = new StateRestore();
        codec.read(new StateInput(bytes), into, r);
        return r;
    }

    /** {@code bytes} read into a fresh state, asserting the restore reported no change: every section was understood. */
    private static KeyState restoredUnchanged(KeyStateCodec codec, byte[] bytes) {
        KeyState back = codec.scratch();
        StateRestore r = read(codec, bytes, back);
        assertTrue(r.isEmpty(), r.changes().toString());
        return back;
    }

    @Test
    void bytesPerKeyAtH32() throws IOException {
        Detector d = detector(H32, DetectorConfig.defaults(), "value");
        KeyState trained = trained(d, 100);
        byte[] bytes = new KeyStateCodec(d).toBytes(trained);
        Parsed p = parse(bytes);
        Map<String, Integer> sizes = new LinkedHashMap<>();
        sizes.put("header", p.header.length);
        for (Section s : p.sections) sizes.put(KeyStateSections.byTag(s.tag).name, 2 + StateOutput.varintSize(s.body.length) + s.body.length);
        System.out.println("key state bytes at H=32, one channel 'value', defaults (READOUT, DROP): " + bytes.length + " " + sizes);
        // header 20: format 1, channels 2 + 7, lanes/hidden/layers/model channels 4, architecture id 4, adaptation 1,
        // order 1. Each section adds tag, version and a varint length (3 bytes, 4 from 128 bytes): core 7 + 3 here (the
        // count and the model version as varints, 1 byte each after 100 points of model version 1; the warm-up 2, the
        // flags 1, a new run's anchored points 2), recurrent (h, c 256 + forecast 4) + 4, normaliser 34 + 10 + 3 (v2: the
        // moved points' scale and the last value; v3 the moved share; v4 the last value seen; v5 the level switches),
        // intervals 17 + 3, error scale 12 + 3 (v2's spread reference is written for two or more channels only; v4 the
        // moved points' mean square),
        // likelihood 22 + 3, incidents 27 + 3 (v3: points and age as varints 1 + 1, first seen 8, quiet 2, two alert
        // clocks 4, load 4, alerted 1, close clock 2, and the incident's summed shift 4), range 8 + 3, head correction
        // (H+1)*4 = 132 + 4; evidence over time:
        // level and error averages 2 x (40 + 3) (a count, then average, mean and variance at 3 scales; the spread's
        // are written for two or more channels only), their
        // Gamma fit 9 + 3 (v2: its count as a varint, 1 byte here, a prior after a new normal in 4 more), the daily profile 24 x 6 = 144, the days of the week 7 x 5 = 35 and the weekend's six points,
        // day count and use 27, + 4; the hourly peaks, the current hour's 2 (v3: the code its hour keeps) and two days
        // of 24 x 2, 98 + 3; the recurring
        // errors' counts at 5 sizes and the evidence's at 4, 2 bytes each, and the evidence's excursion under way 2, 20 + 3.
        assertEquals(20 + 10 + 264 + 47 + 20 + 15 + 25 + 30 + 11 + 136 + 2 * 43 + 12 + 210 + 101 + 23, bytes.length);
        assertEquals(20, p.header.length);
        // the budget holds for a key that has run for long: its count under 2^35 (34 billion points, over a thousand
        // years at 1 Hz) takes 5 bytes, its model's version under 2^21 - 1 (two million) 3, where each took 8 before;
        // its evidence fit's count, saturated, 3, and the fit it had before a new normal it has just passed 4; its last
        // incident's points and age, each under 2^14 (four and a half hours at 1 Hz), 2 each
        trained.sequence = (1L << 35) - 1;
        trained.modelVersion = (1L << 21) - 2;
        ByteArrayOutputStream fit = new ByteArrayOutputStream();
        DataOutputStream fitOut = new DataOutputStream(fit);
        fitOut.writeFloat(2f);
        fitOut.writeFloat(3f);
        fitOut.writeShort(0x4000);   // 2.0 as a 16-bit float
        fitOut.writeShort(0x4040);   // 3.0
        trained.evidenceTail.readFit(new DataInputStream(new ByteArrayInputStream(fit.toByteArray())), GammaTail.MAX_COUNT, true);
        ByteArrayOutputStream clocks = new ByteArrayOutputStream();
        trained.incidents.writeClocks(new DataOutputStream(clocks));
        trained.incidents.readClocks(new DataInputStream(new ByteArrayInputStream(clocks.toByteArray())), (1 << 14) - 1, (1 << 14) - 1);
        byte[] old = new KeyStateCodec(d).toBytes(trained);
        assertEquals(bytes.length + 6 + 2 + 4 + 2, old.length,
                "a long-lived key's count and model version: 4 and 2 bytes more; its fit 2 and a prior 4; its incident's points and age 1 each");
        assertTrue(old.length <= 1024, "at most 1 KiB per key at H=32, one channel (issue 14): " + old.length);
    }

    @Test
    void aVarlongTakesTheBytesItsValueNeedsAndRoundTrips() throws IOException {
        long[] values = {0, 127, 128, 16_383, 16_384, (1L << 35) - 1, 1L << 35, Long.MAX_VALUE};
        int[] sizes = {1, 1, 2, 2, 3, 5, 6, 9};
        for (int i = 0; i < values.length; i++) {
            StateOutput out = new StateOutput(4);
            out.writeVarlong(values[i]);
            assertEquals(sizes[i], out.position(), "bytes for " + values[i]);
            assertEquals(values[i], new StateInput(out.toByteArray()).readVarlong());
        }
        assertThrows(IllegalArgumentException.class, () -> new StateOutput(4).writeVarlong(-1));
        byte[] tooLong = new byte[10];
        Arrays.fill(tooLong, (byte) 0x80);
        assertThrows(IOException.class, () -> new StateInput(tooLong).readVarlong());
    }

    @Test
    void everySectionRoundTripsUnderEverySettingThatShapesIt() throws IOException {
        for (Adaptation a : Adaptation.values())
            for (OrderPolicy o : OrderPolicy.values()) {
                DetectorConfig cfg = DetectorConfig.builder().adaptation(a).orderPolicy(o).reorderBoundMillis(150_000).build();
                Detector d = detector(H16, cfg, "rpm", "temp");   // two lanes of a univariate model
                KeyState s = trained(d, 400);
                KeyStateCodec codec = new KeyStateCodec(d);
                byte[] bytes = codec.toBytes(s);
                KeyState back = codec.scratch();
                StateRestore r = read(codec, bytes, back);
                assertTrue(r.isEmpty(), a + " " + o + ": " + r.changes());
                assertArrayEquals(bytes, codec.toBytes(back), a + " " + o);
                Set<Integer> tags = new java.util.TreeSet<>();
                for (Section sec : parse(bytes).sections) {
                    tags.add(sec.tag);
                    assertEquals(KeyStateSections.byTag(sec.tag).version, sec.version, KeyStateSections.byTag(sec.tag).name);
                }
                // 17, how the channels move together, because the key has two; not 12, the forecast errors' evidence,
                // which a key with several channels does not accumulate
                // (16, the incident's summed shift, is read from older states only: incidents hold it since their v3)
                Set<Integer> expected = new java.util.TreeSet<>(List.of(1, 2, 3, 4, 5, 6, 7, 8, 11, 13, 14, 15, 17, 18, 19));
                if (a != Adaptation.NONE) expected.add(9);
                if (o == OrderPolicy.REORDER) expected.add(10);
                assertEquals(expected, tags, a + " " + o);
                if (o == OrderPolicy.REORDER) assertTrue(back.buffered() > 0, "the reorder buffer holds points at the save");
            }
    }

    @Test
    void anOlderStateOfSeveralChannelsWithErrorEvidenceReadsAsIfItHadNone() throws IOException {
        // written before their errors stopped being accumulated: the section, after the spread's
        assertAnOlderSectionIsReadAndNotKept(detector(H16, DetectorConfig.defaults(), "rpm", "temp"),
                KeyStateSections.ERROR_EVIDENCE, s -> s.errorEvidence, KeyStateSections.SPREAD_EVIDENCE);
    }

    @Test
    void anOlderStateOfOneChannelWithSpreadEvidenceReadsAsIfItHadNone() throws IOException {
        // written while one channel still carried its (unused, never updated) spread evidence: after the errors'
        assertAnOlderSectionIsReadAndNotKept(detector(H16, DetectorConfig.defaults(), "value"),
                KeyStateSections.SPREAD_EVIDENCE, s -> s.spreadEvidence, KeyStateSections.EVIDENCE_TAIL);
    }

    /**
     * A key of {@code d}'s shape writes no {@code absent} section; a state written when it did (the component's body,
     * placed before {@code before}) is read, and written again without it.
     */
    private static void assertAnOlderSectionIsReadAndNotKept(Detector d, StateSection absent,
            java.util.function.Function<KeyState, dev.lookahead.scoring.SustainedEvidence> component, StateSection before) throws IOException {
        KeyStateCodec codec = new KeyStateCodec(d);
        KeyState s = trained(d, 400);
        byte[] bytes = codec.toBytes(s);
        Parsed p = parse(bytes);
        assertEquals(null, p.get(absent.tag), absent.name + " is not written for this shape");
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        component.apply(s).write(new java.io.DataOutputStream(body));
        List<Section> old = new ArrayList<>();
        for (Section sec : p.sections) {
            if (sec.tag == before.tag) old.add(new Section(absent.tag, 1, body.toByteArray()));
            old.add(sec);
        }
        byte[] older = p.with(old).bytes();
        assertEquals(bytes.length + 2 + 1 + body.size(), older.length, "the older state carries the section");
        KeyState back = restoredUnchanged(codec, older);
        assertArrayEquals(bytes, codec.toBytes(back), "read, and written again without it");
    }

    @Test
    void aReaderSkipsASectionItDoesNotKnow() throws IOException {
        Detector d = detector(H16, DetectorConfig.defaults(), "value");
        KeyStateCodec codec = new KeyStateCodec(d);
        byte[] bytes = codec.toBytes(trained(d, 200));
        Parsed p = parse(bytes);
        List<Section> more = new ArrayList<>(p.sections);
        more.add(3, new Section(200, 4, new byte[300]));   // a component of a newer release, 300 bytes (a 2-byte length)
        more.add(new Section(201, 1, new byte[0]));
        KeyState back = codec.scratch();
        StateRestore r = read(codec, p.with(more).bytes(), back);
        assertEquals(Set.of(StateChange.SECTION_UNKNOWN), r.changes());
        assertTrue(r.detail(StateChange.SECTION_UNKNOWN).contains("tag 200"), r.detail(StateChange.SECTION_UNKNOWN));
        assertArrayEquals(bytes, codec.toBytes(back), "everything known read as written");
    }

    @Test
    void aMissingSectionStartsFreshAndTheRestIsKept() throws IOException {
        Detector d = detector(H16, DetectorConfig.defaults(), "value");
        KeyStateCodec codec = new KeyStateCodec(d);
        byte[] bytes = codec.toBytes(trained(d, 200));
        Parsed p = parse(bytes);
        int likelihood = KeyStateSections.LIKELIHOOD.tag;
        List<Section> less = new ArrayList<>(p.sections);
        less.removeIf(s -> s.tag == likelihood);
        KeyState back = codec.scratch();
        StateRestore r = read(codec, p.with(less).bytes(), back);
        assertEquals(Set.of(StateChange.SECTION_ADDED), r.changes());
        Parsed after = parse(codec.toBytes(back));
        assertArrayEquals(parse(codec.toBytes(d.newState())).get(likelihood).body, after.get(likelihood).body, "a new key's likelihood");
        for (Section s : p.sections)
            if (s.tag != likelihood) assertArrayEquals(s.body, after.get(s.tag).body, KeyStateSections.byTag(s.tag).name + " kept");
    }

    @Test
    void anOlderSectionVersionIsReadByTheReaderForThatVersion() throws IOException {
        Detector d = detector(H16, DetectorConfig.defaults(), "value");
        KeyStateCodec codec = new KeyStateCodec(d);
        KeyState s = trained(d, 200);
        s.awaitingTrustedProfile = false;   // as the older versions read it: they did not keep it
        byte[] bytes = codec.toBytes(s);
        Parsed p = parse(bytes);
        // core version 6 had the bytes of version 7, its flags without a key awaiting its trusted profile
        KeyState back6 = restoredUnchanged(codec, p.replacing(KeyStateSections.CORE.tag, 6, p.get(KeyStateSections.CORE.tag).body).bytes());
        assertArrayEquals(bytes, codec.toBytes(back6), "version 6 read as version 7");
        // core version 5 wrote the count and the model version as longs: the same key, 21 bytes
        byte[] v5 = coreVersion5(p.get(KeyStateSections.CORE.tag).body);
        assertEquals(21, v5.length);
        assertEquals(7, KeyStateSections.CORE.version);
        KeyState back = restoredUnchanged(codec, p.replacing(KeyStateSections.CORE.tag, 5, v5).bytes());
        assertEquals(s.sequence(), back.sequence());
        assertEquals(s.modelVersion(), back.modelVersion());
        assertArrayEquals(bytes, codec.toBytes(back), "version 5 read as version 7");
        // core version 1 had no flags byte: the sequence, warm-up and model version only
        back = restoredUnchanged(codec, p.replacing(KeyStateSections.CORE.tag, 1, Arrays.copyOf(v5, 18)).bytes());
        assertEquals(s.sequence(), back.sequence());
        assertEquals(s.modelVersion(), back.modelVersion());
        assertArrayEquals(bytes, codec.toBytes(back), "read as if written in version 7 with no flag set and no run anchoring");
        // core version 2 had the flags byte, but no run's anchored points: a key saved then was not anchoring a run
        back = restoredUnchanged(codec, p.replacing(KeyStateSections.CORE.tag, 2, Arrays.copyOf(v5, 19)).bytes());
        assertArrayEquals(bytes, codec.toBytes(back), "version 2 read as version 7 with no run anchoring");
        // core version 3 had the bytes of version 5, its flags without a run off the relations' centre
        back = restoredUnchanged(codec, p.replacing(KeyStateSections.CORE.tag, 3, v5).bytes());
        assertArrayEquals(bytes, codec.toBytes(back), "version 3 read as version 7");
        // core version 4 had the bytes of version 5, its flags without an incident of a settling run
        back = restoredUnchanged(codec, p.replacing(KeyStateSections.CORE.tag, 4, v5).bytes());
        assertArrayEquals(bytes, codec.toBytes(back), "version 4 read as version 7");
    }

    /**
     * A key whose daily profile is not yet trusted keeps awaiting it through a save and restore (core version 7); one
     * saved by core version 6, which did not keep it, is read as not awaiting, so it relearns where that release did.
     */
    @Test
    void aKeyAwaitingItsTrustedProfileStillAwaitsItAfterARestore() throws IOException {
        Detector d = detector(H16, DetectorConfig.defaults(), "value");
        KeyStateCodec codec = new KeyStateCodec(d);
        KeyState s = trained(d, 200);
        assertTrue(s.awaitingTrustedProfile, "200 points of a minute key: its profile is not trusted yet");
        byte[] bytes = codec.toBytes(s);
        KeyState back = restoredUnchanged(codec, bytes);
        assertTrue(back.awaitingTrustedProfile);
        assertArrayEquals(bytes, codec.toBytes(back));
        Parsed p = parse(bytes);
        byte[] core = p.get(KeyStateSections.CORE.tag).body;
        assertFalse(restoredUnchanged(codec, p.replacing(KeyStateSections.CORE.tag, 6, core).bytes()).awaitingTrustedProfile,
                "a version 6 core, which never wrote the bit, is read as not awaiting");
    }

    /** Core version 5 of a version 6 or 7 body (the same layout): the count and the model version as longs, not varints. */
    private static byte[] coreVersion5(byte[] v6) throws IOException {
        StateInput in = new StateInput(v6);
        StateOutput out = new StateOutput(32);
        out.writeLong(in.readVarlong());
        out.writeShort(in.readShort());
        out.writeLong(in.readVarlong() - 1);
        out.writeByte(in.readUnsignedByte());
        out.writeShort(in.readShort());
        assertEquals(0, in.available(), "every field of core version 7 read");
        return out.toByteArray();
    }

    @Test
    void aSectionOfANewerVersionStartsFresh() throws IOException {
        Detector d = detector(H16, DetectorConfig.defaults(), "value");
        KeyStateCodec codec = new KeyStateCodec(d);
        byte[] bytes = codec.toBytes(trained(d, 200));
        Parsed p = parse(bytes);
        int range = KeyStateSections.RANGE.tag;
        List<Section> newer = new ArrayList<>();
        for (Section sec : p.sections) newer.add(sec.tag == range ? new Section(range, 7, new byte[]{1, 2, 3}) : sec);
        KeyState back = codec.scratch();
        StateRestore r = read(codec, p.with(newer).bytes(), back);
        assertEquals(Set.of(StateChange.SECTION_VERSION), r.changes());
        assertTrue(r.detail(StateChange.SECTION_VERSION).contains("range version 7"), r.detail(StateChange.SECTION_VERSION));
        assertArrayEquals(parse(codec.toBytes(d.newState())).get(range).body, parse(codec.toBytes(back)).get(range).body);
    }

    @Test
    void corruptBytesAreRefusedWithTheReason() throws IOException {
        Detector d = detector(H16, DetectorConfig.defaults(), "value");
        KeyStateCodec codec = new KeyStateCodec(d);
        byte[] bytes = codec.toBytes(trained(d, 200));
        Parsed p = parse(bytes);
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("empty key state", new byte[0]);
        bad.put("format 9", concat(new byte[]{9}, Arrays.copyOfRange(bytes, 1, bytes.length)));
        bad.put("header is truncated", Arrays.copyOf(bytes, 12));
        bad.put("truncated: section", Arrays.copyOf(bytes, bytes.length - 2));   // the last section's length runs past the end
        List<Section> twice = new ArrayList<>(p.sections);
        twice.add(p.sections.get(2));
        bad.put("twice", p.with(twice).bytes());
        List<Section> shortRange = new ArrayList<>();
        for (Section s : p.sections) shortRange.add(s.tag == KeyStateSections.RANGE.tag ? new Section(s.tag, 1, new byte[5]) : s);
        bad.put("range version 1 of 5 bytes", p.with(shortRange).bytes());
        List<Section> longCore = new ArrayList<>();
        for (Section s : p.sections) longCore.add(s.tag == KeyStateSections.CORE.tag ? new Section(s.tag, 2, new byte[40]) : s);
        bad.put("its reader took 19", p.with(longCore).bytes());
        for (Map.Entry<String, byte[]> e : bad.entrySet()) {
            CorruptStateException x = assertThrows(CorruptStateException.class, () -> read(codec, e.getValue(), codec.scratch()), e.getKey());
            assertTrue(x.getMessage().contains(e.getKey()), e.getKey() + ": " + x.getMessage());
        }
    }

    @Test
    void anotherModelShapeResetsTheRecurrentStateAndHeadCorrectionOnly() throws IOException {
        Detector small = detector(H16, DetectorConfig.defaults(), "value");
        KeyState s = trained(small, 300);
        byte[] bytes = new KeyStateCodec(small).toBytes(s);
        Detector big = detector(H32, DetectorConfig.defaults(), "value");
        KeyStateCodec codec = new KeyStateCodec(big);
        KeyState back = codec.scratch();
        StateRestore r = read(codec, bytes, back);
        assertEquals(Set.of(StateChange.MODEL_ARCHITECTURE), r.changes());
        assertTrue(r.detail(StateChange.MODEL_ARCHITECTURE).contains("H=16") && r.detail(StateChange.MODEL_ARCHITECTURE).contains("H=32"),
                r.detail(StateChange.MODEL_ARCHITECTURE));
        Parsed before = parse(bytes), after = parse(codec.toBytes(back));
        for (StateSection kept : List.of(KeyStateSections.NORMALISER, KeyStateSections.INTERVALS, KeyStateSections.ERROR_SCALE,
                KeyStateSections.LIKELIHOOD, KeyStateSections.INCIDENTS, KeyStateSections.RANGE))
            assertArrayEquals(before.get(kept.tag).body, after.get(kept.tag).body, kept.name + " carries on");
        for (float v : back.h) assertEquals(0f, v);
        for (float v : back.correction.dw) assertEquals(0f, v);
        assertEquals(s.sequence(), back.sequence(), "the key's count carries on");
        // the next point says the recurrent state was reset, and the key warms up again as after a long gap
        List<Outcome> next = new ArrayList<>();
        big.process(back, "k", s.lastTime() + 60_000, new double[]{10}, 0, next::add);
        PointResult p = (PointResult) next.get(0);
        assertTrue(p.stateReset() && p.warmUp(), p.toString());
        assertEquals(s.sequence(), p.sequence());
    }

    @Test
    void anotherAdaptationModeResetsTheHeadCorrectionOrWidensIt() throws IOException {
        LstmModel m = H16;
        Detector readout = detector(m, DetectorConfig.builder().adaptation(Adaptation.READOUT).build(), "value");
        Detector bias = detector(m, DetectorConfig.builder().adaptation(Adaptation.BIAS).build(), "value");
        Detector none = detector(m, DetectorConfig.builder().adaptation(Adaptation.NONE).build(), "value");

        // READOUT -> BIAS and READOUT -> NONE: the correction cannot be kept
        byte[] fromReadout = new KeyStateCodec(readout).toBytes(trained(readout, 300));
        for (Detector to : List.of(bias, none)) {
            KeyStateCodec codec = new KeyStateCodec(to);
            KeyState back = codec.scratch();
            assertEquals(Set.of(StateChange.ADAPTATION_MODE), read(codec, fromReadout, back).changes(), to.config().adaptation().toString());
            for (float v : back.correction.db) assertEquals(0f, v);
            assertArrayEquals(parse(fromReadout).get(KeyStateSections.NORMALISER.tag).body,
                    parse(codec.toBytes(back)).get(KeyStateSections.NORMALISER.tag).body);
        }

        // BIAS -> READOUT: the bias is kept and the weights start at zero, so the next forecast is the same
        KeyState underBias = trained(bias, 300);
        byte[] fromBias = new KeyStateCodec(bias).toBytes(underBias);
        KeyStateCodec codec = new KeyStateCodec(readout);
        KeyState back = codec.scratch();
        assertEquals(Set.of(StateChange.ADAPTATION_WIDENED), read(codec, fromBias, back).changes());
        assertArrayEquals(underBias.correction.db, back.correction.db);
        List<Outcome> a = new ArrayList<>(), b = new ArrayList<>();
        long t = underBias.lastTime() + 60_000;
        bias.process(new KeyStateCodec(bias).fromBytes(fromBias), "k", t, new double[]{11}, 0, a::add);
        readout.process(back, "k", t, new double[]{11}, 0, b::add);
        assertEquals(TestModels.canonical(a.get(0)), TestModels.canonical(b.get(0)));

        // NONE -> BIAS: nothing was learned, nothing to report
        KeyStateCodec toBias = new KeyStateCodec(bias);
        assertTrue(read(toBias, new KeyStateCodec(none).toBytes(trained(none, 100)), toBias.scratch()).isEmpty());
    }

    @Test
    void dropToReorderStartsAnEmptyBufferAfterTheKeysLastPoint() {
        DetectorConfig drop = DetectorConfig.defaults();
        DetectorConfig reorder = DetectorConfig.builder().orderPolicy(OrderPolicy.REORDER).reorderBoundMillis(150_000).build();
        int n = 400, cut = 250;
        long[] t = TestModels.minutes(n);
        double[][] v = TestModels.seasonal(n, 4);
        Detector a = detector(H16, drop, "value");
        KeyState s = a.newState();
        List<Outcome> whole = new ArrayList<>();
        for (int i = 0; i < n; i++) a.process(s, "k", t[i], v[i], i, whole::add);

        Detector b = detector(H16, reorder, "value");
        KeyStateCodec codec = new KeyStateCodec(b);
        KeyState cont = a.newState();
        List<Outcome> split = new ArrayList<>();
        for (int i = 0; i < cut; i++) a.process(cont, "k", t[i], v[i], i, split::add);
        KeyState back = codec.scratch();
        assertEquals(Set.of(StateChange.ORDER_POLICY), read(codec, new KeyStateCodec(a).toBytes(cont), back).changes());
        List<Outcome> refused = new ArrayList<>();
        b.process(back, "k", t[cut - 2], v[cut - 2], -1, refused::add);   // before the key's last point: late, not taken
        assertEquals(DropReason.LATE, ((DroppedPoint) refused.get(0)).cause());
        for (int i = cut; i < n; i++) b.process(back, "k", t[i], v[i], i, split::add);
        b.flush(back, "k", split::add);
        // in-order input: reordering changes when a point is scored, not how
        assertEquals(whole.size(), split.size());
        for (int i = 0; i < n; i++) assertEquals(TestModels.canonical(whole.get(i)), TestModels.canonical(split.get(i)), "point " + i);
    }

    @Test
    void reorderToDropReleasesTheHeldPointsAsAFlushWould() {
        DetectorConfig reorder = DetectorConfig.builder().orderPolicy(OrderPolicy.REORDER).reorderBoundMillis(150_000).build();
        Detector a = detector(H16, reorder, "value");
        KeyState s = trained(a, 300);
        assertTrue(s.buffered() > 0);
        byte[] bytes = new KeyStateCodec(a).toBytes(s);
        List<Outcome> flushed = new ArrayList<>();
        a.flush(new KeyStateCodec(a).fromBytes(bytes), "k", flushed::add);

        Detector b = detector(H16, DetectorConfig.defaults(), "value");
        KeyStateCodec codec = new KeyStateCodec(b);
        KeyState back = codec.scratch();
        StateRestore r = read(codec, bytes, back);
        assertEquals(Set.of(StateChange.ORDER_POLICY), r.changes());
        assertEquals(s.buffered(), r.released().size());
        List<Outcome> released = new ArrayList<>();
        b.release(back, "k", r.released(), released::add);
        assertEquals(flushed.size(), released.size());
        for (int i = 0; i < flushed.size(); i++) assertEquals(TestModels.canonical(flushed.get(i)), TestModels.canonical(released.get(i)));
    }

    @Test
    void statesOfTheReleaseBeforeSectionsAreReadFieldForField() throws IOException {
        Map<String, byte[]> fixtures = format2Fixtures();
        Map<String, Detector> under = Map.of(
                "defaults-h32", detector(TestModels.untrained(32, 1, 7), DetectorConfig.defaults(), "value"),
                "bias-reorder-h8-two-channels", detector(TestModels.untrained(8, 1, 8), DetectorConfig.builder()
                        .adaptation(Adaptation.BIAS).orderPolicy(OrderPolicy.REORDER).reorderBoundMillis(150_000).build(), "a", "b"));
        for (Map.Entry<String, byte[]> f : fixtures.entrySet()) {
            KeyStateCodec codec = new KeyStateCodec(under.get(f.getKey()));
            KeyState back = codec.scratch();
            StateRestore r = read(codec, f.getValue(), back);
            assertEquals(Set.of(StateChange.LEGACY_FORMAT), r.changes(), f.getKey());
            // written again in format 2's layout, the fields are the bytes read: nothing lost or moved
            assertArrayEquals(f.getValue(), format2(f.getValue(), codec.toBytes(back)), f.getKey());
            assertTrue(back.sequence() >= 117, f.getKey());
        }
        assertTrue(read(new KeyStateCodec(under.get("bias-reorder-h8-two-channels")), fixtures.get("bias-reorder-h8-two-channels"),
                new KeyStateCodec(under.get("bias-reorder-h8-two-channels")).scratch()).released().isEmpty());
        // under other settings the old layout does not fit: the key starts fresh, flagged on its next point
        Detector other = detector(TestModels.untrained(16, 1, 7), DetectorConfig.defaults(), "value");
        KeyStateCodec codec = new KeyStateCodec(other);
        KeyState back = codec.scratch();
        assertEquals(Set.of(StateChange.LEGACY_LAYOUT), read(codec, fixtures.get("defaults-h32"), back).changes());
        assertEquals(0, back.sequence());
        assertTrue(back.resetPending);
    }

    /** Format 2 of a sectioned state: the old envelope around the version-1 bodies of the format-2 sections. */
    private static byte[] format2(byte[] envelopeOf, byte[] sectioned) throws IOException {
        StateInput in = new StateInput(envelopeOf);
        int n = in.readUnsignedShort();
        for (int i = 0; i < n; i++) in.readUTF();
        byte[] channels = Arrays.copyOf(envelopeOf, in.position());
        StateOutput body = new StateOutput(512);
        body.writeByte(2);
        Parsed p = parse(sectioned);
        for (StateSection sec : KeyStateSections.ALL) {
            Section s = p.get(sec.tag);
            if (s == null || !sec.inFormat2) continue;
            body.write(sec == KeyStateSections.CORE ? Arrays.copyOf(coreVersion5(s.body), 18)   // core v1 had no flags
                    : sec == KeyStateSections.INCIDENTS ? incidentsVersion1(incidentsVersion2(s.body))
                    : sec == KeyStateSections.ERROR_SCALE ? errorScaleVersion1(s.body)
                    : sec == KeyStateSections.NORMALISER ? normaliserVersion1(normaliserVersion4(s.body)) : s.body);
        }
        StateOutput out = new StateOutput(600);
        out.write(channels);
        out.writeInt(body.position());
        out.write(body.toByteArray());
        return out.toByteArray();
    }

    /**
     * Error scale version 1: the live scale alone, a count and a float per channel. With two or more channels v2 adds
     * the spread reference (the same again) and v3 each channel's last error; v4 adds the moved points' mean square per
     * channel: 4 + 4 bytes with one channel, 8 + 16 per channel with more.
     */
    private static byte[] errorScaleVersion1(byte[] v4) {
        int channels = v4.length == 4 + 4 + 4 ? 1 : (v4.length - 8) / 16;
        return Arrays.copyOf(v4, 4 + 4 * channels);
    }

    /**
     * Normaliser version 1: per channel the location and scale (doubles) and a long count. v2 keeps the count as an
     * int and adds the moved points' scale and the last value (floats); v3 the moved share (a short); v4 the last
     * value seen (a float): 34 bytes per channel.
     */
    private static byte[] normaliserVersion1(byte[] v4) throws IOException {
        StateInput in = new StateInput(v4);
        StateOutput out = new StateOutput(64);
        for (int ch = 0; ch < v4.length / 34; ch++) {
            out.writeDouble(in.readDouble());
            out.writeDouble(in.readDouble());
            out.writeLong(in.readInt());
            in.readFloat();
            in.readFloat();
            in.readShort();
            in.readFloat();
        }
        return out.toByteArray();
    }

    /**
     * A one-channel key trained on 300 points: its codec, state, parsed bytes and normaliser section, as written
     * (version 5) and in version 4's layout.
     */
    private record NormaliserCase(KeyStateCodec codec, KeyState state, Parsed parsed, byte[] current, byte[] v4) {
    }

    private static NormaliserCase normaliserCase() throws IOException {
        Detector d = detector(H16, DetectorConfig.defaults(), "value");
        KeyStateCodec codec = new KeyStateCodec(d);
        KeyState s = trained(d, 300);
        Parsed p = parse(codec.toBytes(s));
        byte[] current = p.get(KeyStateSections.NORMALISER.tag).body;
        return new NormaliserCase(codec, s, p, current, normaliserVersion4(current));
    }

    /** Normaliser version 4: version 5 or 6 without the level switches that follow every channel's 34 bytes (10 a channel). */
    private static byte[] normaliserVersion4(byte[] v5) {
        return Arrays.copyOf(v5, v5.length / 44 * 34);
    }

    /**
     * Incidents version 2: first seen, then points and age as ints (v3 writes them first, as varints), then the clocks
     * as they are; without v3's summed shift per channel.
     */
    private static byte[] incidentsVersion2(byte[] v3) throws IOException {
        StateInput in = new StateInput(v3);
        int points = in.readVarint(), age = in.readVarint();
        StateOutput out = new StateOutput(32);
        out.writeLong(in.readLong());
        out.writeInt(points);
        out.writeInt(age);
        for (int i = 0; i < 13; i++) out.writeByte(in.readUnsignedByte());
        return out.toByteArray();
    }

    /** Normaliser version {@code version} (2 or 3): version 4 without the last value seen, and before 3 without the moved share. */
    private static byte[] normaliserVersion(int version, byte[] v4) {
        int per = version == 3 ? 30 : 28;
        byte[] old = new byte[v4.length / 34 * per];
        for (int ch = 0; ch < v4.length / 34; ch++) System.arraycopy(v4, ch * 34, old, ch * per, per);
        return old;
    }

    /** Incidents version 1: first seen and points, then (without v2's age) the quiet count, clocks and load; no alert flag or close clock. */
    private static byte[] incidentsVersion1(byte[] v2) {
        byte[] v1 = new byte[22];
        System.arraycopy(v2, 0, v1, 0, 12);
        System.arraycopy(v2, 16, v1, 12, 10);
        return v1;
    }

    @Test
    void incidentsOfVersion1AreReadWithTheirOpenIncident() throws IOException {
        Detector d = detector(H16, DetectorConfig.defaults(), "value");
        KeyStateCodec codec = new KeyStateCodec(d);
        KeyState s = trained(d, 200);
        byte[] bytes = codec.toBytes(s);
        Parsed p = parse(bytes);
        byte[] v1 = incidentsVersion1(incidentsVersion2(p.get(KeyStateSections.INCIDENTS.tag).body));
        Parsed old = p.replacing(KeyStateSections.INCIDENTS.tag, 1, v1);
        assertEquals(3, KeyStateSections.INCIDENTS.version);
        KeyState back = restoredUnchanged(codec, old.bytes());
        byte[] again = parse(codec.toBytes(back)).get(KeyStateSections.INCIDENTS.tag).body;
        assertArrayEquals(v1, incidentsVersion1(incidentsVersion2(again)), "every field version 1 had is kept");
    }

    @Test
    void incidentsOfVersion2AndTheirShiftSectionAreReadAsOneSectionNow() throws IOException {
        Detector d = detector(H16, DetectorConfig.defaults(), "rpm", "temp");
        KeyStateCodec codec = new KeyStateCodec(d);
        KeyState s = trained(d, 200);
        // a long incident's counts (2 and 3 bytes as varints) and a shift summed on each channel
        ByteArrayOutputStream clocks = new ByteArrayOutputStream();
        s.incidents.writeClocks(new DataOutputStream(clocks));
        s.incidents.readClocks(new DataInputStream(new ByteArrayInputStream(clocks.toByteArray())), 300, 20_000);
        s.shiftSum[0] = 2.5f;
        s.shiftSum[1] = -0.75f;
        byte[] bytes = codec.toBytes(s);
        Parsed p = parse(bytes);
        byte[] v3 = p.get(KeyStateSections.INCIDENTS.tag).body;
        assertEquals(2 + 3 + 8 + 13 + 2 * 4, v3.length, "the points and age as varints, first seen, the clocks, then each channel's summed shift");
        assertEquals(null, p.get(KeyStateSections.INCIDENT_SHIFT.tag), "the summed shift has no section of its own now");
        // written before v3: incidents of version 2, and the summed shift in its own section after the phase profile
        StateOutput shift = new StateOutput(8);
        shift.writeFloat(2.5f);
        shift.writeFloat(-0.75f);
        List<Section> old = new ArrayList<>();
        for (Section sec : p.sections) {
            if (sec.tag == KeyStateSections.INCIDENTS.tag) old.add(new Section(sec.tag, 2, incidentsVersion2(v3)));
            else old.add(sec);
            if (sec.tag == KeyStateSections.PHASE_PROFILE.tag) old.add(new Section(KeyStateSections.INCIDENT_SHIFT.tag, 1, shift.toByteArray()));
        }
        KeyState back = restoredUnchanged(codec, p.with(old).bytes());
        assertArrayEquals(bytes, codec.toBytes(back), "read field for field, and written as one section");
        assertEquals(300, back.incidents.points());
        assertEquals(20_000, back.incidents.age());
    }

    @Test
    void hourlyPeaksOfVersion1AreReadAsTheirTwoDaysLargestFirst() throws IOException {
        Detector d = detector(H16, DetectorConfig.defaults(), "value");
        KeyStateCodec codec = new KeyStateCodec(d);
        Parsed p = parse(codec.toBytes(trained(d, 200)));
        // version 1: the current hour's peak, then each hour's peak yesterday, then the day before (16-bit log2 x 256)
        java.nio.ByteBuffer v1 = java.nio.ByteBuffer.allocate(4 + 2 * 2 * 24).putFloat(3f);
        for (int b = 0; b < 24; b++) v1.putShort((short) (b % 2 == 0 ? 256 : 768));
        for (int b = 0; b < 24; b++) v1.putShort((short) (b % 2 == 0 ? 768 : 256));
        assertEquals(3, KeyStateSections.HOURLY_PEAKS.version);
        KeyState back = restoredUnchanged(codec, p.replacing(KeyStateSections.HOURLY_PEAKS.tag, 1, v1.array()).bytes());
        java.nio.ByteBuffer again = java.nio.ByteBuffer.wrap(parse(codec.toBytes(back)).get(KeyStateSections.HOURLY_PEAKS.tag).body);
        assertEquals(406, again.getShort(), "the current hour's peak as written, as the code its hour keeps: log2(3) x 256, rounded");
        for (int b = 0; b < 24; b++) assertEquals(768, again.getShort(), "hour " + b + ": the larger of its two days first");
        for (int b = 0; b < 24; b++) assertEquals(256, again.getShort(), "hour " + b + ": then the smaller, which it expects");
    }

    @Test
    void hourlyPeaksOfVersion2KeepTheirCurrentHoursPeakAsTheCodeItsHourKeeps() throws IOException {
        Detector d = detector(H16, DetectorConfig.defaults(), "value");
        KeyStateCodec codec = new KeyStateCodec(d);
        Parsed p = parse(codec.toBytes(trained(d, 200)));
        byte[] v3 = p.get(KeyStateSections.HOURLY_PEAKS.tag).body;
        assertEquals(2 + 2 * 2 * 24, v3.length, "the current hour's peak's code, then each hour's two peaks");
        // version 2: the current hour's peak as a float, then the hours' peaks as they are now
        java.nio.ByteBuffer v2 = java.nio.ByteBuffer.allocate(4 + 2 * 2 * 24).putFloat(0.7f).put(v3, 2, 2 * 2 * 24);
        KeyState back = restoredUnchanged(codec, p.replacing(KeyStateSections.HOURLY_PEAKS.tag, 2, v2.array()).bytes());
        java.nio.ByteBuffer again = java.nio.ByteBuffer.wrap(parse(codec.toBytes(back)).get(KeyStateSections.HOURLY_PEAKS.tag).body);
        assertEquals((short) Math.rint(Math.log(0.7f) / Math.log(2) * 256), again.getShort(), "0.7 as its code");
        assertArrayEquals(Arrays.copyOfRange(v3, 2, v3.length), Arrays.copyOfRange(again.array(), 2, again.array().length), "the hours' peaks as written");
    }

    @Test
    void aLevelEvidenceOfVersion1Or2OnThreeOrMoreChannelsIsReadWithThePooledRangesItLacksLearnedAnew() throws IOException {
        Detector d = detector(H16, DetectorConfig.defaults(), "a", "b", "c", "d");
        KeyStateCodec codec = new KeyStateCodec(d);
        KeyState s = trained(d, 1500);
        Parsed p = parse(codec.toBytes(s));
        byte[] v3 = p.get(KeyStateSections.LEVEL_EVIDENCE.tag).body;
        assertEquals(4 + 4 * 36 + 24, v3.length, "the count, three averages per channel, then the 64- and the 16-point pooled ranges");
        assertTrue(new StateInput(Arrays.copyOfRange(v3, v3.length - 24, v3.length)).readInt() > 0, "the 64-point pooled range has learned");
        assertTrue(new StateInput(Arrays.copyOfRange(v3, v3.length - 12, v3.length)).readInt() > 0, "the 16-point pooled range has learned");
        assertEquals(3, KeyStateSections.LEVEL_EVIDENCE.version);
        for (int version = 1; version <= 2; version++) {
            byte[] old = Arrays.copyOf(v3, v3.length - 12 * (3 - version));
            KeyState back = restoredUnchanged(codec, p.replacing(KeyStateSections.LEVEL_EVIDENCE.tag, version, old).bytes());
            byte[] again = parse(codec.toBytes(back)).get(KeyStateSections.LEVEL_EVIDENCE.tag).body;
            assertArrayEquals(old, Arrays.copyOf(again, old.length), "version " + version + ": what it has, as written");
            assertArrayEquals(new byte[again.length - old.length], Arrays.copyOfRange(again, old.length, again.length),
                    "version " + version + ": the ranges it lacks start again");
        }
        // a key of two channels has none: its section is version 1's layout
        Detector two = detector(H16, DetectorConfig.defaults(), "a", "b");
        assertEquals(4 + 2 * 36, parse(new KeyStateCodec(two).toBytes(trained(two, 400))).get(KeyStateSections.LEVEL_EVIDENCE.tag).body.length);
    }

    @Test
    void channelRelationsOfVersion1AreReadWithTheirCentreStartedAgainAtTheKeysLevel() throws IOException {
        Detector d = detector(H16, DetectorConfig.defaults(), "a", "b", "c");
        KeyStateCodec codec = new KeyStateCodec(d);
        KeyState s = trained(d, 400);
        Parsed p = parse(codec.toBytes(s));
        byte[] v2 = p.get(KeyStateSections.RELATIONS.tag).body;
        assertEquals(4 + 4 * 6 + 8 * 3, v2.length, "the count, the covariance's lower triangle, then the centre");
        byte[] v1 = Arrays.copyOf(v2, v2.length - 24);
        Parsed old = p.replacing(KeyStateSections.RELATIONS.tag, 1, v1);
        assertEquals(2, KeyStateSections.RELATIONS.version);
        KeyState back = restoredUnchanged(codec, old.bytes());
        byte[] again = parse(codec.toBytes(back)).get(KeyStateSections.RELATIONS.tag).body;
        assertArrayEquals(v1, Arrays.copyOf(again, v1.length), "the count and covariance as written");
        StateInput centre = new StateInput(Arrays.copyOfRange(again, v1.length, again.length));
        for (int ch = 0; ch < 3; ch++) assertTrue(Double.isNaN(centre.readDouble()), "no centre yet on channel " + ch);
        // the points after it start it again, at the key's level
        double[][] more = TestModels.seasonal(500, 9);
        long[] t = TestModels.minutes(500);
        for (int i = 400; i < 500; i++) {
            double[] v = new double[3];
            for (int ch = 0; ch < 3; ch++) v[ch] = more[i][0] * (ch + 1);
            d.process(back, "k", t[i], v, i, o -> { });
        }
        StateInput learned = new StateInput(Arrays.copyOfRange(parse(codec.toBytes(back)).get(KeyStateSections.RELATIONS.tag).body, v1.length, again.length));
        for (int ch = 0; ch < 3; ch++) {
            double c = learned.readDouble();
            assertEquals(back.normaliser.location(ch), c, back.normaliser.scale(ch), "channel " + ch + "'s centre, near the key's level");
        }
    }

    @Test
    void anErrorScaleOfVersion1StartsTheSpreadReferenceAsTheErrorScale() throws IOException {
        Detector d = detector(H16, DetectorConfig.defaults(), "rpm", "temp");
        KeyStateCodec codec = new KeyStateCodec(d);
        KeyState s = trained(d, 400);
        Parsed p = parse(codec.toBytes(s));
        byte[] v3 = p.get(KeyStateSections.ERROR_SCALE.tag).body;
        assertEquals(2 * (4 + 2 * 4) + 2 * 4 + 2 * 4, v3.length,
                "the live scale, then the reference (a count and a float per channel each), then each channel's last error, then the moved points' mean square");
        byte[] v1 = Arrays.copyOf(v3, 4 + 2 * 4);
        Parsed old = p.replacing(KeyStateSections.ERROR_SCALE.tag, 1, v1);
        assertEquals(4, KeyStateSections.ERROR_SCALE.version);
        KeyState back = restoredUnchanged(codec, old.bytes());
        byte[] again = parse(codec.toBytes(back)).get(KeyStateSections.ERROR_SCALE.tag).body;
        assertArrayEquals(v1, Arrays.copyOf(again, v1.length), "the live scale as written");
        assertArrayEquals(v1, Arrays.copyOfRange(again, v1.length, 2 * v1.length), "the reference starts as the live scale");
        assertNoLastErrors(back);
    }

    @Test
    void aNormaliserOfVersion1ScalesAsItDidAndCountsItsNextPointAsMoved() throws IOException {
        NormaliserCase c = normaliserCase();
        KeyStateCodec codec = c.codec();
        KeyState s = c.state();
        Parsed p = c.parsed();
        byte[] v4 = c.v4();
        assertEquals(34 + 10, c.current().length, "location and scale (doubles), the count (an int), the moved points' scale, the last value, "
                + "the moved share and the last value seen; then the two levels it switches between, their counts and the settling left");
        byte[] v1 = normaliserVersion1(v4);
        Parsed old = p.replacing(KeyStateSections.NORMALISER.tag, 1, v1);
        assertEquals(8, KeyStateSections.NORMALISER.version);
        KeyState back = restoredUnchanged(codec, old.bytes());
        assertEquals(s.normaliser.location(0), back.normaliser.location(0));
        assertEquals(s.normaliser.scale(0), back.normaliser.scale(0), "the scale in force is the scale written");
        assertTrue(back.normaliser.moves(0, s.normaliser.location(0)), "no last value: the next point counts as moved");
        assertArrayEquals(v1, normaliserVersion1(normaliserVersion4(parse(codec.toBytes(back)).get(KeyStateSections.NORMALISER.tag).body)),
                "every field version 1 had is kept");
    }

    @Test
    void aNormaliserOfVersion2KeepsEveryFieldAndLearnsItsMovedShareAfresh() throws IOException {
        NormaliserCase c = normaliserCase();
        KeyStateCodec codec = c.codec();
        byte[] v4 = c.v4();
        byte[] v2 = normaliserVersion(2, v4);
        KeyState back = restoredUnchanged(codec, c.parsed().replacing(KeyStateSections.NORMALISER.tag, 2, v2).bytes());
        byte[] again = normaliserVersion4(parse(codec.toBytes(back)).get(KeyStateSections.NORMALISER.tag).body);
        assertArrayEquals(v2, normaliserVersion(2, again), "every field version 2 had is kept");
        assertEquals(0, again[28] | again[29], "no moved share in version 2: it starts at 0");
        // the trained key moved at every point, so written now it stands still at its last reading; read from version
        // 2 it does not, until its next points teach it that it usually moves
        float lastValue = java.nio.ByteBuffer.wrap(v4, 24, 4).getFloat();
        assertTrue(c.state().normaliser.standsStill(0, lastValue, Detector.STILL_MOVED_SHARE), "moved share as written: " + (v4[28] & 0xff));
        assertFalse(back.normaliser.standsStill(0, lastValue, Detector.STILL_MOVED_SHARE));
    }

    @Test
    void aNormaliserOfVersion3StartsItsLastValueSeenAsItsLastValueLearned() throws IOException {
        NormaliserCase c = normaliserCase();
        byte[] v4 = c.v4();
        // the trained key ends normal: the last value it saw is the last it learned
        assertArrayEquals(Arrays.copyOfRange(v4, 24, 28), Arrays.copyOfRange(v4, 30, 34), "last value learned, then seen");
        byte[] v3 = normaliserVersion(3, v4);
        KeyState back = restoredUnchanged(c.codec(), c.parsed().replacing(KeyStateSections.NORMALISER.tag, 3, v3).bytes());
        assertArrayEquals(v4, normaliserVersion4(parse(c.codec().toBytes(back)).get(KeyStateSections.NORMALISER.tag).body),
                "version 3 read as version 4, its last value seen its last value learned");
    }

    /** The case's key after switching between 0 and 1000 while normal: both levels trusted, settling under way. */
    private static KeyState switchedBetween0And1000(NormaliserCase c) {
        KeyState s = c.state();
        for (int i = 0; i < 6; i++) {
            s.switches.judge(0, 1000, 0, 1, 1000, true, true);
            s.switches.judge(0, 0, 1000, 1, -1000, true, true);
        }
        return s;
    }

    @Test
    void aNormaliserOfVersion4KeepsEveryFieldAndLearnsItsLevelSwitchesAfresh() throws IOException {
        NormaliserCase c = normaliserCase();
        KeyState s = switchedBetween0And1000(c);
        assertTrue(s.switches.settling(0) > 0 && s.switches.count(0, 0) >= 5 && s.switches.count(0, 1) >= 5);
        byte[] v5 = parse(c.codec().toBytes(s)).get(KeyStateSections.NORMALISER.tag).body;
        StateInput switches = new StateInput(Arrays.copyOfRange(v5, 34, 44));
        assertEquals(Set.of(1000f, 0f), Set.of(switches.readFloat(), switches.readFloat()), "the two levels it switches between");
        assertEquals(s.switches.count(0, 0) | s.switches.count(0, 1) << 4, switches.readUnsignedByte(), "their counts, a nibble each");
        assertEquals(s.switches.settling(0), switches.readUnsignedByte() & 0x1f, "the settling left, in the byte's low five bits");
        KeyState back = restoredUnchanged(c.codec(), parse(c.codec().toBytes(s)).replacing(KeyStateSections.NORMALISER.tag, 4, normaliserVersion4(v5)).bytes());
        byte[] again = parse(c.codec().toBytes(back)).get(KeyStateSections.NORMALISER.tag).body;
        assertArrayEquals(normaliserVersion4(v5), normaliserVersion4(again), "every field version 4 had is kept");
        assertTrue(Double.isNaN(back.switches.level(0, 0)) && Double.isNaN(back.switches.level(0, 1)), "no levels yet");
        assertEquals(0, back.switches.count(0, 0) + back.switches.count(0, 1) + back.switches.settling(0));
        assertArrayEquals(v5, parse(c.codec().toBytes(restoredUnchanged(c.codec(), c.codec().toBytes(s)))).get(KeyStateSections.NORMALISER.tag).body,
                "version 8 round trips");
    }

    @Test
    void aNormaliserOfVersion5Or6KeepsEveryFieldAndCountsNoDeparturesYet() throws IOException {
        NormaliserCase c = normaliserCase();
        KeyState s = switchedBetween0And1000(c);
        s.switches.fromLevels(0, true);
        int settling = s.switches.settling(0), departures = s.switches.departures(0);
        assertTrue(settling > 0 && departures >= LevelSwitches.STEADY_DEPARTURES);
        byte[] v7 = parse(c.codec().toBytes(s)).get(KeyStateSections.NORMALISER.tag).body;
        assertEquals(0x80 | departures << 5 | settling, v7[43] & 0xff,
                "the settling byte: the points left, the departures from a level in a row, and the top bit for a level measured from the levels");
        KeyState same = restoredUnchanged(c.codec(), c.codec().toBytes(s));
        assertTrue(same.switches.fromLevels(0) && same.switches.settling(0) == settling && same.switches.departures(0) == departures,
                "version 8 round trips");
        // version 6 had the top bit and the settling, which never reached the two bits between them
        byte[] v6 = v7.clone();
        v6[43] = (byte) (0x80 | settling);
        KeyState back6 = restoredUnchanged(c.codec(), parse(c.codec().toBytes(s)).replacing(KeyStateSections.NORMALISER.tag, 6, v6).bytes());
        assertTrue(back6.switches.fromLevels(0));
        assertEquals(0, back6.switches.departures(0), "no departures counted yet: measured from the key's level until two are");
        assertEquals(settling, back6.switches.settling(0));
        assertArrayEquals(v6, parse(c.codec().toBytes(back6)).get(KeyStateSections.NORMALISER.tag).body, "every field version 6 had is kept");
        // version 5 had no top bit either
        byte[] v5 = v7.clone();
        v5[43] = (byte) settling;
        KeyState back5 = restoredUnchanged(c.codec(), parse(c.codec().toBytes(s)).replacing(KeyStateSections.NORMALISER.tag, 5, v5).bytes());
        assertFalse(back5.switches.fromLevels(0), "measured from the key's level, as version 5 was");
        assertEquals(settling, back5.switches.settling(0));
        assertEquals(s.switches.level(0, 0), back5.switches.level(0, 0));
        assertEquals(s.switches.level(0, 1), back5.switches.level(0, 1));
        assertArrayEquals(v5, parse(c.codec().toBytes(back5)).get(KeyStateSections.NORMALISER.tag).body, "every field version 5 had is kept");
    }

    @Test
    void aNormalisersRepeatsAndUsualRunRideInItsCountsTopBitsAndAVersion7CountsNoneYet() throws IOException {
        NormaliserCase c = normaliserCase();
        KeyState s = c.state();
        int count = java.nio.ByteBuffer.wrap(c.current(), 16, 4).getInt();
        assertTrue(count > 0 && count >>> 23 == 0, "a key that moves at every point: no repeats, none usual, over its count of " + count);
        for (int i = 0; i < 3; i++) s.normaliser.learn(0, 21.5, 2000, 16, 4);   // a reading, then two repeats of it: a usual run
        float frozen = 23.25f;
        for (int i = 0; i < 4; i++) s.normaliser.learn(0, frozen, 2000, 16, 4);   // a reading, then three repeats of it
        assertEquals(2, s.normaliser.usualRepeats(0), "the run of two that ended");
        byte[] v8 = parse(c.codec().toBytes(s)).get(KeyStateSections.NORMALISER.tag).body;
        assertEquals(3 << 27 | 2 << 23 | count + 7, java.nio.ByteBuffer.wrap(v8, 16, 4).getInt(), "three repeats, a usual run of two, over the count");
        KeyState same = restoredUnchanged(c.codec(), c.codec().toBytes(s));
        assertEquals(4, same.normaliser.repeatsWith(0, frozen), "the next repeat is the fourth in a row");
        assertEquals(2, same.normaliser.usualRepeats(0));
        assertArrayEquals(v8, parse(c.codec().toBytes(same)).get(KeyStateSections.NORMALISER.tag).body, "version 8 round trips");
        // version 7 kept the count in all 31 bits and no repeats; a count past 27 bits saturates as read
        byte[] v7 = v8.clone();
        java.nio.ByteBuffer.wrap(v7, 16, 4).putInt(Integer.MAX_VALUE);
        KeyState back = restoredUnchanged(c.codec(), parse(c.codec().toBytes(s)).replacing(KeyStateSections.NORMALISER.tag, 7, v7).bytes());
        assertEquals(1, back.normaliser.repeatsWith(0, frozen), "no repeats counted yet: the next is the first");
        assertEquals(0, back.normaliser.usualRepeats(0), "and no run is usual yet");
        byte[] again = parse(c.codec().toBytes(back)).get(KeyStateSections.NORMALISER.tag).body;
        assertEquals(RobustNormaliser.MAX_COUNT, java.nio.ByteBuffer.wrap(again, 16, 4).getInt(), "the count saturated, no repeats over it");
        java.nio.ByteBuffer.wrap(again, 16, 4).putInt(Integer.MAX_VALUE);
        assertArrayEquals(v7, again, "every other field version 7 had is kept");
    }

    @Test
    void anEvidenceTailOfVersion1KeepsItsFitAndHasNoPrior() throws IOException {
        Detector d = detector(H16, DetectorConfig.defaults(), "value");
        KeyStateCodec codec = new KeyStateCodec(d);
        KeyState s = trained(d, 400);
        assertTrue(s.evidenceTail.count() >= 64 && !s.evidenceTail.hasPrior(), "a trained key's fit, with no new normal: no prior");
        Parsed p = parse(codec.toBytes(s));
        byte[] v2 = p.get(KeyStateSections.EVIDENCE_TAIL.tag).body;
        assertEquals(2 + 8, v2.length, "the count and no-prior bit as a varint, then the mean and the variance");
        ByteArrayOutputStream v1 = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(v1);
        out.writeInt(s.evidenceTail.count());
        out.write(v2, 2, 8);
        KeyState back = restoredUnchanged(codec, p.replacing(KeyStateSections.EVIDENCE_TAIL.tag, 1, v1.toByteArray()).bytes());
        assertArrayEquals(v2, parse(codec.toBytes(back)).get(KeyStateSections.EVIDENCE_TAIL.tag).body, "version 1 read as version 2");
    }

    @Test
    void aRecurringSectionOfVersion1KeepsItsErrorCountsAndStartsTheEvidencesFromNone() throws IOException {
        Detector d = detector(H16, DetectorConfig.defaults(), "value");
        KeyStateCodec codec = new KeyStateCodec(d);
        Parsed p = parse(codec.toBytes(trained(d, 400)));
        assertEquals(2 * (5 + 4) + 2, p.get(KeyStateSections.RECURRING.tag).body.length, "the errors' 5 counts and the evidence's 4, 2 bytes each, and its excursion");
        ByteArrayOutputStream v1 = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(v1);
        for (float c : new float[]{41.3f, 25f, 7.9f, 0f, 0f}) out.writeFloat(c);   // counts as floats, the errors' only
        KeyState back = restoredUnchanged(codec, p.replacing(KeyStateSections.RECURRING.tag, 1, v1.toByteArray()).bytes());
        ByteArrayOutputStream v2 = new ByteArrayOutputStream();
        DataOutputStream expected = new DataOutputStream(v2);
        for (int c : new int[]{2643, 1600, 506, 0, 0, 0, 0, 0, 0}) expected.writeChar(c);   // 64ths of a count
        expected.writeShort(0);   // no excursion under way
        assertArrayEquals(v2.toByteArray(), parse(codec.toBytes(back)).get(KeyStateSections.RECURRING.tag).body, "version 1 read as version 2");
    }

    @Test
    void anEvidenceTailsPriorRoundTripsInFourBytes() throws IOException {
        Detector d = detector(H16, DetectorConfig.defaults(), "value");
        KeyStateCodec codec = new KeyStateCodec(d);
        KeyState s = trained(d, 400);
        double before = s.evidenceTail.log10Tail(30.0);
        assertTrue(before < -1, "a squared average of 30 is rare under the key's fit: " + before);
        int without = parse(codec.toBytes(s)).get(KeyStateSections.EVIDENCE_TAIL.tag).body.length;
        s.evidenceTail.relearnKeepingPrior();   // as at a new normal
        assertTrue(s.evidenceTail.hasPrior());
        assertEquals(before, s.evidenceTail.priorLog10Tail(30.0), 0.02 * Math.abs(before), "the prior is the fit, in 16-bit floats");
        byte[] bytes = codec.toBytes(s);
        assertEquals(1 + 8 + 4, parse(bytes).get(KeyStateSections.EVIDENCE_TAIL.tag).body.length, "a count of 0 and the prior (" + without + " before)");
        KeyState back = restoredUnchanged(codec, bytes);
        assertTrue(back.evidenceTail.hasPrior());
        assertEquals(s.evidenceTail.priorLog10Tail(30.0), back.evidenceTail.priorLog10Tail(30.0));
        assertArrayEquals(bytes, codec.toBytes(back));
    }

    @Test
    void anErrorScaleOfVersion3StartsTheMovedPointsAsTheErrorScale() throws IOException {
        Detector d = detector(H16, DetectorConfig.defaults(), "value");
        KeyStateCodec codec = new KeyStateCodec(d);
        KeyState s = trained(d, 300);
        Parsed p = parse(codec.toBytes(s));
        byte[] v4 = p.get(KeyStateSections.ERROR_SCALE.tag).body;
        assertEquals(4 + 4 + 4, v4.length, "one channel: the count and the mean square, then the moved points' mean square");
        byte[] v3 = Arrays.copyOf(v4, 8);
        Parsed old = p.replacing(KeyStateSections.ERROR_SCALE.tag, 3, v3);
        KeyState back = restoredUnchanged(codec, old.bytes());
        byte[] again = parse(codec.toBytes(back)).get(KeyStateSections.ERROR_SCALE.tag).body;
        assertArrayEquals(v3, Arrays.copyOf(again, 8), "the error scale as written");
        assertArrayEquals(Arrays.copyOfRange(v3, 4, 8), Arrays.copyOfRange(again, 8, 12), "the moved points start as every point");
    }

    @Test
    void anErrorScaleOfVersion2KeepsItsReferenceAndHasNoLastErrors() throws IOException {
        Detector d = detector(H16, DetectorConfig.defaults(), "rpm", "temp");
        KeyStateCodec codec = new KeyStateCodec(d);
        KeyState s = trained(d, 400);
        for (float e : s.lastSpreadError) assertFalse(Float.isNaN(e), "a trained key has each channel's last error");
        Parsed p = parse(codec.toBytes(s));
        byte[] v3 = p.get(KeyStateSections.ERROR_SCALE.tag).body;
        byte[] v2 = Arrays.copyOf(v3, 2 * (4 + 2 * 4));
        Parsed old = p.replacing(KeyStateSections.ERROR_SCALE.tag, 2, v2);
        KeyState back = restoredUnchanged(codec, old.bytes());
        byte[] again = parse(codec.toBytes(back)).get(KeyStateSections.ERROR_SCALE.tag).body;
        assertArrayEquals(v2, Arrays.copyOf(again, v2.length), "the live scale and the reference as written");
        // the spread evidence skips the first point after the restore rather than difference it with nothing
        assertNoLastErrors(back);
    }

    private static void assertNoLastErrors(KeyState s) {
        for (float e : s.lastSpreadError) assertTrue(Float.isNaN(e), "no last error: " + Arrays.toString(s.lastSpreadError));
    }

    @Test
    void aPhaseProfileOfVersion1IsReadInTheChannelsUnits() throws IOException {
        Detector d = detector(H16, DetectorConfig.defaults(), "value");
        KeyStateCodec codec = new KeyStateCodec(d);
        KeyState s = trained(d, 600);
        Parsed p = parse(codec.toBytes(s));
        // version 1 held each hour in normalised units: the same hours over the key's scale
        double scale = s.normaliser.scale(0);
        // and had no days of the week after them
        java.nio.ByteBuffer v1 = java.nio.ByteBuffer.wrap(Arrays.copyOf(p.get(KeyStateSections.PHASE_PROFILE.tag).body, PhaseProfile.BINS * 6));
        int known = 0;
        for (int b = 0; b < PhaseProfile.BINS; b++) {
            v1.putFloat(b * 6, (float) (s.profile.expected(0, b) / scale));
            if (s.profile.known(0, b)) known++;
        }
        assertTrue(known >= 8, "the key has a profile to carry: " + known + " hours");
        Parsed old = p.replacing(KeyStateSections.PHASE_PROFILE.tag, 1, v1.array());
        assertEquals(4, KeyStateSections.PHASE_PROFILE.version);
        KeyState back = restoredUnchanged(codec, old.bytes());
        for (int b = 0; b < PhaseProfile.BINS; b++) {
            assertEquals(s.profile.known(0, b), back.profile.known(0, b), "hour " + b);
            assertEquals(s.profile.expected(0, b), back.profile.expected(0, b), 1e-5 * Math.max(1, Math.abs(s.profile.expected(0, b))), "hour " + b);
        }
    }

    @Test
    void aPhaseProfileOfVersion2KeepsItsHoursAndHasNoDaysOfTheWeek() throws IOException {
        Detector d = detector(H16, DetectorConfig.defaults(), "value");
        KeyStateCodec codec = new KeyStateCodec(d);
        KeyState s = trained(d, 600);
        // a key whose every day of the week has an offset, read from its third day
        for (int day = 0; day < 21; day++)
            for (int h = 0; h < 24; h++)
                s.weekdays.update(0, day * 86_400_000L + h * 3_600_000L, 0.5, 24, 4, h == 0);
        assertEquals(0.5, s.weekdays.offset(0, 20 * 86_400_000L), 1e-6, "the offset is read");
        Parsed p = parse(codec.toBytes(s));
        byte[] v2 = Arrays.copyOf(p.get(KeyStateSections.PHASE_PROFILE.tag).body, PhaseProfile.BINS * 6);
        Parsed old = p.replacing(KeyStateSections.PHASE_PROFILE.tag, 2, v2);
        KeyState back = codec.scratch();
        back.weekdays.update(0, 0, 1.0, 24, 4, true);   // scratch state from another key: the read must clear it
        StateRestore r = read(codec, old.bytes(), back);
        assertTrue(r.isEmpty(), r.changes().toString());
        for (int b = 0; b < PhaseProfile.BINS; b++)
            assertEquals(s.profile.expected(0, b), back.profile.expected(0, b), "hour " + b);
        for (int day = 0; day < 7; day++)
            assertEquals(0.0, back.weekdays.offset(0, day * 86_400_000L), "no offset for day " + day + ": learned from the next points");
        KeyState same = codec.scratch();
        read(codec, codec.toBytes(s), same);
        assertEquals(0.5, same.weekdays.offset(0, 20 * 86_400_000L), 1e-6, "version 3 keeps them");
    }

    @Test
    void aPhaseProfileOfVersion3KeepsItsWeekAndHasNoWeekendOfItsOwn() throws IOException {
        Detector d = detector(H16, DetectorConfig.defaults(), "value");
        KeyStateCodec codec = new KeyStateCodec(d);
        KeyState s = trained(d, 600);
        // every day of the week with an offset, and weekends of their own shape in use
        long saturday = 2 * 86_400_000L;
        for (int day = 0; day < 21; day++)
            for (int h = 0; h < 24; h++) {
                long t = day * 86_400_000L + h * 3_600_000L;
                s.weekdays.update(0, t, 0.5, 24, 4, h == 0);
                s.profile.update(0, t, 0.0, 24, 4, -1, 1);
                if (dev.lookahead.scoring.WeekendProfile.weekend(t, dev.lookahead.scoring.WeekendProfile.mask(DetectorConfig.defaults().weekendDays()))) s.weekend.update(0, t, h < 12 ? 5.0 : -5.0, h == 0, 3_600_000.0, 4, s.profile);
            }
        s.weekend.decide(0, s.profile, 1.0, 0.75, 1);
        assertTrue(s.weekend.used(0), "the weekend's shape is read");
        Parsed p = parse(codec.toBytes(s));
        // version 3: the days of the week's counts in a short each, and no weekend after them
        byte[] v4 = p.get(KeyStateSections.PHASE_PROFILE.tag).body;
        java.nio.ByteBuffer v3 = java.nio.ByteBuffer.allocate(PhaseProfile.BINS * 6 + 7 * 6);
        v3.put(v4, 0, PhaseProfile.BINS * 6);
        for (int day = 0; day < 7; day++) {
            v3.put(v4, PhaseProfile.BINS * 6 + day * 5, 4);
            v3.putShort((short) (v4[PhaseProfile.BINS * 6 + day * 5 + 4] & 0xff));
        }
        KeyState back = codec.scratch();
        back.weekend.update(0, saturday, 1.0, true, 3_600_000.0, 4, back.profile);   // scratch state from another key: the read must clear it
        StateRestore r = read(codec, p.replacing(KeyStateSections.PHASE_PROFILE.tag, 3, v3.array()).bytes(), back);
        assertTrue(r.isEmpty(), r.changes().toString());
        for (int day = 0; day < 7; day++)
            assertEquals(s.weekdays.offset(0, day * 86_400_000L), back.weekdays.offset(0, day * 86_400_000L), "day " + day);
        assertFalse(back.weekend.used(0), "no weekend of its own: learned from the next weekends");
        assertEquals(0.0, back.weekend.at(0, saturday + 9 * 3_600_000L));
        KeyState same = codec.scratch();
        read(codec, codec.toBytes(s), same);
        assertTrue(same.weekend.used(0), "version 4 keeps it");
        assertEquals(s.weekend.at(0, saturday + 9 * 3_600_000L), same.weekend.at(0, saturday + 9 * 3_600_000L));
        assertArrayEquals(codec.toBytes(s), codec.toBytes(same));
    }

    private static Map<String, byte[]> format2Fixtures() throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (InputStream in = KeyStateFormatTest.class.getResourceAsStream("format2-states.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.trim().split(" ");
                out.put(f[0], HexFormat.of().parseHex(f[1]));
            }
        }
        assertEquals(2, out.size());
        return out;
    }

    @Test
    void theHeaderNamesTheShapeAndSettings() {
        Detector d = detector(H16, DetectorConfig.builder().adaptation(Adaptation.BIAS).orderPolicy(OrderPolicy.REORDER).build(), "b", "a");
        StateHeader h = StateHeader.read(new StateInput(new KeyStateCodec(d).toBytes(d.newState())));
        assertEquals(new StateHeader(3, List.of("b", "a"), 2, 16, 1, 1, StateHeader.architectureId(H16.architecture()),
                Adaptation.BIAS, OrderPolicy.REORDER), h);
        assertNotEquals(StateHeader.architectureId(H16.architecture()), StateHeader.architectureId(H32.architecture()));
        assertFalse(h.sameArchitecture(StateHeader.of(detector(H32, DetectorConfig.defaults(), "b", "a"))));
        assertThrows(IllegalArgumentException.class, () -> new KeyStateCodec(detector(H16, DetectorConfig.defaults(), "x"))
                .fromBytes(new KeyStateCodec(d).toBytes(d.newState())), "a state of other channels is the caller's mistake");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
