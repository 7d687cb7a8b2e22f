package dev.lookahead.examples;

import dev.lookahead.api.AnomalyDescriptor;
import dev.lookahead.api.Incident;
import dev.lookahead.api.InMemoryDetector;

/** The README's plain-loop example, as code: what is between the README markers is in README.md verbatim. */
public final class PlainLoopExample {

    private PlainLoopExample() {
    }

    /** Scores the readings (any keys, each in its arrival order) and prints a line per anomalous point. */
    public static void detect(Iterable<Reading> readings) {
        // README:begin plain-loop
        InMemoryDetector detector = InMemoryDetector.builder()   // shipped defaults, bundled model
                .channels("temperature")
                .warmUpPoints(32)                   // or any key of config/README.md: .setting("detector.…", "…")
                .build();
        for (Reading r : readings) {
            for (AnomalyDescriptor d : detector.process(r.sensor(), r.time(), r.value())) {
                if (d.isAnomaly())
                    System.out.printf("%s at %d: %.2f, expected %.2f (score %.2f, incident %s)%n", d.key(), d.time(),
                            d.actual()[0], d.expected()[0], d.score(), d.incident().map(Incident::id).orElse("-"));
            }
        }
        // README:end
    }
}
