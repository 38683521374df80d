package org.peerlink.helidon.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalLong;

import io.helidon.common.buffers.DataReader;
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

    /** What is allocated before anything arrived. */
    static final int FIRST_BUFFER_BYTES = 64 * 1024;

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
     * The whole body of {@code req}, read within {@code timeout} (else the connection is dropped). Memory is taken as
     * the body arrives, not from its {@code Content-Length} up front (finding 9 of issue 13: a client announcing
     * 20 MiB and trickling it in held 20 MiB for as long as it liked); with a Content-Length the buffer grows towards
     * that size, so a body that arrives whole is copied a few times at most and ends in an array of its exact size.
     *
     * @throws TooLarge when the body is larger than {@code limit}; send the 413, then {@link #refuse}
     */
    static byte[] read(ServerRequest req, int limit, Duration timeout) throws TooLarge {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        OptionalLong length = req.headers().contentLength();
        InputStream in = req.content().inputStream();
        // a Content-Encoding makes the decoded length unknown
        boolean known = length.isPresent() && !req.headers().contains(HeaderNames.CONTENT_ENCODING);
        if (known && length.getAsLong() > limit) {
            throw new TooLarge(in);
        }
        int expected = known ? (int) length.getAsLong() : limit + 1;
        byte[] body = new byte[Math.min(expected, FIRST_BUFFER_BYTES)];
        int size = 0;
        try (ReadDeadline deadline = ReadDeadline.after(timeout)) {
            while (true) {
                if (size == body.length) {
                    if (size >= expected) {
                        break;
                    }
                    body = Arrays.copyOf(body, (int) Math.min(expected, 2L * body.length));
                }
                int n = in.read(body, size, body.length - size);
                if (n < 0) {
                    break;
                }
                size += n;
                if (deadline.expired()) {
                    throw new UncheckedIOException(new IOException("request body not read within " + timeout));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (DataReader.InsufficientDataAvailableException e) {
            // The client went away before its body was in (a phone losing its network, a flood's sockets closing):
            // nothing to answer and nothing to log but at TRACE, where Helidon puts a connection that ends. As a
            // 500 each logged a stack trace, and a flood of them slowed every other request (FloodTest).
            throw new CloseConnectionException("the client went away during its request body", e);
        }
        if (size > limit) {
            throw new TooLarge(in);
        }
        return size == body.length ? body : Arrays.copyOf(body, size);
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
