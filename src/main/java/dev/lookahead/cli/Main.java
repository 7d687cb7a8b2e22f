package dev.lookahead.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** Entry point of {@code lookahead.jar}. */
@Command(name = "lookahead",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {"Streaming anomaly detection for sensor data: per-key LSTM one-step forecasts,",
                "calibrated anomaly scores in [0,1], incidents instead of alarm storms."},
        subcommands = {DemoCommand.class, RunCommand.class, BenchCommand.class, StreamsCommand.class, ReplayCommand.class, ConsumeCommand.class, ReportCommand.class, ScoreCommand.class, TrainCommand.class, GenerateCommand.class, ModelCommand.class, EvaluateCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  java -jar target/lookahead.jar demo",
                "  java -jar target/lookahead.jar score data/machine.csv --out scored.csv",
                "  java -jar target/lookahead.jar score nab/data --out results/ --threshold 0.6",
                "  java -jar target/lookahead.jar generate --out sample/ --keys 4",
                "  java -jar target/lookahead.jar evaluate nab-score --data nab --results nab/results --detector numenta",
                "  java -jar target/lookahead.jar help score"})
public final class Main {

    /** Exit code for bad input or configuration (usage errors are picocli's 2). */
    public static final int EXIT_BAD_INPUT = 1;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI on the process's standard streams and returns its exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the CLI with the given output and error writers (tests call this) and returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        dev.lookahead.model.AvroTrust.ensure();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter w = cmd.getErr();
            w.println("lookahead " + cmd.getCommandName() + ": error: " + oneLine(e));
            w.flush();
            return EXIT_BAD_INPUT;
        });
        return cl.execute(args);
    }

    static String oneLine(Throwable e) {
        Throwable t = e;
        if (t instanceof UncheckedIOException && t.getCause() != null) t = t.getCause();
        String msg = t.getMessage();
        if (msg == null || msg.isBlank()) msg = t.getClass().getSimpleName();
        return msg.replace('\n', ' ');
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"lookahead " + (v == null ? "dev" : v)};
        }
    }
}
