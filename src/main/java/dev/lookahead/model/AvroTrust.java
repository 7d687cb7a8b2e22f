package dev.lookahead.model;

/**
 * Avro 1.12.2 decodes generated classes only from trusted packages (a guard against deserialisation gadgets);
 * ours are generated into {@code dev.lookahead.avro}. Every entry point that decodes them calls {@link #ensure()},
 * so a library user or a Flink TaskManager does not need a JVM flag. The property is read when Avro first checks
 * a class, so call this before the first decode.
 */
public final class AvroTrust {

    public static final String PROPERTY = "org.apache.avro.SERIALIZABLE_PACKAGES";
    public static final String PACKAGE = "dev.lookahead.avro";

    private AvroTrust() {
    }

    public static synchronized void ensure() {
        String current = System.getProperty(PROPERTY);
        if (current == null || current.isBlank()) System.setProperty(PROPERTY, PACKAGE);
        else if (!(',' + current.replace(" ", "") + ',').contains(',' + PACKAGE + ','))
            System.setProperty(PROPERTY, current + ',' + PACKAGE);
    }
}
