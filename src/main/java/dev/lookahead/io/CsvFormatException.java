package dev.lookahead.io;

/**
 * A malformed CSV input. The message is one line, {@code <source>:<line>: <what is wrong>}, so a user can jump
 * straight to the offending row; {@link #source()} and {@link #line()} give the same facts to code.
 */
public final class CsvFormatException extends IllegalArgumentException {

    private final String source;
    private final int line;

    public CsvFormatException(String source, int line, String problem) {
        super(source + ":" + line + ": " + problem);
        this.source = source;
        this.line = line;
    }

    /** The file (or other source name) that failed. */
    public String source() {
        return source;
    }

    /** The 1-based line of the problem (for a row, the line it starts on). */
    public int line() {
        return line;
    }
}
