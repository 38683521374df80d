package org.peerlink.relay.request;

import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsValue;
import org.peerlink.relay.RelayStatus;

/**
 * A request the relay refuses, with the contract's status and error body. Thrown from deep inside the rules
 * and turned into a response at the service boundary; it carries no stack trace because it is not a fault.
 */
public final class RelayRejection extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final RelayStatus status;
    private final transient JsObject body;

    private RelayRejection(RelayStatus status, JsObject body) {
        super(body.string("error").orElse(status.name()), null, false, false);
        this.status = status;
        this.body = body;
    }

    /** {@code {"error": message}}. */
    public static RelayRejection of(RelayStatus status, String message) {
        return new RelayRejection(status, JsObject.builder().put("error", message).build());
    }

    /** {@code {"error": message, extraKey: extraValue}}, for the errors the contract lists with extra fields. */
    public static RelayRejection of(RelayStatus status, String message, String extraKey, JsValue extraValue) {
        return new RelayRejection(status, JsObject.builder().put("error", message).put(extraKey, extraValue).build());
    }

    /** An error whose body the caller built ({@code error} plus the fields the contract lists). */
    public static RelayRejection withBody(RelayStatus status, JsObject body) {
        return new RelayRejection(status, body);
    }

    public static RelayRejection badRequest(String message) {
        return of(RelayStatus.BAD_REQUEST, message);
    }

    public RelayStatus status() {
        return status;
    }

    public JsObject body() {
        return body;
    }
}
