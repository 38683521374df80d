package org.peerlink.relay.request;

import java.time.Duration;
import java.util.Map;

import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsValue;
import org.peerlink.relay.RelayError;
import org.peerlink.relay.RelayStatus;

/**
 * A request the relay refuses, with the contract's status and error body. Thrown from deep inside the rules
 * and turned into a response at the service boundary; it carries no stack trace because it is not a fault.
 */
public final class RelayRejection extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final RelayStatus status;
    private final transient JsObject body;
    private final transient Map<String, String> headers;

    private RelayRejection(RelayStatus status, JsObject body, Map<String, String> headers) {
        super(body.string("error").orElse(status.name()), null, false, false);
        this.status = status;
        this.body = body;
        this.headers = Map.copyOf(headers);
    }

    /**
     * {@code 429 {"error":"rate limited","retryAfterSeconds":n}} with {@code Retry-After: n}, n rounded up to whole
     * seconds and at least 1.
     */
    public static RelayRejection rateLimited(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new RelayRejection(RelayError.RATE_LIMITED.status(),
                body(RelayError.RATE_LIMITED).put("retryAfterSeconds", JsNumber.of(seconds)).build(),
                Map.of("Retry-After", Long.toString(seconds)));
    }

    /**
     * {@code 507 {"error":"insufficient storage","quota":<name>,"limit":n}}: the free-disk watermark or a
     * {@link org.peerlink.relay.RelayQuotas quota} refused a write.
     */
    public static RelayRejection insufficientStorage(String quota, long limit) {
        return withBody(RelayError.INSUFFICIENT_STORAGE, body(RelayError.INSUFFICIENT_STORAGE)
                .put("quota", quota)
                .put("limit", JsNumber.of(limit)));
    }

    /** {@code {"error": <the error's text>}}. */
    public static RelayRejection of(RelayError error) {
        return withBody(error, body(error));
    }

    /** {@code {"error":"missing <key>"}}. */
    public static RelayRejection missing(String key) {
        return withBody(RelayError.MISSING_KEY,
                JsObject.builder().put("error", RelayError.MISSING_KEY.message(key)));
    }

    /** {@code {"error": <text>, extraKey: extraValue}}, for the errors the contract lists with an extra field. */
    public static RelayRejection of(RelayError error, String extraKey, JsValue extraValue) {
        return withBody(error, body(error).put(extraKey, extraValue));
    }

    /** An error whose body the caller completed: {@link #body} plus the fields the contract lists. */
    public static RelayRejection withBody(RelayError error, JsObject.Builder body) {
        return new RelayRejection(error.status(), body.build(), Map.of());
    }

    /** {@code {"error": <the error's text>}}, to add fields to. */
    public static JsObject.Builder body(RelayError error) {
        return JsObject.builder().put("error", error.message());
    }

    public RelayStatus status() {
        return status;
    }

    public JsObject body() {
        return body;
    }

    /** HTTP headers to send with it ({@code Retry-After}), by name. */
    public Map<String, String> headers() {
        return headers;
    }
}
