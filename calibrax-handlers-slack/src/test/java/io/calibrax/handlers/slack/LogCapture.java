package io.calibrax.handlers.slack;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** Captures every log event of every thread (logback's root logger) while open. */
final class LogCapture implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture() {
        appender.setContext(root.getLoggerContext());
        appender.start();
        root.addAppender(appender);
    }

    List<ILoggingEvent> events() {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /** Each event as all the text a log backend could write: message, exception texts, stack frames. */
    List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (ILoggingEvent event : events()) {
            StringBuilder text = new StringBuilder(event.getLevel() + " " + event.getThreadName() + " "
                    + event.getLoggerName() + " " + event.getFormattedMessage());
            appendThrowable(text, event.getThrowableProxy(), 0);
            texts.add(text.toString());
        }
        return texts;
    }

    private static void appendThrowable(StringBuilder text, IThrowableProxy proxy, int depth) {
        if (proxy == null || depth > 10) {
            return;
        }
        text.append('\n').append(proxy.getClassName()).append(": ").append(proxy.getMessage());
        for (StackTraceElementProxy frame : proxy.getStackTraceElementProxyArray()) {
            text.append("\n\tat ").append(frame.getSTEAsString());
        }
        for (IThrowableProxy suppressed : proxy.getSuppressed()) {
            appendThrowable(text, suppressed, depth + 1);
        }
        appendThrowable(text, proxy.getCause(), depth + 1);
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
