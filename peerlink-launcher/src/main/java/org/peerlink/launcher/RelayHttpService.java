package org.peerlink.launcher;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.function.Supplier;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.peerlink.core.encoding.WellFormedUtf8;
import org.peerlink.relay.RelayError;
import org.peerlink.relay.RelayPost;
import org.peerlink.relay.RelayResponse;
import org.peerlink.relay.RelayService;

/**
 * The relay API over HTTP: maps requests to {@link RelayService} and its answers back, nothing more. The rules,
 * the JSON and the validation all live in the service.
 * <p>
 * The request size limit is not checked here: the relay listener's {@code maxPayloadSize} rejects a larger body
 * (announced by Content-Length, or while a chunked body is read) with a 413 that {@link JsonErrors} renders.
 */
public final class RelayHttpService implements HttpService {

    static final String FETCH = "/relay/fetch";
    static final String CAPABILITIES = "/relay/capabilities";
    static final String BLOB = "/relay/blob/{blobId}";

    /** Pieces a streamed body (a blob download) is written to the connection in. */
    static final int STREAM_BUFFER_BYTES = 64 * 1024;

    private static final System.Logger LOGGER = System.getLogger(RelayHttpService.class.getName());
    private static final byte[] INTERNAL_ERROR = json(RelayError.INTERNAL_ERROR.json());
    private static final byte[] NOT_FOUND = json(RelayError.NOT_FOUND.json());

    /** Bytes of large request bodies handled at once: two 1 MiB blob chunks (base64, so ~1.4 MB each). */
    static final long LARGE_BODY_BUDGET_BYTES = 3 * 1024 * 1024;

    private final RelayService relay;
    private final BodyBudget largeBodies = new BodyBudget(LARGE_BODY_BUDGET_BYTES);

    /**
     * Serve a relay service.
     *
     * @param relay the relay's rules over its storage
     */
    public RelayHttpService(RelayService relay) {
        this.relay = relay;
    }

    @Override
    public void routing(HttpRules rules) {
        for (RelayPost endpoint : RelayPost.values()) {
            rules.post(endpoint.path(), (req, res) -> post(endpoint, req, res));
        }
        rules.get(FETCH, this::fetch)
                .get(CAPABILITIES, (req, res) -> answer(res, CAPABILITIES, relay::capabilities))
                .get(BLOB, this::blob);
        // Registered after every real route: GET /relay/blob/upload stays a lookup of the blob "upload", as in the
        // original, instead of a 405 from the upload path.
        for (RelayPost endpoint : RelayPost.values()) {
            rules.any(endpoint.path(), JsonErrors.methodNotAllowed(Method.POST));
        }
        rules.any(FETCH, JsonErrors.methodNotAllowed(Method.GET))
                .any(CAPABILITIES, JsonErrors.methodNotAllowed(Method.GET))
                .any(BLOB, JsonErrors.methodNotAllowed(Method.GET));
    }

    /**
     * Answers {@code {"error":"not found"}} for every request no route took. Registered last on the relay routing;
     * answered here rather than by Helidon's not-found error, so that {@link ClientCloseFilter} sees a sent response.
     */
    static void notFound(ServerRequest req, ServerResponse res) {
        JsonErrors.send(req, res.status(Status.NOT_FOUND_404), NOT_FOUND);
    }

    /**
     * A POST: the body is parsed as JSON whatever its {@code Content-Type} says, as the original's clients expect
     * (PROTOCOL.md §2.2); anything that is not a JSON object is {@code invalid body}.
     */
    private void post(RelayPost endpoint, ServerRequest req, ServerResponse res) {
        // Outside answer(): a 413 raised while a chunked body is read must reach Helidon's direct handler.
        byte[] body = readBody(req);
        // Taken once the body is in: a client trickling its body in slowly holds no share while it does.
        try (BodyBudget.Permit ignored = largeBodies.acquire(body.length)) {
            answer(res, endpoint.path(), () -> relay.post(endpoint, body));
        }
    }

    /**
     * The whole request body. With a Content-Length (which the listener already held to the limit) the array is
     * allocated once at its final size: a 20 MiB chunk upload then costs 20 MiB, not the several times that a
     * growing buffer and its final copy would, which matters on a small heap.
     */
    private static byte[] readBody(ServerRequest req) {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        OptionalLong length = req.headers().contentLength();
        // Not closed here: closing drains the rest of the entity, which after a 413 raised mid-body would wait
        // for data the client may never send. Helidon deals with the entity after the handler.
        InputStream in = req.content().inputStream();
        try {
            // a Content-Encoding makes the decoded length unknown
            if (length.isEmpty() || req.headers().contains(HeaderNames.CONTENT_ENCODING)) {
                return in.readAllBytes();
            }
            byte[] body = new byte[Math.toIntExact(length.getAsLong())];
            int read = in.readNBytes(body, 0, body.length);
            return read == body.length ? body : Arrays.copyOf(body, read);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void fetch(ServerRequest req, ServerResponse res) {
        String to = req.query().first("to").orElse(null);
        String cursor = req.query().first("cursor").orElse(null);
        String limit = req.query().first("limit").orElse(null);
        answer(res, FETCH, () -> relay.fetch(to, cursor, limit));
    }

    private void blob(ServerRequest req, ServerResponse res) {
        String blobId = req.path().pathParameters().get("blobId");
        answer(res, BLOB, () -> relay.blob(blobId));
    }

    private void answer(ServerResponse res, String route, Supplier<RelayResponse> call) {
        RelayResponse response;
        try {
            response = call.get();
        } catch (RuntimeException e) {
            LOGGER.log(Level.ERROR, "relay " + route + " failed", e);
            res.status(Status.INTERNAL_SERVER_ERROR_500)
                    .header(HeaderValues.CONTENT_TYPE_JSON)
                    .send(INTERNAL_ERROR);
            return;
        }
        res.status(response.status().httpStatus())
                .header(HeaderValues.CONTENT_TYPE_JSON);
        switch (response) {
            case RelayResponse.Text text -> res.send(json(text.json()));
            case RelayResponse.Streamed streamed -> stream(res, streamed);
        }
    }

    private static void stream(ServerResponse res, RelayResponse.Streamed body) {
        // The base64 encoder writes 8 KiB pieces; each would become a chunk and a TCP segment of its own.
        OutputStream out = new BufferedOutputStream(res.outputStream(), STREAM_BUFFER_BYTES);
        try {
            body.writeTo(out);
            out.close();
        } catch (IOException e) {
            // Not closing `out` is deliberate: close() would end the chunked body normally and a truncated
            // download would look complete. An escaping exception makes Helidon answer 500 (JsonErrors) if
            // nothing was written yet, else drop the connection mid-body, which the client sees as a failure.
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] json(String text) {
        return WellFormedUtf8.encode(text);
    }
}
