package org.peerlink.launcher;

/**
 * The servers could not be started (exit code 1): data directory unusable, port busy, unknown host...
 * The message is one line, meant for stderr.
 */
public class StartupException extends Exception {
    /**
     * Create.
     *
     * @param message one-line description of the problem
     */
    public StartupException(String message) {
        super(message);
    }

    /**
     * Create.
     *
     * @param message one-line description of the problem
     * @param cause   underlying error
     */
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
