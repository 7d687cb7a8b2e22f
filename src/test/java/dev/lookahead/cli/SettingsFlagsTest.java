package dev.lookahead.cli;

import dev.lookahead.config.LookaheadConfig;
import dev.lookahead.config.Scope;
import dev.lookahead.config.Setting;
import dev.lookahead.config.Settings;
import dev.lookahead.detector.DetectorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The detector flags are the settings table's: one per detector.* key on every command that runs the detector. */
class SettingsFlagsTest {

    private final StringWriter out = new StringWriter(), err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void everyDetectorCommandOffersAFlagPerDetectorSettingWithItsDefault() {
        for (List<String> command : List.of(List.of("run"), List.of("streams"), List.of("score"), List.of("demo"), List.of("evaluate", "nab"))) {
            String[] args = java.util.stream.Stream.concat(command.stream(), java.util.stream.Stream.of("--help")).toArray(String[]::new);
            assertEquals(0, run(args), err.toString());
            String help = out.toString();
            assertTrue(help.contains("Detector settings") && help.contains("Detector tuning (advanced)"), help);
            for (Setting<?> s : Settings.all())
                if (s.flag() != null) assertTrue(help.contains(s.flag() + "=") || help.contains(s.flag() + "[="), command + " lacks " + s.flag() + "\n" + help);
        }
        assertEquals(0, run("score", "--help"));
        assertTrue(out.toString().replaceAll("\\s+", " ").contains("(default 0.5)"), out.toString());
        assertEquals(0, run("evaluate", "nab", "--help"));
        String nab = out.toString().replaceAll("\\s+", " ");
        // one set of shipped defaults: evaluate nab runs what score, run, streams and demo run
        assertTrue(nab.contains("(default 0.5)") && !nab.contains("(default 0.38)"), nab);
    }

    @Test
    void flagsReachTheSameDetectorAsSet() {
        ScoreCommand score = new ScoreCommand();
        new CommandLine(score).parseArgs("in.csv", "--warm-up-points", "8", "--reorder-bound-ms", "60000", "--order-policy", "reorder",
                "--stuck-detection=false", "--range-margin", "0.1");
        DetectorConfig byFlags = score.detectorOptions().toConfig();
        DetectorConfig bySet = LookaheadConfig.loader(Scope.RUN).sets(List.of("detector.warm-up-points=8", "detector.reorder-bound-ms=60000",
                "detector.order-policy=REORDER", "detector.stuck-detection=false", "detector.range-margin=0.1")).load().detector();
        for (DetectorConfig c : List.of(byFlags, bySet)) {
            assertEquals(8, c.warmUpPoints());
            assertEquals(8, c.settlePoints(), "derived from warm-up-points");
            assertEquals(60_000, c.reorderBoundMillis());
            assertEquals(dev.lookahead.detector.OrderPolicy.REORDER, c.orderPolicy());
            assertEquals(false, c.stuckDetection());
            assertEquals(0.1, c.rangeMargin());
        }
        ScoreCommand bare = new ScoreCommand();
        new CommandLine(bare).parseArgs("in.csv", "--stuck-detection");
        assertTrue(bare.detectorOptions().toConfig().stuckDetection());
        NabEvaluateCommand nab = new NabEvaluateCommand();
        new CommandLine(nab).parseArgs("--data", "x", "--threshold", "0.6");
        DetectorConfig n = nab.detectorOptions().toConfig();
        assertEquals(List.of(0.6, 0, 0.05), List.of(n.threshold(), n.alertRefractoryPoints(), n.rangeMargin()),
                "a flag beats the shipped default, which evaluate nab shares with every command");
    }

    @Test
    void warmUpPointsAloneScores(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("k.csv");
        StringBuilder b = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 50; i++) b.append(1_600_000_000_000L + 60_000L * i).append(',').append(Math.sin(i / 5.0)).append('\n');
        Files.writeString(f, b.toString());
        assertEquals(0, run("score", f.toString(), "--warm-up-points", "8", "--out", dir.resolve("o.csv").toString()), err.toString());
        // streams reads the configuration before it needs a broker: warm-up-points=8 passes it, and fails on the broker only
        assertEquals(Main.EXIT_BAD_INPUT, run("streams", "--set", "detector.warm-up-points=8"));
        assertTrue(err.toString().contains("kafka.bootstrap-servers: 'embedded' is not allowed for streams"), err.toString());
    }

    @Test
    void aKeyForAnotherRuntimeIsRefusedByTheCommandNamingWhereItApplies() {
        assertEquals(Main.EXIT_BAD_INPUT, run("streams", "--set", "kafka.bootstrap-servers=b:9092", "--set", "fine-tune.enabled=true"));
        assertEquals("lookahead streams: error: config: fine-tune.enabled (from --set) does not apply to streams; it applies to run", err.toString().strip());
        assertEquals(Main.EXIT_BAD_INPUT, run("run", "--set", "streams.threads=4"));
        assertEquals("lookahead run: error: config: streams.threads (from --set) does not apply to run; it applies to streams", err.toString().strip());
        assertEquals(Main.EXIT_BAD_INPUT, run("run", "--threshold", "0.6", "--set", "detector.threshold=0.7"));
        assertTrue(err.toString().contains("detector.threshold is given twice on the command line, by --threshold and by --set"), err.toString());
    }
}
