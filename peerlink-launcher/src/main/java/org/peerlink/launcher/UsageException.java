package org.peerlink.launcher;

/**
 * Bad command line, environment or config file (exit code 2). The message is one line, meant for stderr.
 */
public class UsageException extends Exception {
    /**
     * Create.
     *
     * @param message one-line description of the problem
     */
    public UsageException(String message) {
        super(message);
    }
}
