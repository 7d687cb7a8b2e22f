package dev.lookahead.e2e.cluster;

import java.util.List;

/**
 * What {@code bench cluster} found: one line per check, each passed or not with what was seen, and the run's
 * setting (versions, sizes, timings) as a preamble.
 */
public record ClusterReport(List<String> setting, List<Check> checks) {

    /** One claim about the cluster and what was seen. */
    public record Check(String name, boolean passed, String seen) {
    }

    public ClusterReport {
        setting = List.copyOf(setting);
        checks = List.copyOf(checks);
    }

    public boolean passed() {
        return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
    }

    public String markdown() {
        StringBuilder b = new StringBuilder();
        for (String s : setting) b.append("- ").append(s).append('\n');
        b.append("\n| check | result | seen |\n|---|---|---|\n");
        for (Check c : checks)
            b.append("| ").append(c.name()).append(" | ").append(c.passed() ? "pass" : "**FAIL**").append(" | ")
                    .append(c.seen().replace("|", "\\|")).append(" |\n");
        return b.toString();
    }
}
