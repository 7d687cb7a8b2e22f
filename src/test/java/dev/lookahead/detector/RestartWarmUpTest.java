package dev.lookahead.detector;

import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.scoring.Holding;
import dev.lookahead.scoring.IncidentStatus;
import dev.lookahead.scoring.SustainedEvidence;
import dev.lookahead.synthetic.LabelledSeries;
import dev.lookahead.synthetic.RigRecipe;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After a gap too long to fill, a key's recurrent state restarts and its next {@code reset-warm-up-points} points are
 * a warm-up: never anomalous, and the error and spread averages start afresh when it ends. The restarted forecaster's
 * first errors say nothing about the key; carried past the warm-up, they opened incidents on a new run's first normal
 * points, which also ended its anchor (docs/ACCURACY.md, "Runs at other operating points").
 */
class RestartWarmUpTest {

    private static final int HISTORY = 6000, AFTER = 600;
    private static final long GAP = 10 * 60_000L;   // past max-imputed-steps at 1 Hz, well short of a new run

    /** The rig's fault-free recording: its first {@code HISTORY} rows, ten minutes of silence, then its next rows. */
    private static final LabelledSeries RIG = RigRecipe.training(42);

    private static long time(int i) {
        return RIG.times()[i] + (i >= HISTORY ? GAP : 0);
    }

    private static Detector detector(List<String> channels) {
        return new Detector(ModelSnapshots.bundled(), DetectorConfig.defaults().toBuilder().channels(channels).build());
    }

    @Test
    void aKeyThatResumesNormallyAfterALongGapOpensNoIncident() {
        Detector d = detector(RIG.channels());
        KeyState s = d.newState();
        List<PointResult> out = new ArrayList<>();
        for (int i = 0; i < HISTORY + AFTER; i++) d.process(s, "rig", time(i), RIG.values()[i].clone(), i, o -> out.add((PointResult) o));
        assertTrue(out.get(HISTORY).stateReset(), "the gap restarts the recurrent state");
        assertEquals(0, out.subList(HISTORY, out.size()).stream().filter(p -> p.incidentStatus() == IncidentStatus.OPENED).count());
    }

    /** Several channels: the spread's averages. One channel (the rig's temperature): the errors'. */
    @Test
    void theErrorAndSpreadAveragesStartAfreshWhenARestartsWarmUpEnds() throws IOException {
        for (int channel : new int[]{-1, 4}) {
            List<String> channels = channel < 0 ? RIG.channels() : List.of(RIG.channels().get(channel));
            Detector d = detector(channels);
            KeyState s = d.newState();
            SustainedEvidence judged = channel < 0 ? s.spreadEvidence : s.errorEvidence;
            Holding holding = channel < 0 ? Holding.SLOWEST_WITH_NEXT : Holding.FAST;
            int warmUp = d.config().resetWarmUpPoints();
            byte[] atEnd = null, awayAtEnd = null;
            for (int i = 0; i < HISTORY + warmUp; i++) {
                double[] x = channel < 0 ? RIG.values()[i].clone() : new double[]{RIG.values()[i][channel]};
                List<PointResult> out = new ArrayList<>();
                d.process(s, "rig", time(i), x, i, o -> out.add((PointResult) o));
                if (i >= HISTORY) assertTrue(out.get(0).warmUp(), "warm-up at " + i);
                if (i == HISTORY + warmUp - 2) awayAtEnd = bytes(judged);
            }
            atEnd = bytes(judged);
            // each average at its usual value: forgetting moves nothing. A point earlier, the warm-up's errors had moved them
            assertArrayEquals(forgotten(atEnd, channels.size(), holding), atEnd, channels + ": the averages at the warm-up's end");
            assertFalse(Arrays.equals(forgotten(awayAtEnd, channels.size(), holding), awayAtEnd), channels + ": the warm-up moves the averages");
        }
    }

    /** {@code state} with every average back at its usual value. */
    private static byte[] forgotten(byte[] state, int channels, Holding holding) throws IOException {
        SustainedEvidence e = new SustainedEvidence(channels, holding);
        e.read(new DataInputStream(new ByteArrayInputStream(state)), 1);
        e.forget();
        return bytes(e);
    }

    private static byte[] bytes(SustainedEvidence e) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        e.write(new DataOutputStream(b));
        return b.toByteArray();
    }
}
