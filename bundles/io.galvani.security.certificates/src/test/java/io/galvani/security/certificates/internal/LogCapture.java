package io.galvani.security.certificates.internal;

import java.util.List;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** Captures everything the certificate bundle's loggers write, down to DEBUG. */
final class LogCapture implements AutoCloseable {
    private final Logger logger = (Logger) LoggerFactory.getLogger("io.galvani.security.certificates");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Level previous;

    LogCapture() {
        previous = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logger.setAdditive(false); // captured, not printed
        appender.start();
        logger.addAppender(appender);
    }

    /** The formatted messages at {@code level}, in order. */
    List<String> at(Level level) {
        return appender.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    /** Every formatted message, with the text of any exception. */
    List<String> all() {
        return appender.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setAdditive(true);
        logger.setLevel(previous);
    }
}
