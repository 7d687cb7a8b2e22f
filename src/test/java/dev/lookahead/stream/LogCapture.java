package dev.lookahead.stream;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Captures what one class logs (level and message), for tests that a thing is logged, and how often. */
public final class LogCapture implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger logger;
    private final AbstractAppender appender;

    public LogCapture(Class<?> of) {
        logger = (Logger) LogManager.getLogger(of);
        appender = new AbstractAppender("capture-" + of.getSimpleName() + "-" + System.identityHashCode(this), null, null, true,
                Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent e) {
                lines.add(e.getLevel() + " " + e.getMessage().getFormattedMessage());
            }
        };
        appender.start();
        logger.addAppender(appender);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Lines containing every one of {@code parts}. */
    public long count(String... parts) {
        return lines.stream().filter(l -> { for (String p : parts) if (!l.contains(p)) return false; return true; }).count();
    }

    @Override
    public void close() {
        logger.removeAppender(appender);
        appender.stop();
    }
}
