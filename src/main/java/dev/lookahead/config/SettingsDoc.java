package dev.lookahead.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The settings table as the Markdown reference in config/README.md (between {@link #BEGIN} and {@link #END}). */
public final class SettingsDoc {

    public static final String BEGIN = "<!-- settings:begin -->";
    public static final String END = "<!-- settings:end -->";

    private SettingsDoc() {
    }

    /** The reference: one table per section, advanced settings in their own; markers included. */
    public static String markdown() {
        Map<String, List<Setting<?>>> sections = new LinkedHashMap<>();
        for (Setting<?> s : Settings.all())
            sections.computeIfAbsent(s.section() + (s.isAdvanced() ? " (advanced)" : ""), k -> new ArrayList<>()).add(s);
        StringBuilder b = new StringBuilder(BEGIN).append('\n')
                .append("<!-- generated from dev.lookahead.config.Settings; to regenerate: ")
                .append("./mvnw -B -ntp -o -q test -Dtest=SettingsDocTest -Dsettings.write-docs=true -->\n");
        for (Map.Entry<String, List<Setting<?>>> e : sections.entrySet()) {
            b.append("\n### ").append(e.getKey()).append("\n\n");
            b.append("| key | default | allowed | used by | what it does |\n|---|---|---|---|---|\n");
            for (Setting<?> s : e.getValue()) {
                b.append("| `").append(s.key()).append('`');
                if (s.flag() != null) b.append("<br>`").append(s.flag()).append('`');
                b.append(" | ").append(s.documentedDefault().isEmpty() ? "(empty)" : "`" + s.documentedDefault() + "`")
                        .append(" | ").append(cell(s.type().allowed()))
                        .append(" | ").append(s.commands())
                        .append(" | ").append(cell(s.doc())).append(" |\n");
            }
            if (e.getKey().equals("kafka"))
                b.append("| `").append(Settings.KAFKA_PROPERTIES).append("*` | | any Kafka client property | ")
                        .append(Settings.KAFKA_PROPERTIES_COMMANDS).append(" | ")
                        .append("Passed to every Kafka client as is (TLS, SASL, ...); Kafka checks them. ")
                        .append("Environment: `LOOKAHEAD_KAFKA_PROPERTIES_SECURITY_PROTOCOL` sets `security.protocol`. |\n");
        }
        return b.append('\n').append(END).append('\n').toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    /** {@code readme} with its reference section replaced by {@link #markdown()}. */
    public static String replaceIn(String readme) {
        int from = readme.indexOf(BEGIN), to = readme.indexOf(END);
        if (from < 0 || to < from) throw new IllegalArgumentException("no " + BEGIN + " ... " + END + " section");
        int end = to + END.length();
        if (end < readme.length() && readme.charAt(end) == '\n') end++;
        return readme.substring(0, from) + markdown() + readme.substring(end);
    }
}
