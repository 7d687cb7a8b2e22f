package dev.lookahead.cli;

import java.io.PrintWriter;
import java.util.Locale;

/** A one-line progress bar on standard error, redrawn in place with a carriage return. */
final class ProgressBar {

    private static final int WIDTH = 30;
    private final PrintWriter err;
    private long lastDraw;

    ProgressBar(PrintWriter err) {
        this.err = err;
    }

    /** Draws at most ten times a second (the last call of a run should pass {@code force}). */
    void draw(String label, double fraction, String detail, boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastDraw < 100_000_000L) return;
        lastDraw = now;
        int filled = (int) Math.round(Math.max(0, Math.min(1, fraction)) * WIDTH);
        err.print(String.format(Locale.ROOT, "\r%-12s [%s%s] %3.0f%% %s", label, "#".repeat(filled), "-".repeat(WIDTH - filled),
                fraction * 100, detail));
        err.flush();
    }

    void done() {
        err.println();
        err.flush();
    }
}
