package dev.lookahead.detector;

import dev.lookahead.model.LstmModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A state saved and restored anywhere changes no later output; the format's own rules are KeyStateFormatTest's. */
class KeyStateCodecTest {

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
}
