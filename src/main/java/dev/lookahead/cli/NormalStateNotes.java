package dev.lookahead.cli;

import dev.lookahead.io.CsvSeries;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.NormalState;

import java.util.Collection;
import java.util.Locale;

/**
 * What the commands say about normal states: what {@code train} and {@code calibrate} learned, and what {@code score}
 * and {@code evaluate labelled} say when short series of several channels start from nothing:
 * judged by their own first few hundred points, such keys find slow and cross-channel faults late or not at all (on
 * the generated rig, 12 of 30 windows), and a model that learned a fault-free recording of them is the remedy
 * (docs/TRAINING.md, "A model's normal state").
 */
final class NormalStateNotes {

    /** Series under this many points are short: a key of several channels has not yet seen its channels' slow wander. */
    static final int SHORT_POINTS = 5_000;

    private NormalStateNotes() {
    }

    /** What a command that learned {@code normal} from a recording of {@code recordingPoints} points named {@code name} says. */
    static String learned(NormalState normal, int recordingPoints, String name) {
        return String.format(Locale.ROOT, "normal state: a key's state after %,d of the %,d points of %s; keys of %s the model has not seen start from it%s",
                normal.points(), recordingPoints, name, normal.channels(),
                normal.points() < recordingPoints ? " (the recording ends inside an incident: the state before it)" : "");
    }

    /** The note for these series under {@code model}, or null when no short series of several channels starts from nothing. */
    static String forKeys(LstmModel model, Collection<CsvSeries> series, String alsoHistory) {
        NormalState normal = model.normalState();
        long young = series.stream().filter(s -> s.channelCount() > 1 && s.size() < SHORT_POINTS
                && (normal == null || !normal.channels().equals(s.channels()))).count();
        if (young == 0) return null;
        return "note: " + young + " short series of several channels started from nothing (model " + model.versionId()
                + (normal == null ? " has no normal state" : " has a normal state of other channels, " + normal.channels())
                + "): judged by their own first points, they find slow and cross-channel faults late or not at all. A model"
                + " calibrated on a fault-free recording of them starts them from what it teaches ('lookahead calibrate FILE"
                + " --out MODEL', then --model MODEL)" + alsoHistory + ".";
    }
}
