package org.peerlink.relay.request;

import java.util.Optional;

import org.peerlink.core.encoding.Base64Field;
import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsNull;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsString;
import org.peerlink.core.json.JsValue;

/**
 * Typed access to the fields of a relay request, failing with the contract's 400 messages. Handlers call
 * {@link #require} with every required key first, then read the fields in the endpoint's order, then decode
 * base64 — which yields the contract's validation order: missing keys, then types, then payload, then
 * signature.
 * <p>
 * A key counts as missing when it is absent or {@code null}; an empty string is present (an empty payload is a
 * valid, signable envelope).
 */
public final class RequestFields {

    /** Longest id, peer id, group id or file name accepted. */
    public static final int MAX_NAME_LENGTH = 1024;

    private final JsObject body;
    /** The {@code payload} set aside from a large body, or null when it is in {@link #body} as usual. */
    private final RawPayload payload;

    public RequestFields(JsObject body) {
        this(body, null);
    }

    /**
     * Fields of a body whose payload was set aside: {@code body} then holds {@code "payload":""} (so the checks for
     * a missing or non-string payload pass as they would), and {@link #base64} decodes {@code payload} instead.
     */
    public RequestFields(JsObject body, RawPayload payload) {
        this.body = body;
        this.payload = payload;
    }

    public JsObject body() {
        return body;
    }

    /** @throws RelayRejection 400 {@code missing <key>} for the first missing key, in the order given */
    public RequestFields require(String... keys) {
        for (String key : keys) {
            JsValue value = body.get(key);
            if (value == null || value instanceof JsNull) {
                throw RelayRejection.badRequest("missing " + key);
            }
        }
        return this;
    }

    /** @throws RelayRejection 400 {@code invalid <key>} unless the field is a string */
    public String string(String key) {
        if (body.get(key) instanceof JsString s) {
            return s.value();
        }
        throw invalid(key);
    }

    /**
     * A string that names something (an id, a peer id, a group, a file name), bounded in length so that it
     * can be indexed by any database.
     *
     * @throws RelayRejection 400 {@code invalid <key>} unless the field is a string of at most
     *                        {@value #MAX_NAME_LENGTH} characters
     */
    public String name(String key) {
        String value = string(key);
        if (value.length() > MAX_NAME_LENGTH) {
            throw invalid(key);
        }
        return value;
    }

    /**
     * An array whose string entries are peer ids; entries longer than {@value #MAX_NAME_LENGTH} characters are
     * refused for the same reason as in {@link #name}.
     *
     * @throws RelayRejection 400 {@code invalid <key>}
     */
    public JsArray peerIds(String key) {
        JsArray ids = array(key);
        for (JsValue id : ids.items()) {
            if (id instanceof JsString s && s.value().length() > MAX_NAME_LENGTH) {
                throw invalid(key);
            }
        }
        return ids;
    }

    /**
     * Checks that each field is a string, in order, for fields that are decoded or copied later.
     *
     * @throws RelayRejection 400 {@code invalid <key>} for the first that is not
     */
    public void strings(String... keys) {
        for (String key : keys) {
            string(key);
        }
    }

    /** @throws RelayRejection 400 {@code invalid <key>} unless the field is a finite number */
    public JsNumber number(String key) {
        if (body.get(key) instanceof JsNumber n && n.isFinite()) {
            return n;
        }
        throw invalid(key);
    }

    /** @throws RelayRejection 400 {@code invalid <key>} unless the field is an array */
    public JsArray array(String key) {
        if (body.get(key) instanceof JsArray a) {
            return a;
        }
        throw invalid(key);
    }

    /**
     * An optional string: absent or {@code null} gives {@link JsNull}, a string is returned as is.
     *
     * @throws RelayRejection 400 {@code invalid <key>} for any other type
     */
    public JsValue optionalString(String key) {
        JsValue value = body.get(key);
        if (value == null || value instanceof JsNull) {
            return JsNull.INSTANCE;
        }
        if (value instanceof JsString) {
            return value;
        }
        throw invalid(key);
    }

    /**
     * The field's base64 content (standard or URL-safe alphabet, padding optional).
     *
     * @throws RelayRejection 400 {@code invalid <key>} when it is not a string or not base64
     */
    public byte[] base64(String key) {
        String text = string(key);
        Optional<byte[]> bytes = payload != null && key.equals("payload") ? payload.decode() : Base64Field.decode(text);
        return bytes.orElseThrow(() -> invalid(key));
    }

    private static RelayRejection invalid(String key) {
        return RelayRejection.badRequest("invalid " + key);
    }
}
