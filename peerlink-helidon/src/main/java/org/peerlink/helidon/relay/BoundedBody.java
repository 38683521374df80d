package org.peerlink.helidon.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.OptionalLong;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;

import org.peerlink.helidon.ReadDeadline;

/**
 * A relay request's body, held to the body limit ({@code --body-limit}). A larger one is answered with 413
 * {@code payload too large} — and then, unlike Helidon's own limit, which closes the connection at once, what the
 * client still sends is read and dropped for a while ({@link ReadDeadline}) before the connection is closed. Most
 * clients write the whole body before they read: with the rest of it unread, the kernel resets the connection and
 * such a client sees a broken pipe instead of the 413 (the original reads the body to its end and answers).
 */
final class BoundedBody {

    private BoundedBody() {
    }

    /** The body was over the limit; nothing was sent yet. */
    static final class TooLarge extends Exception {

        /** The body's stream, which Helidon hands out once. */
        private final transient InputStream rest;

        TooLarge(InputStream rest) {
            super("request body over the limit", null, false, false);
            this.rest = rest;
        }
    }

    /**
     * The whole body of {@code req}. With a Content-Length the array is allocated once at its final size: a 20 MiB
     * chunk upload then costs 20 MiB, not the several times that a growing buffer and its final copy would, which
     * matters on a small heap.
     *
     * @throws TooLarge when the body is larger than {@code limit}; send the 413, then {@link #refuse}
     */
    static byte[] read(ServerRequest req, int limit) throws TooLarge {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        OptionalLong length = req.headers().contentLength();
        InputStream in = req.content().inputStream();
        try {
            // a Content-Encoding makes the decoded length unknown
            if (length.isPresent() && !req.headers().contains(HeaderNames.CONTENT_ENCODING)) {
                if (length.getAsLong() > limit) {
                    throw new TooLarge(in);
                }
                byte[] body = new byte[(int) length.getAsLong()];
                int read = in.readNBytes(body, 0, body.length);
                return read == body.length ? body : Arrays.copyOf(body, read);
            }
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw new TooLarge(in);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Once the 413 is sent: reads what the client still sends for a while, then has Helidon close the connection.
     *
     * @return the exception to throw from the handler
     */
    static CloseConnectionException refuse(ServerRequest req, TooLarge tooLarge) {
        // A client waiting for "100 Continue" sends no body: there is nothing to wait for.
        if (!req.headers().containsToken(HeaderValues.EXPECT_100)) {
            discardRest(tooLarge.rest);
        }
        return new CloseConnectionException("request body over the limit");
    }

    private static void discardRest(InputStream in) {
        byte[] buffer = new byte[64 * 1024];
        try (ReadDeadline deadline = ReadDeadline.linger()) {
            while (!deadline.expired() && in.read(buffer) >= 0) {
                // dropped
            }
        } catch (IOException | RuntimeException e) {
            // the end of the connection, or the deadline closed it: either way it is done
        }
    }
}
