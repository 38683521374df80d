package org.peerlink.launcher;

import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Helidon's {@code WebServer.start()} does not throw when a listener cannot bind: it logs
 * "Failed to start listener: /host:port" with the exception at ERROR, stops the other listeners and returns a server
 * whose {@code isRunning()} is false. While installed, this JUL filter captures that record (so we can print one
 * clear line instead of two stack traces) and hides Helidon's follow-up "failed to start" message.
 */
final class StartFailureCapture implements Filter, AutoCloseable {

    private static final String LOGGER_NAME = "io.helidon.webserver.LoomServer";
    private static final String LISTENER_FAILED = "Failed to start listener";
    private static final String SERVER_FAILED = "Helidon WebServer failed to start";
    private static final Pattern PORT = Pattern.compile(":(\\d+)\\s*$");

    private final Logger logger;
    private final Filter previous;
    private volatile Failure failure;

    private StartFailureCapture() {
        this.logger = Logger.getLogger(LOGGER_NAME); // strong reference while installed
        this.previous = logger.getFilter();
    }

    static StartFailureCapture install() {
        StartFailureCapture capture = new StartFailureCapture();
        capture.logger.setFilter(capture);
        return capture;
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record.getMessage();
        if (message != null && record.getThrown() != null && message.startsWith(LISTENER_FAILED)) {
            if (failure == null) {
                Matcher m = PORT.matcher(message);
                int port = m.find() ? Integer.parseInt(m.group(1)) : -1;
                failure = new Failure(port, record.getThrown());
            }
            return false;
        }
        if (failure != null && message != null && message.startsWith(SERVER_FAILED)) {
            return false;
        }
        return previous == null || previous.isLoggable(record);
    }

    /**
     * The first listener failure seen, if any.
     *
     * @return failure
     */
    Optional<Failure> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public void close() {
        logger.setFilter(previous);
    }

    /**
     * A listener that failed to start.
     *
     * @param port   port from Helidon's message, -1 if unknown
     * @param thrown exception as logged (an ExecutionException wrapping the bind error)
     */
    record Failure(int port, Throwable thrown) {

        /**
         * Short lower-case reason, e.g. "address already in use".
         *
         * @return reason
         */
        String reason() {
            Throwable root = thrown;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (root instanceof UnresolvedAddressException) {
                return "address cannot be resolved";
            }
            String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
            return text.toLowerCase(Locale.ROOT);
        }
    }
}
