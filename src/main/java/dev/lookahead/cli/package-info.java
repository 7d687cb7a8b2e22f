/**
 * The command line: {@code java -jar target/lookahead.jar COMMAND}. Picocli commands, each a thin shell over the
 * core; errors print one line naming what is wrong and exit non-zero.
 */
@dev.lookahead.annotation.Internal
package dev.lookahead.cli;
