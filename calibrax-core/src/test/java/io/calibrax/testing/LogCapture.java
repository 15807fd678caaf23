package io.calibrax.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Captures what one logger (and its children) logs while open. */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(Class<?> type) {
        logger = (Logger) LoggerFactory.getLogger(type);
        appender.start();
        logger.addAppender(appender);
    }

    public static LogCapture of(Class<?> type) {
        return new LogCapture(type);
    }

    /** Formatted messages at {@code level}, with the message of an attached throwable appended. */
    public List<String> messages(Level level) {
        return appender.list.stream()
                .filter(event -> event.getLevel().equals(level))
                .map(event -> event.getFormattedMessage()
                        + (event.getThrowableProxy() == null ? "" : " | " + event.getThrowableProxy().getMessage()))
                .toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
