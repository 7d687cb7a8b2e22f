package dev.lookahead.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress on standard error: on a terminal, one line redrawn in place with a carriage return; into a file or a
 * pipe (a CI log, {@code | tee}), a line of its own every few seconds, so the log stays readable rather than one
 * line of thousands of redraws.
 */
final class ProgressBar {

    private static final int WIDTH = 30;
    /** Between lines written to a file or a pipe. */
    static final long LOG_EVERY_NANOS = 5_000_000_000L;
    private final PrintWriter err;
    private final boolean terminal;
    private long lastDraw;
    private boolean drawn;    // a line (of a log) or a bar (on a terminal) has been written
    private boolean pending;  // the terminal's bar wants its line ended

    ProgressBar(PrintWriter err) {
        this(err, System.console() != null);
    }

    ProgressBar(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** Draws at most ten times a second on a terminal, else a line every five seconds (the last call of a run should pass {@code force}). */
    void draw(String label, double fraction, String detail, boolean force) {
        long now = System.nanoTime();
        if (!force && drawn && now - lastDraw < (terminal ? 100_000_000L : LOG_EVERY_NANOS)) return;
        lastDraw = now;
        drawn = true;
        int filled = (int) Math.round(Math.max(0, Math.min(1, fraction)) * WIDTH);
        String line = String.format(Locale.ROOT, "%-12s [%s%s] %3.0f%% %s", label, "#".repeat(filled), "-".repeat(WIDTH - filled),
                fraction * 100, detail);
        if (terminal) {
            err.print("\r" + line);
            pending = true;
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** Ends the bar's line on a terminal; a log's lines are already ended. */
    void done() {
        if (pending) err.println();
        pending = false;
        err.flush();
    }
}
