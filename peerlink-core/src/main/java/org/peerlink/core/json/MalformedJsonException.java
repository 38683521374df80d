package org.peerlink.core.json;

/** The text is not JSON that JavaScript's {@code JSON.parse} would accept, or it nests too deeply. */
public final class MalformedJsonException extends Exception {

    public MalformedJsonException(String message) {
        super(message);
    }

    public MalformedJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
