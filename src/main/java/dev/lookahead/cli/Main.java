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
        subcommands = {DemoCommand.class, RunCommand.class, BenchCommand.class, StreamsCommand.class, TrainerCommand.class, ReplayCommand.class, ConsumeCommand.class, ReportCommand.class, ScoreCommand.class, DiffCommand.class, CompareModelsCommand.class, TrainCommand.class, CalibrateCommand.class, GenerateCommand.class, ModelCommand.class, EvaluateCommand.class, CommandLine.HelpCommand.class},
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

    /** Exit code of {@code diff}, {@code compare-models} and {@code score --golden} when the runs differ past the tolerance. */
    public static final int EXIT_DIFFERENT = 4;

    private Main() {
    }

    /**
     * The process entry point. Inside a Flink cluster (the job's {@code main} runs in the JobManager in session and
     * application mode) it must simply return: {@code System.exit} there ends the JobManager's JVM. A failure is
     * then thrown, so the cluster reports it. Anywhere else the exit code is the process's.
     */
    public static void main(String[] args) {
        int code = run(args);
        if (insideFlinkCluster()) {
            if (code != 0) throw new IllegalStateException("lookahead " + String.join(" ", args) + " failed with exit code " + code + " (see the log above)");
            return;
        }
        System.exit(code);
    }

    /**
     * True when this code runs under a Flink entry point: loaded by Flink's user-code class loader (a jar submitted
     * through REST, {@code flink run} or application mode's usrlib) or in a JVM started by one of Flink's own main
     * classes (the jar placed in {@code lib/}). By name, so the CLI jar needs no Flink class to ask.
     */
    static boolean insideFlinkCluster() {
        for (ClassLoader l = Main.class.getClassLoader(); l != null; l = l.getParent())
            for (Class<?> c = l.getClass(); c != null; c = c.getSuperclass())
                if (c.getName().equals("org.apache.flink.util.FlinkUserCodeClassLoader")) return true;
        String command = System.getProperty("sun.java.command", "");
        return command.startsWith("org.apache.flink.");
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
        for (Throwable c = e; c != null; c = c.getCause())
            if (c instanceof org.apache.kafka.common.errors.AuthenticationException)
                return "the brokers refused the login: " + c.getMessage().replace('\n', ' ')
                        + " (kafka.properties.*: security.protocol, sasl.*, ssl.*; config/README.md)";
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
