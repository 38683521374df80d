package org.peerlink.relay.message;

import java.util.List;

import org.peerlink.core.json.JsBoolean;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.core.relay.RelaySignedBytes;
import org.peerlink.identity.IdentityPins;
import org.peerlink.relay.RelayError;
import org.peerlink.relay.RelaySettings;
import org.peerlink.relay.quota.QueueQuota;
import org.peerlink.relay.request.RelayRejection;
import org.peerlink.relay.request.RequestFields;
import org.peerlink.relay.request.RequestSignature;
import org.peerlink.relay.storage.FetchedEnvelope;
import org.peerlink.relay.storage.QueuedEnvelope;
import org.peerlink.relay.storage.RelayStorage;

/** Store, fetch and ack of one-to-one envelopes. */
public final class MessageQueue {

    private final RelayStorage storage;
    private final RelaySettings settings;
    private final IdentityPins pins;
    private final QueueQuota quota;

    public MessageQueue(RelayStorage storage, RelaySettings settings, IdentityPins pins, QueueQuota quota) {
        this.quota = quota;
        this.storage = storage;
        this.settings = settings;
        this.pins = pins;
    }

    /** {@code POST /relay/store}: the envelope is kept exactly as posted, extra fields and number text included. */
    public JsObject store(JsObject body, long nowMs) {
        RequestFields fields = new RequestFields(body)
                .require("id", "from", "to", "ts", "ttl", "payload", "sig", "signingPub");
        fields.requireNames(RelayError.INVALID_ID_FROM_TO, "id", "from", "to");
        String id = fields.text("id");
        String to = fields.text("to");
        JsNumber ts = fields.number("ts", RelayError.INVALID_TS_TTL);
        JsNumber ttl = fields.number("ttl", RelayError.INVALID_TS_TTL);
        byte[] payload = fields.payload();
        String from = fields.text("from");
        RequestSignature.of(fields).requireKeyOf(pins, from)
                .requireValid(RelaySignedBytes.store(id, from, to, ts, ttl, payload));

        String json = JsonWriter.write(body, JsonWriter.Numbers.AS_RECEIVED);
        EnvelopeSize.requireFits(json, settings.caps());
        quota.requireRoom(to, json.length(), nowMs);
        long expiresAt = EnvelopeExpiry.expiresAtMs(nowMs, settings.messageRetention(), ttl);
        boolean stored = storage.enqueue(List.of(new QueuedEnvelope(to, id, json, expiresAt)), nowMs).getFirst();
        return JsObject.builder()
                .put("ok", JsBoolean.TRUE)
                .put("stored", JsBoolean.of(stored))
                .put("duplicate", JsBoolean.of(!stored))
                .build();
    }

    /**
     * {@code GET /relay/fetch}: the response text is assembled from the stored envelope texts, which are never
     * parsed again. A page holds no more than {@link org.peerlink.relay.RelayCaps#maxFetchPageChars()} of them
     * (always at least one); the client's cursor then goes on from the last one returned, as with {@code limit}.
     */
    public String fetch(String to, String cursor, String limit, long nowMs) {
        if (to == null) {
            throw RelayRejection.of(RelayError.MISSING_TO);
        }
        // An empty cursor starts at the beginning, like none, but is echoed as sent when nothing follows
        String after = cursor == null || cursor.isEmpty() ? null : cursor;
        List<FetchedEnvelope> page = storage.fetch(to, after, FetchLimit.parse(limit),
                settings.caps().maxFetchPageChars(), nowMs);
        StringBuilder out = new StringBuilder(256 + page.stream().mapToInt(e -> e.json().length() + 1).sum());
        out.append("{\"messages\":[");
        for (int i = 0; i < page.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(page.get(i).json());
        }
        out.append("],\"cursor\":");
        String next = page.isEmpty() ? cursor : page.getLast().id();
        if (next == null) {
            out.append("null");
        } else {
            JsonWriter.quote(next, out);
        }
        return out.append('}').toString();
    }

    /**
     * {@code POST /relay/ack}: removes (to, id) and remembers it so a late re-store is a duplicate. Only the
     * recipient acks (PROTOCOL.md §3.5): {@code from} must be {@code to}, and the key {@code to}'s pinned one.
     */
    public JsObject ack(JsObject body, long nowMs) {
        RequestFields fields = new RequestFields(body).require("id", "from", "to", "ts", "sig", "signingPub");
        fields.requireNames(RelayError.INVALID_ID_FROM_TO, "id", "from", "to");
        String id = fields.text("id");
        String to = fields.text("to");
        JsNumber ts = fields.number("ts", RelayError.INVALID_TS);
        String from = fields.text("from");
        RequestSignature.of(fields).requireKeyOf(pins, from).requireValid(RelaySignedBytes.ack(id, from, to, ts));
        // After the signature, as the other 403s: the request is genuine, it is just not the recipient's to make.
        if (!from.equals(to)) {
            throw RelayRejection.of(RelayError.ACK_NOT_FROM_RECIPIENT);
        }

        storage.ack(to, id, Math.addExact(nowMs, settings.tombstoneRetention().toMillis()));
        return JsObject.builder().put("ok", JsBoolean.TRUE).build();
    }
}
