package org.peerlink.options;

/**
 * Bad command line, environment or config file (exit code 2). The message is one line, meant for stderr.
 */
public class UsageException extends Exception {
    private final String hint;

    /**
     * Create.
     *
     * @param message one-line description of the problem
     * @param hint    line printed after the message, pointing at the right help
     */
    public UsageException(String message, String hint) {
        super(message);
        this.hint = hint;
    }

    /**
     * Where to find help.
     *
     * @return one line for stderr
     */
    public String hint() {
        return hint;
    }
}
