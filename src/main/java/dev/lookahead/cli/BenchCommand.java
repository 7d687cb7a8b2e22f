package dev.lookahead.cli;

import picocli.CommandLine.Command;

/** {@code bench}: benchmark harnesses that run outside the test suite (JMH lives in the build's bench profile). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks of the whole system (speed goals live here, never in tests).",
        subcommands = {BenchE2eCommand.class, BenchClusterCommand.class, BenchSoakCommand.class})
final class BenchCommand {
}
