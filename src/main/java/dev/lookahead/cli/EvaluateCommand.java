package dev.lookahead.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code evaluate}: benchmarks. Holds {@code nab}, {@code nab-score} and {@code labelled}. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate detectors on public benchmarks and on your own labelled data."},
        subcommands = {NabEvaluateCommand.class, NabScoreCommand.class, LabelledEvaluateCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  lookahead evaluate nab-score --data ../shared/nab --results NAB/results --detector numenta",
                "  lookahead evaluate labelled rig/ --json rig.json"})
final class EvaluateCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (nab, nab-score, labelled)");
    }
}
