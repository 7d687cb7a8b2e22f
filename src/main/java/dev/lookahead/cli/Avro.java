package dev.lookahead.cli;

/** Process-wide Avro settings every Lookahead JVM needs. */
final class Avro {

    private Avro() {
    }

    /** Avro 1.12.2 decodes generated classes only from trusted packages; ours are in dev.lookahead.avro. */
    static void trustGeneratedClasses() {
        String key = "org.apache.avro.SERIALIZABLE_PACKAGES";
        String current = System.getProperty(key);
        if (current == null || current.isBlank()) System.setProperty(key, "dev.lookahead.avro");
        else if (!current.contains("dev.lookahead.avro")) System.setProperty(key, current + ",dev.lookahead.avro");
    }
}
