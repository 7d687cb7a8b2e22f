package dev.lookahead.cli;

import dev.lookahead.synthetic.LabelledSeries;
import dev.lookahead.synthetic.SampleStreams;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes the labelled sample: {@code DIR/data/<key>.csv} and {@code DIR/labels/<key>.csv}. */
final class SampleData {

    private SampleData() {
    }

    static List<LabelledSeries> write(Path dir, int keys, int length, long seed) throws IOException {
        List<LabelledSeries> all = SampleStreams.generate(keys, length, seed);
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("labels"));
        for (LabelledSeries s : all) s.write(dir.resolve("data").resolve(s.key() + ".csv"), dir.resolve("labels").resolve(s.key() + ".csv"));
        return all;
    }
}
