package dev.lookahead.detector;

import dev.lookahead.model.LstmModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyStateCodecTest {

    @Test
    void bytesPerKeyAtH32() {
        LstmModel m = TestModels.untrained(32, 1, 1);
        Detector d = new Detector(m, DetectorConfig.defaults());
        KeyState s = d.newState();
        TestModels.run(d, s, "k", TestModels.minutes(100), TestModels.seasonal(100, 1));
        byte[] bytes = new KeyStateCodec(d).toBytes(s);
        // header 19 (format, sequence, warm-up as a short, model version) + h,c 256 + forecast 4 + normaliser 24
        // + intervals 17 + errors 8 + likelihood 22 (count as a short) + incident 27 (first seen, points, age,
        // quiet as a short, two alert clocks, the alert load, alerted) + range 8 + evidence over time: level, error
        // and spread averages 3 x 40 (a count, then average, mean and variance at 3 scales) and their Gamma fit 12
        // + the daily profile 24 x 6 = 144 + the incident's summed shift 4 + head correction (H+1)*4 = 132
        assertEquals(19 + 256 + 4 + 24 + 17 + 8 + 22 + 27 + 8 + 3 * 40 + 12 + 144 + 4 + 132, bytes.length);
        assertTrue(bytes.length <= 1024, "at most 1 KiB per key at H=32, one channel (issue 14): " + bytes.length);
        System.out.println("key state bytes at H=32, 1 channel, READOUT adaptation: " + bytes.length);
        Detector noAdapt = new Detector(m, DetectorConfig.builder().adaptation(Adaptation.NONE).build());
        System.out.println("key state bytes at H=32, 1 channel, no adaptation: " + new KeyStateCodec(noAdapt).toBytes(noAdapt.newState()).length);
    }

    @Test
    void roundTripIsExact() {
        Detector d = new Detector(TestModels.untrained(16, 2, 3), DetectorConfig.builder()
                .orderPolicy(OrderPolicy.REORDER).reorderBoundMillis(180_000).build());
        KeyState s = d.newState();
        long[] t = TestModels.minutes(300);
        // swap a few neighbours so the reorder buffer holds something at the save point
        long x = t[150]; t[150] = t[151]; t[151] = x;
        TestModels.run(d, s, "k", t, TestModels.seasonal(300, 2));
        KeyStateCodec codec = new KeyStateCodec(d);
        byte[] bytes = codec.toBytes(s);
        assertTrue(s.buffered() > 0, "the reorder buffer should hold points at the save");
        KeyState back = codec.fromBytes(bytes);
        assertArrayEquals(bytes, codec.toBytes(back));
        assertEquals(s.sequence(), back.sequence());
        assertEquals(s.buffered(), back.buffered());
    }

    @Test
    void savedAndRestoredRunEqualsUninterruptedRun() {
        for (OrderPolicy policy : OrderPolicy.values()) {
            DetectorConfig cfg = DetectorConfig.builder().orderPolicy(policy).reorderBoundMillis(120_000).build();
            LstmModel m = TestModels.untrained(32, 1, 5);
            int n = 600;
            long[] t = TestModels.minutes(n);
            double[][] v = TestModels.seasonal(n, 6);
            v[400][0] += 6;
            long x = t[250]; t[250] = t[251]; t[251] = x;

            Detector one = new Detector(m, cfg);
            KeyState s1 = one.newState();
            List<Outcome> whole = TestModels.run(one, s1, "k", t, v);
            one.flush(s1, "k", whole::add);

            List<Outcome> split = new ArrayList<>();
            Detector a = new Detector(m, cfg);
            KeyState sa = a.newState();
            for (int i = 0; i < 251; i++) a.process(sa, "k", t[i], v[i], i, split::add);
            byte[] saved = new KeyStateCodec(a).toBytes(sa);
            Detector b = new Detector(m, cfg);   // a fresh detector, as after a restart
            KeyState sb = new KeyStateCodec(b).fromBytes(saved);
            for (int i = 251; i < n; i++) b.process(sb, "k", t[i], v[i], i, split::add);
            b.flush(sb, "k", split::add);

            assertEquals(whole.size(), split.size(), policy.toString());
            for (int i = 0; i < whole.size(); i++)
                assertEquals(TestModels.canonical(whole.get(i)), TestModels.canonical(split.get(i)), policy + " outcome " + i);
        }
    }

    @Test
    void foreignBytesAreRefusedClearly() {
        Detector small = new Detector(TestModels.untrained(16, 1, 1), DetectorConfig.defaults());
        Detector big = new Detector(TestModels.untrained(32, 1, 1), DetectorConfig.defaults());
        byte[] bytes = new KeyStateCodec(small).toBytes(small.newState());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new KeyStateCodec(big).fromBytes(bytes));
        assertTrue(e.getMessage().contains("shape"), e.getMessage());
        byte[] wrongFormat = bytes.clone();
        wrongFormat[0] = 9;
        e = assertThrows(IllegalArgumentException.class, () -> new KeyStateCodec(small).fromBytes(wrongFormat));
        assertTrue(e.getMessage().contains("format 9"), e.getMessage());
    }
}
