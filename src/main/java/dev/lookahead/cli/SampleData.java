package dev.lookahead.cli;

import java.io.IOException;
import java.nio.file.Path;

/** The labelled sample streams (filled in with the synthetic generator). */
final class SampleData {

    private SampleData() {
    }

    static void write(Path dir, int keys, int length, long seed) throws IOException {
        throw new IllegalStateException("the sample recipe is not available yet");
    }
}
