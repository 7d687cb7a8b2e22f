package dev.lookahead.cli;

import dev.lookahead.compare.DiffTolerance;
import dev.lookahead.compare.RunDiff;
import picocli.CommandLine.Option;

/** How far two runs may differ before {@code diff} and {@code compare-models} exit with {@link Main#EXIT_DIFFERENT}. */
final class ToleranceOptions {

    @Option(names = "--max-added", paramLabel = "N", description = "Incidents that may be added in B (default ${DEFAULT-VALUE}).")
    int maxAdded = 0;

    @Option(names = "--max-removed", paramLabel = "N", description = "Incidents that may be missing from B (default ${DEFAULT-VALUE}).")
    int maxRemoved = 0;

    @Option(names = "--max-moved", paramLabel = "N", description = "Incidents that may start, end or span otherwise in B (default ${DEFAULT-VALUE}).")
    int maxMoved = 0;

    @Option(names = "--max-score-change", paramLabel = "D", description = "Largest change of a point's anomaly score allowed (default: any; 0 = none).")
    double maxScoreChange = Double.POSITIVE_INFINITY;

    @Option(names = "--match-points", paramLabel = "N", description = "Incidents that do not overlap still pair as 'moved' when within N of the key's typical intervals (default ${DEFAULT-VALUE}).")
    int matchPoints = RunDiff.DEFAULT_MATCH_POINTS;

    DiffTolerance tolerance() {
        return new DiffTolerance(maxAdded, maxRemoved, maxMoved, maxScoreChange);
    }
}
