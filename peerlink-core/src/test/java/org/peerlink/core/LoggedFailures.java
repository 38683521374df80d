package org.peerlink.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects the errors logged under a package while a test runs. The relay answers a fault with a 500 and the signal
 * session drops the frame that caused one, logging the exception either way; a property test reads it here to fail
 * with the stack trace of the fault instead of only its symptom. Works with the JDK's default {@link System.Logger}
 * backend (java.util.logging).
 */
public final class LoggedFailures implements AutoCloseable {

    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                records.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LoggedFailures(String loggerName) {
        // held in a field: java.util.logging keeps loggers only weakly
        this.logger = Logger.getLogger(loggerName);
        logger.addHandler(handler);
    }

    /** Starts collecting what is logged at ERROR (SEVERE) under {@code loggerName} and below it. */
    public static LoggedFailures under(String loggerName) {
        return new LoggedFailures(loggerName);
    }

    /** @throws AssertionError naming every error logged so far, caused by the first one's exception */
    public void assertNone(String context) {
        if (records.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder(context).append(": ").append(records.size()).append(" error(s) logged");
        Throwable cause = null;
        for (LogRecord record : records) {
            message.append("\n  ").append(record.getLoggerName()).append(": ").append(record.getMessage());
            if (record.getThrown() != null) {
                message.append(" — ").append(record.getThrown());
                cause = cause == null ? record.getThrown() : cause;
            }
        }
        throw new AssertionError(message.toString(), cause);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
