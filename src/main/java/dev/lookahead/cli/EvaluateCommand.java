package dev.lookahead.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code evaluate}: benchmarks. Holds {@code nab-score}. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate detectors on public benchmarks."},
        subcommands = {NabEvaluateCommand.class, NabScoreCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  lookahead evaluate nab-score --data ../shared/nab --results NAB/results --detector numenta"})
final class EvaluateCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (nab, nab-score)");
    }
}
