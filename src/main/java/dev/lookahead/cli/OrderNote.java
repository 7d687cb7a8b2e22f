package dev.lookahead.cli;

import dev.lookahead.detector.DropReason;
import dev.lookahead.detector.DroppedPoint;
import dev.lookahead.detector.Outcome;
import dev.lookahead.io.CsvSeries;

/**
 * What a CSV command says when many of a key's rows were dropped for their place in time: a stream's late points are
 * few, so that many says the file is not in time order (exported newest first, say), which the count of drops alone
 * does not tell a user.
 */
final class OrderNote {

    /** The share of a key's rows dropped for their order past which the note is given. */
    static final double SHARE = 0.1;

    private OrderNote() {
    }

    /** The note for one key's rows and their outcomes, or null. */
    static String of(CsvSeries s, Outcome[] outcomes) {
        int early = 0, repeated = 0;
        for (Outcome o : outcomes)
            if (o instanceof DroppedPoint d && d.cause() == DropReason.DUPLICATE) repeated++;
            else if (o instanceof DroppedPoint d && d.cause().orderRelated()) early++;
        if (early + repeated == 0 || early + repeated < SHARE * outcomes.length) return null;
        if (early < repeated)
            return "note: " + repeated + " of " + outcomes.length + " rows of " + s.key() + " came at a time the key had already"
                    + " had and were dropped: if the file holds several keys, give each its own file (or, to score, name their"
                    + " column: --key-column NAME)";
        return "note: " + early + " of " + outcomes.length + " rows of " + s.key() + " came earlier than a row before them and were"
                + " dropped: " + (newestFirst(s.times()) ? "its rows run newest first; sort them oldest first"
                : "sort its rows by time, or let late rows in with --order-policy REORDER --reorder-bound-ms MS");
    }

    private static boolean newestFirst(long[] times) {
        for (int i = 1; i < times.length; i++) if (times[i] > times[i - 1]) return false;
        return times.length > 1 && times[times.length - 1] < times[0];
    }
}
