package org.peerlink.launcher;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.Method;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.Handler;

import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;

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
     * {@code Allow} header and {@code {"error":"method not allowed"}}.
     *
     * @param allowed methods that the path does support
     * @return handler
     */
    public static Handler methodNotAllowed(Method... allowed) {
        String allow = Arrays.stream(allowed).map(Method::text).collect(Collectors.joining(", "));
        return (req, res) -> {
            throw new HttpException("Method Not Allowed", Status.METHOD_NOT_ALLOWED_405, true)
                    .header(HeaderValues.create(HeaderNames.ALLOW, allow));
        };
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
     * The message for an error status: the lower-case reason phrase, except where the relay contract words it
     * differently.
     *
     * @param status HTTP status
     * @return e.g. {@code not found}, {@code payload too large}, {@code internal error}
     */
    public static String message(Status status) {
        return switch (status.code()) {
            case Status.REQUEST_ENTITY_TOO_LARGE_413_CODE -> "payload too large";
            case Status.INTERNAL_SERVER_ERROR_500_CODE -> "internal error";
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
