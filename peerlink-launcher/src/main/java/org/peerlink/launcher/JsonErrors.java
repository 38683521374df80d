package org.peerlink.launcher;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;

import org.peerlink.relay.RelayError;

/**
 * JSON error responses for every listener: {@code {"error":"not found"}} and friends.
 * <p>
 * Helidon sends every error that is not handled by a route (no route matched, an exception escaped a handler,
 * a malformed request rejected before routing...) through the listener's {@link DirectHandlers}; by default they
 * answer with a text/plain (HTML-escaped) message. Installing {@link #directHandlers()} on the server makes all of
 * them JSON with {@link #message(Status)} as the message, so no HTML or text error pages are ever served.
 */
public final class JsonErrors {

    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

    private JsonErrors() {
    }

    /**
     * Direct handlers that answer every event type with a JSON body.
     *
     * @return handlers to set on {@code WebServerConfig.Builder#directHandlers}
     */
    public static DirectHandlers directHandlers() {
        DirectHandler handler = JsonErrors::handle;
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    /**
     * A handler for {@code any(path, ...)} registered after the real routes of a path: answers 405 with an
     * {@code Allow} header and {@code {"error":"method not allowed"}}. It answers itself rather than through Helidon's
     * error handling, so that the connection is closed after it when the client asked ({@link ClientCloseFilter}).
     *
     * @param allowed methods that the path does support
     * @return handler
     */
    public static Handler methodNotAllowed(Method... allowed) {
        String allow = Arrays.stream(allowed).map(Method::text).collect(Collectors.joining(", "));
        byte[] body = RelayError.METHOD_NOT_ALLOWED.json().getBytes(StandardCharsets.UTF_8);
        return (req, res) -> send(req, res.status(Status.METHOD_NOT_ALLOWED_405)
                .header(HeaderValues.create(HeaderNames.ALLOW, allow)), body);
    }

    /**
     * Sends an error body as JSON, or only the head to a HEAD request: Helidon sends the entity a handler gives it
     * even then, and a body after a HEAD response would be read as the start of the next response.
     *
     * @param req  the request
     * @param res  the response with its status set
     * @param body the JSON body
     */
    static void send(ServerRequest req, ServerResponse res, byte[] body) {
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        if (Method.HEAD.equals(req.prologue().method())) {
            res.send();
        } else {
            res.send(body);
        }
    }

    /**
     * JSON body for an error status.
     *
     * @param status HTTP status
     * @return e.g. {@code {"error":"not found"}}
     */
    public static String body(Status status) {
        return body(message(status));
    }

    /**
     * JSON body with a given message.
     *
     * @param message error message
     * @return {@code {"error":message}}
     */
    public static String body(String message) {
        return JSON.createObjectBuilder()
                .add("error", message)
                .build()
                .toString();
    }

    /**
     * The message for an error status: the relay contract's text where it has one (PROTOCOL.md §2.3), else the
     * lower-case reason phrase.
     *
     * @param status HTTP status
     * @return e.g. {@code not found}, {@code payload too large}, {@code internal error}
     */
    public static String message(Status status) {
        return switch (status.code()) {
            case Status.NOT_FOUND_404_CODE -> RelayError.NOT_FOUND.message();
            case Status.METHOD_NOT_ALLOWED_405_CODE -> RelayError.METHOD_NOT_ALLOWED.message();
            case Status.REQUEST_ENTITY_TOO_LARGE_413_CODE -> RelayError.PAYLOAD_TOO_LARGE.message();
            case Status.INTERNAL_SERVER_ERROR_500_CODE -> RelayError.INTERNAL_ERROR.message();
            default -> status.reasonPhrase().toLowerCase(Locale.ROOT);
        };
    }

    private static DirectHandler.TransportResponse handle(DirectHandler.TransportRequest request,
                                                          DirectHandler.EventType eventType,
                                                          Status status,
                                                          ServerResponseHeaders headers,
                                                          String message) {
        // the message may contain request data; never echo it, use the reason phrase
        headers.set(HeaderValues.CONTENT_TYPE_JSON);
        DirectHandler.TransportResponse.Builder response = DirectHandler.TransportResponse.builder()
                .status(status)
                .headers(headers);
        // Helidon does not strip entities from HEAD responses; a body there would corrupt a kept-alive connection
        if (!Method.HEAD.text().equalsIgnoreCase(request.method())) {
            response.entity(body(status).getBytes(StandardCharsets.UTF_8));
        }
        return response.build();
    }
}
