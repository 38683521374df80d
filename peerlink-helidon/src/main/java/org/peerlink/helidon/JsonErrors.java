package org.peerlink.helidon;

import java.util.Locale;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

import org.peerlink.core.encoding.WellFormedUtf8;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.relay.RelayError;

/**
 * JSON error responses for what no route answers: {@code {"error":"bad request"}} and friends.
 * <p>
 * Helidon sends every error that is not handled by a route (no route matched, an exception escaped a handler,
 * a malformed request rejected before routing...) through the server's {@link DirectHandlers}; by default they
 * answer with a text/plain (HTML-escaped) message. Installing {@link #directHandlers()} on the server makes all of
 * them JSON with {@link #message(Status)} as the message, so no HTML or text error pages are ever served. A feature
 * cannot install them (they belong to the server), so a host sets them itself.
 */
public final class JsonErrors {

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
     * The message for an error status: the relay contract's text where it has one (PROTOCOL.md §2.3), else the
     * lower-case reason phrase.
     *
     * @param status HTTP status
     * @return e.g. {@code not found}, {@code payload too large}, {@code internal error}
     */
    static String message(Status status) {
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
            String body = JsonWriter.stringify(JsObject.builder().put("error", message(status)).build());
            response.entity(WellFormedUtf8.encode(body));
        }
        return response.build();
    }
}
