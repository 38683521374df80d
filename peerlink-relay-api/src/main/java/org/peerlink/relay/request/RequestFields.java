package org.peerlink.relay.request;

import java.util.Optional;

import org.peerlink.core.encoding.Base64Field;
import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsNull;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsString;
import org.peerlink.core.json.JsValue;
import org.peerlink.relay.RelayError;

/**
 * Typed access to the fields of a relay request, failing with the contract's 400 texts. Handlers call
 * {@link #require} with every required key first, then read the fields in the endpoint's order, then the payload,
 * then the signature — which yields the contract's validation order: missing keys, then types, then payload, then
 * signature.
 * <p>
 * A key is present when the object has it, whatever its value, as JavaScript's {@code key in body} has it: a
 * {@code null} id is an invalid id, not a missing one.
 */
public final class RequestFields {

    /** Longest id, peer id, group id, file name or mime type accepted. */
    public static final int MAX_NAME_LENGTH = 1024;

    private final JsObject body;
    /** The {@code payload} set aside from a large body, or null when it is in {@link #body} as usual. */
    private final RawPayload payload;

    public RequestFields(JsObject body) {
        this(body, null);
    }

    /**
     * Fields of a body whose payload was set aside: {@code body} then holds {@code "payload":""} (so the checks for a
     * missing payload pass as they would), and {@link #payload()} decodes {@code payload} instead.
     */
    public RequestFields(JsObject body, RawPayload payload) {
        this.body = body;
        this.payload = payload;
    }

    /** @throws RelayRejection 400 {@code missing <key>} for the first absent key, in the order given */
    public RequestFields require(String... keys) {
        for (String key : keys) {
            if (!body.has(key)) {
                throw RelayRejection.missing(key);
            }
        }
        return this;
    }

    /** The field as received; null when absent. */
    public JsValue get(String key) {
        return body.get(key);
    }

    /**
     * Checks the strings that name something (ids, peer ids, a group, a file name) together, as the original does:
     * one text for any of them being no string; read them with {@link #text}. Each is bounded in length so that it
     * can be indexed by any database.
     *
     * @throws RelayRejection 400 {@code error} unless every field is a string of at most {@value #MAX_NAME_LENGTH}
     *                        characters
     */
    public void requireNames(RelayError error, String... keys) {
        for (String key : keys) {
            if (!(body.get(key) instanceof JsString s) || s.value().length() > MAX_NAME_LENGTH) {
                throw RelayRejection.of(error);
            }
        }
    }

    /** @throws RelayRejection 400 {@code error} unless the field is a finite number */
    public JsNumber number(String key, RelayError error) {
        if (body.get(key) instanceof JsNumber n && n.isFinite()) {
            return n;
        }
        throw RelayRejection.of(error);
    }

    /**
     * An array of peer ids, or {@code null} when the field is no array; string entries longer than
     * {@value #MAX_NAME_LENGTH} characters are refused for the same reason as in {@link #requireNames}.
     *
     * @throws RelayRejection 400 {@code tooLong}
     */
    public JsArray peerIds(String key, RelayError tooLong) {
        if (!(body.get(key) instanceof JsArray ids)) {
            return null;
        }
        for (JsValue id : ids.items()) {
            if (id instanceof JsString s && s.value().length() > MAX_NAME_LENGTH) {
                throw RelayRejection.of(tooLong);
            }
        }
        return ids;
    }

    /**
     * The optional {@code mimeType}: absent or {@code null} gives {@link JsNull}, a string is returned as is.
     *
     * @throws RelayRejection 400 {@code invalid mimeType} for any other type or a string longer than
     *                        {@value #MAX_NAME_LENGTH} characters
     */
    public JsValue mimeType() {
        JsValue value = body.get("mimeType");
        if (value == null || value instanceof JsNull) {
            return JsNull.INSTANCE;
        }
        if (value instanceof JsString s && s.value().length() <= MAX_NAME_LENGTH) {
            return value;
        }
        throw RelayRejection.of(RelayError.INVALID_MIME_TYPE);
    }

    /**
     * The bytes of {@code payload}: base64 (standard or URL-safe alphabet, padding optional) of at least one byte.
     *
     * @throws RelayRejection 400 {@code invalid payload encoding} when it is no string, empty or not base64
     */
    public byte[] payload() {
        if (!(body.get("payload") instanceof JsString text)) {
            throw RelayRejection.of(RelayError.INVALID_PAYLOAD);
        }
        Optional<byte[]> bytes = payload != null ? payload.decode() : Base64Field.decode(text.value());
        return bytes.filter(b -> b.length > 0).orElseThrow(() -> RelayRejection.of(RelayError.INVALID_PAYLOAD));
    }

    /**
     * The decoded base64 content of {@code sig} or {@code signingPub}.
     *
     * @throws RelayRejection 400 {@code invalid sig/signingPub} when it is no string or not base64
     */
    byte[] signatureField(String key) {
        if (body.get(key) instanceof JsString text) {
            Optional<byte[]> bytes = Base64Field.decode(text.value());
            if (bytes.isPresent()) {
                return bytes.get();
            }
        }
        throw RelayRejection.of(RelayError.INVALID_SIGNATURE_FIELDS);
    }

    /** The field as a string; the caller has checked that it is one ({@link #requireNames}). */
    public String text(String key) {
        return ((JsString) body.get(key)).value();
    }
}
