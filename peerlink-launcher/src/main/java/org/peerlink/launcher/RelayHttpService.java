package org.peerlink.launcher;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.helidon.common.uri.UriQuery;
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
 * Request bodies are read by {@link BoundedBody}, which holds them to the body limit.
 */
public final class RelayHttpService implements HttpService {

    static final String FETCH = "/relay/fetch";
    static final String CAPABILITIES = "/relay/capabilities";
    static final String BLOB_PREFIX = "/relay/blob/";
    static final String BLOB = BLOB_PREFIX + "{blobId}";

    private static final LenientRoutes LENIENT_ROUTES = new LenientRoutes(Stream.concat(
            Stream.of(HealthService.PATH, FETCH, CAPABILITIES), Arrays.stream(RelayPost.values()).map(RelayPost::path))
            .collect(Collectors.toSet()), BLOB_PREFIX);

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
     * Takes every request no route took: a path written the way the original's router also accepts
     * ({@link LenientRoutes}) is rerouted, anything else is {@code {"error":"not found"}}. Registered last on the
     * relay routing; answered here rather than by Helidon's not-found error, so that {@link ClientCloseFilter} sees a
     * sent response.
     */
    void notFound(ServerRequest req, ServerResponse res) {
        Optional<String> route = LENIENT_ROUTES.canonical(req.path().path());
        Optional<String> blobId = Method.GET.equals(req.prologue().method())
                ? LENIENT_ROUTES.encodedParameter(req.path().rawPath()) : Optional.empty();
        if (route.isPresent()) {
            res.reroute(route.get(), req.query());
        } else if (blobId.isPresent()) {
            answer(res, BLOB, () -> relay.blob(blobId.get()));
        } else {
            JsonErrors.send(req, res.status(Status.NOT_FOUND_404), NOT_FOUND);
        }
    }

    /**
     * A POST: the body is parsed as JSON whatever its {@code Content-Type} says, as the original's clients expect
     * (PROTOCOL.md §2.2); anything that is not a JSON object is {@code invalid body}.
     */
    private void post(RelayPost endpoint, ServerRequest req, ServerResponse res) {
        // Outside answer(): a body over the limit ends the exchange with its own 413 and the connection's close.
        byte[] body = BoundedBody.read(req, res, Math.toIntExact(relay.settings().maxBodyBytes()));
        // Taken once the body is in: a client trickling its body in slowly holds no share while it does.
        try (BodyBudget.Permit ignored = largeBodies.acquire(body.length)) {
            answer(res, endpoint.path(), () -> relay.post(endpoint, body));
        }
    }

    private void fetch(ServerRequest req, ServerResponse res) {
        String to = single(req.query(), "to");
        String cursor = single(req.query(), "cursor");
        String limit = single(req.query(), "limit");
        answer(res, FETCH, () -> relay.fetch(to, cursor, limit));
    }

    /**
     * A query parameter given once, else null: the original's query parser makes a repeated parameter an array,
     * which its fetch treats as absent ({@code to} twice is {@code missing to}, {@code limit} twice the default).
     */
    private static String single(UriQuery query, String name) {
        List<String> values = query.all(name, List::of);
        return values.size() == 1 ? values.getFirst() : null;
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
