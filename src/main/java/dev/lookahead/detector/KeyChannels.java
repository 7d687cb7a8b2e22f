package dev.lookahead.detector;

import dev.lookahead.model.LstmModel;
import dev.lookahead.model.NormalState;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The order of a stream key's channels, fixed once from the channel names of its first reading and the model: a
 * reading is a map, so its order says nothing, and a key's numbers depend on the order its lanes and relations run in.
 *
 * <ul>
 *   <li>A multivariate model's keys take the model's channels in its order, whenever the names are among them (a
 *       channel the reading lacks is imputed, as NaN is): such a model reads its inputs in that order and serves no
 *       other.</li>
 *   <li>A univariate model with a normal state of exactly these names gives them the state's order, so the key starts
 *       from it ({@link Detector#newState()}) whatever order the recording's columns were in.</li>
 *   <li>Otherwise the names in name order.</li>
 * </ul>
 */
public final class KeyChannels {

    private KeyChannels() {
    }

    /** The order of a key first showing {@code names}: the model's ({@link #modelOrder}), else name order. */
    public static List<String> order(Collection<String> names, LstmModel model) {
        List<String> named = modelOrder(names, model);
        return named != null ? named : List.copyOf(new TreeSet<>(names));
    }

    /**
     * The order the model names for a key of {@code names}, or null when it names none: a multivariate model's
     * channels when the names are among them, a univariate model's normal state's when it is of exactly these names.
     */
    public static List<String> modelOrder(Collection<String> names, LstmModel model) {
        List<String> modelChannels = model.architecture().channels();
        if (modelChannels.size() > 1) return !names.isEmpty() && modelChannels.containsAll(names) ? modelChannels : null;
        NormalState normal = model.normalState();
        // channel names are distinct, so the same count and containment make the same set
        return normal != null && normal.channels().size() == names.size() && normal.channels().containsAll(names) ? normal.channels() : null;
    }
}
