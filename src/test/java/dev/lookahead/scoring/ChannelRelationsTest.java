package dev.lookahead.scoring;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static dev.lookahead.synthetic.SyntheticStream.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the channels move together, learned about their long-run centre: a slow cause they share is explained however
 * far it moves while the key's level holds still (as it does through an incident), and one channel leaving the
 * others is not.
 */
class ChannelRelationsTest {

    private static final int WINDOW = 2_000;

    /**
     * Two sensors of one slow cause (an AR(1) with a half-hour memory at 1 Hz, 1 and 1.6 noise sigmas per unit), each
     * with its own autocorrelated noise, judged against a level that follows each within {@link #WINDOW} points, as
     * the key's normalisation does. After 20,000 points the level holds still and the cause moves by two units more
     * over 600 points, with {@code ownShift} added to the first sensor alone. Returns the first sensor's mean
     * conditional deviation over the last 100 of them.
     */
    private static double firstSensorGivenTheOtherAfterTheCauseMoves(double ownShift) {
        SplittableRandom rnd = new SplittableRandom(11);
        double phiCause = Math.exp(-1.0 / 1800), phiNoise = 0.9;
        double cause = 0, n1 = 0, n2 = 0;
        double[] level = new double[2], scale = {1, 1}, x = new double[2], d = new double[2], out = new double[2];
        ChannelRelations r = new ChannelRelations(2);
        double sum = 0;
        for (int i = 0; i < 20_600; i++) {
            cause = phiCause * cause + Math.sqrt(1 - phiCause * phiCause) * gaussian(rnd);
            n1 = phiNoise * n1 + Math.sqrt(1 - phiNoise * phiNoise) * gaussian(rnd);
            n2 = phiNoise * n2 + Math.sqrt(1 - phiNoise * phiNoise) * gaussian(rnd);
            boolean normal = i < 20_000;
            double moved = normal ? cause : cause + 2 * (i - 20_000 + 1) / 600.0;
            x[0] = moved + n1 + (normal ? 0 : ownShift);
            x[1] = 1.6 * moved + n2;
            for (int ch = 0; ch < 2; ch++) {
                if (i == 0) level[ch] = x[ch];
                d[ch] = x[ch] - level[ch];
            }
            if (normal) {
                r.learn(d, x, level, scale, WINDOW);
                for (int ch = 0; ch < 2; ch++) level[ch] += (x[ch] - level[ch]) / Math.min(i + 1, WINDOW);
            } else {
                r.conditional(d, null, out, 0);
                if (i >= 20_500) sum += out[0];
            }
        }
        return sum / 100;
    }

    @Test
    void aSlowCauseBothSensorsShareIsExplainedWhileTheirLevelHoldsStill() {
        // learned about the level itself (the relations before their centre), whose reach holds most of the cause,
        // the relation came out attenuated and the first sensor was left 0.68 of its conditional spreads out (0.26 now)
        double shared = firstSensorGivenTheOtherAfterTheCauseMoves(0);
        assertTrue(Math.abs(shared) < 0.4, "the first sensor given the other, after the cause they share moved: " + shared);
    }

    @Test
    void oneSensorLeavingTheOtherIsNot() {
        double own = firstSensorGivenTheOtherAfterTheCauseMoves(2);   // 1.97
        assertTrue(own > 1.2, "the first sensor given the other, after it moved 2 noise sigmas on its own: " + own);
    }

    /**
     * The relations describe the sensors, not the unit they are read in: after channel 1's scale doubles (the key's
     * normalisation widening as its shared cause shows more of its swing), the same readings, now half as many units
     * from their level, stand where they stood given the others. Learned in the old unit and not converted, channel
     * 1's spread given the others stayed twice its size, and its deviations read at half of theirs.
     */
    @Test
    void aChangeOfUnitLeavesEachChannelGivenTheOthersWhereItWas() {
        SplittableRandom rnd = new SplittableRandom(5);
        ChannelRelations r = new ChannelRelations(3);
        learnThreeOfOneCause(rnd, r, null);
        double[] d = {0.4, 2.5, -0.1}, before = new double[3], after = new double[3];
        r.conditional(d, null, before, 0);
        r.rescale(1, 1.0, 2.0);
        double[] inNewUnit = {d[0], d[1] / 2, d[2]};
        r.conditional(inNewUnit, null, after, 0);
        for (int ch = 0; ch < 3; ch++)
            assertEquals(before[ch], after[ch], 1e-5 * Math.max(1, Math.abs(before[ch])), "channel " + ch + " given the others");
        assertTrue(Math.abs(before[1]) > 1, "channel 1 stands out given the others: " + before[1]);
    }

    @Test
    void marginalUndoesConditional() {
        // three correlated channels learned from 5,000 points; then, for deviations d, marginal(conditional(d)) is d
        SplittableRandom rnd = new SplittableRandom(3);
        ChannelRelations r = new ChannelRelations(3);
        learnThreeOfOneCause(rnd, r, null);
        double[] d = new double[3], c = new double[3], back = new double[3];
        for (int k = 0; k < 20; k++) {
            for (int ch = 0; ch < 3; ch++) d[ch] = 3 * gaussian(rnd);
            r.conditional(d, null, c, 0);
            r.marginal(c, null, back, 0);
            for (int ch = 0; ch < 3; ch++)
                assertTrue(Math.abs(back[ch] - d[ch]) < 1e-9 * (1 + Math.abs(d[ch])), "channel " + ch + ": " + back[ch] + " against " + d[ch]);
        }
        // before the relations are used (fewer points than asked), each channel alone, both ways
        r.conditional(d, null, c, Integer.MAX_VALUE);
        r.marginal(c, null, back, Integer.MAX_VALUE);
        for (int ch = 0; ch < 3; ch++) assertTrue(Math.abs(back[ch] - d[ch]) < 1e-9 * (1 + Math.abs(d[ch])), "alone, channel " + ch);
    }

    @Test
    void aMissingReadingLeavesThePresentChannelsJudgedByTheRelationsAmongThemselves() {
        // three channels of one cause learned together, and the first and third learned alone from the same points:
        // with the second missing, the others' conditional deviations are those the pair alone gives, and back
        SplittableRandom rnd = new SplittableRandom(5);
        ChannelRelations three = new ChannelRelations(3), pair = new ChannelRelations(2);
        learnThreeOfOneCause(rnd, three, pair);
        boolean[] present = {true, false, true};
        double[] d = new double[3], c = {9, 9, 9}, back = new double[3], cPair = new double[2];
        for (int k = 0; k < 20; k++) {
            for (int ch = 0; ch < 3; ch++) d[ch] = 3 * gaussian(rnd);
            three.conditional(d, present, c, 0);
            pair.conditional(new double[]{d[0], d[2]}, null, cPair, 0);
            assertEquals(cPair[0], c[0], 1e-5 * (1 + Math.abs(cPair[0])));
            assertEquals(cPair[1], c[2], 1e-5 * (1 + Math.abs(cPair[1])));
            assertEquals(0, c[1], "a missing channel has no deviation");
            three.marginal(c, present, back, 0);
            assertEquals(d[0], back[0], 1e-9 * (1 + Math.abs(d[0])));
            assertEquals(d[2], back[2], 1e-9 * (1 + Math.abs(d[2])));
        }
        // the pair given each other is not each alone: the relation is used
        three.conditional(d, present, c, 0);
        three.conditional(d, new boolean[]{true, false, false}, back, 0);
        assertTrue(Math.abs(c[0] - back[0]) > 1e-3, c[0] + " given the third, " + back[0] + " alone");
    }

    @Test
    void aLevelWhoseChannelsMovedApartLiesFarFromTheCentreAndOneMovedByTheirCauseDoesNot() {
        // three channels of one cause learned about a centre of 0 (the cause's sigma is 1): a level three of the
        // cause's sigmas along it is where the key can run; the same channels each moved by three of their own sigmas,
        // independently, are a run off centre (a sensor offset of its own), far past Detector.RUN_OFF_CENTRE (9)
        SplittableRandom rnd = new SplittableRandom(7);
        ChannelRelations r = new ChannelRelations(3);
        learnThreeOfOneCause(rnd, r, null);
        double[] scale = {1, 1, 1};
        double alongTheCause = r.distanceFromCentre(new double[]{3, 6, -3}, scale, 0);
        assertTrue(alongTheCause < 9 / 2.0, "three cause sigmas along the cause: " + alongTheCause);
        double[] sigma = {Math.sqrt(1 + 0.09), Math.sqrt(4 + 0.25), Math.sqrt(1 + 1)};
        double apart = r.distanceFromCentre(new double[]{3 * sigma[0], -3 * sigma[1], 3 * sigma[2]}, scale, 0);
        assertTrue(apart > 9 * 2, "each channel three of its own sigmas, not as the cause moves them: " + apart);
        assertEquals(0, r.distanceFromCentre(new double[]{30, -30, 30}, scale, Integer.MAX_VALUE), "relations not yet known");
        // a level and the centre moved together keep their distance
        for (int ch = 0; ch < 3; ch++) r.shiftCentre(ch, 5);
        assertEquals(alongTheCause, r.distanceFromCentre(new double[]{8, 11, 2}, scale, 0), 1e-9, "moved with the centre");
    }

    /**
     * 5,000 points of three channels of one cause (gains 1, 2 and -1, noise 0.3, 0.5 and 1) into {@code three} about
     * a level of 0, and the first and third alone into {@code pair} unless it is null.
     */
    private static void learnThreeOfOneCause(SplittableRandom rnd, ChannelRelations three, ChannelRelations pair) {
        double[] level = new double[3], scale = {1, 1, 1}, x = new double[3];
        for (int i = 0; i < 5_000; i++) {
            double shared = gaussian(rnd);
            x[0] = shared + 0.3 * gaussian(rnd);
            x[1] = 2 * shared + 0.5 * gaussian(rnd);
            x[2] = -shared + gaussian(rnd);
            three.learn(x.clone(), x, level, scale, WINDOW);
            if (pair == null) continue;
            double[] y = {x[0], x[2]};
            pair.learn(y.clone(), y, new double[2], new double[]{1, 1}, WINDOW);
        }
    }
}
