package dev.lookahead.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void intoALogEachDrawIsALineOfItsOwnAndRedrawsWithinSecondsAreSkipped() {
        StringWriter log = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(log), false);
        for (int i = 1; i <= 1_000; i++) bar.draw("replay", i / 1_000.0, i + "/1000", i == 1_000);
        bar.done();
        String text = log.toString();
        assertFalse(text.contains("\r"), "no carriage returns in a log");
        // the first draw and the last (forced); a thousand calls take far under the five seconds between lines
        String[] lines = text.split("\n");
        assertEquals(2, lines.length, text);
        assertTrue(lines[0].startsWith("replay") && lines[0].endsWith("1/1000"), lines[0]);
        assertTrue(lines[1].contains("100% 1000/1000"), lines[1]);
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlaceAndItsLineEndedOnce() {
        StringWriter tty = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(tty), true);
        bar.draw("train", 0.5, "half", false);
        bar.draw("train", 1, "all", true);
        bar.done();
        bar.done();
        String text = tty.toString();
        assertTrue(text.startsWith("\rtrain") && text.contains("\rtrain") && text.endsWith("all" + System.lineSeparator()), text);
        assertEquals(1, text.split(System.lineSeparator(), -1).length - 1, "one line end: " + text);
    }
}
