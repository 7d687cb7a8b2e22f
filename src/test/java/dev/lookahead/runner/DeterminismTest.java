package dev.lookahead.runner;

import dev.lookahead.detector.Detector;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.KeyState;
import dev.lookahead.detector.KeyStateCodec;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.TestModels;
import dev.lookahead.io.ScoredCsvWriter;
import dev.lookahead.io.TimestampFormat;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.synthetic.LabelledSeries;
import dev.lookahead.synthetic.SampleStreams;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Same input, byte-identical output: across runs, and across a state save and restore at every tenth point. */
class DeterminismTest {

    private static String csv(LabelledSeries s, Outcome[] out) throws IOException {
        StringWriter w = new StringWriter();
        ScoredCsvWriter csv = new ScoredCsvWriter(w, s.channels(), TimestampFormat.ISO);
        csv.writeHeader();
        for (int i = 0; i < out.length; i++) csv.writeRow(ScoredRows.of(out[i], s.values()[i]));
        csv.flush();
        return w.toString();
    }

    @Test
    void sameInputGivesByteIdenticalOutput() throws IOException {
        LstmModel model = ModelSnapshots.bundled();
        for (LabelledSeries s : SampleStreams.generate(3, 1500, 11)) {
            String a = csv(s, new DirectRunner(model, DetectorConfig.defaults()).run(s.key(), s.channels(), s.times(), s.values()));
            String b = csv(s, new DirectRunner(model, DetectorConfig.defaults()).run(s.key(), s.channels(), s.times(), s.values()));
            assertEquals(a, b, s.key());
        }
    }

    @Test
    void savingAndRestoringStateAnywhereChangesNothing() {
        LstmModel model = ModelSnapshots.bundled();
        for (LabelledSeries s : SampleStreams.generate(3, 1500, 12)) {
            Outcome[] whole = new DirectRunner(model, DetectorConfig.defaults()).run(s.key(), s.channels(), s.times(), s.values());
            DetectorConfig cfg = DetectorConfig.builder().channels(s.channels()).build();
            List<Outcome> pieces = new ArrayList<>();
            Detector d = new Detector(model, cfg);
            KeyState state = d.newState();
            for (int i = 0; i < s.size(); i++) {
                if (i % 10 == 0) {   // a restart: new detector, state from bytes
                    byte[] bytes = new KeyStateCodec(d).toBytes(state);
                    d = new Detector(model, cfg);
                    state = new KeyStateCodec(d).fromBytes(bytes);
                }
                d.process(state, s.key(), s.times()[i], s.values()[i], i, pieces::add);
            }
            assertEquals(whole.length, pieces.size());
            for (int i = 0; i < whole.length; i++)
                assertEquals(TestModels.canonical(whole[i]), TestModels.canonical(pieces.get(i)), s.key() + " row " + i);
        }
    }
}
