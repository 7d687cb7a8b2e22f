package dev.lookahead.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that runs the detector, so takes its settings as flags: its {@code @Command} names
 * {@link DetectorOptions.Flags} as its model transformer, which adds them to the options this holds.
 */
abstract class DetectorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final DetectorOptions detectorOptions = new DetectorOptions();

    /** The detector flags given on the command line. */
    final DetectorOptions detectorOptions() {
        return detectorOptions;
    }
}
