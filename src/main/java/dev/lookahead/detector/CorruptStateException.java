package dev.lookahead.detector;

/** A key's state bytes cannot be read: truncated, of an unknown format, or a section that does not parse. */
public final class CorruptStateException extends IllegalArgumentException {

    public CorruptStateException(String message) {
        super(message);
    }

    public CorruptStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
