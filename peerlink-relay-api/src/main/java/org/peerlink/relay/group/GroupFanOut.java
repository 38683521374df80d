package org.peerlink.relay.group;

import java.util.ArrayList;
import java.util.List;

import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsBoolean;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.core.relay.PeerIdList;
import org.peerlink.core.relay.RelaySignedBytes;
import org.peerlink.relay.RelaySettings;
import org.peerlink.relay.message.EnvelopeExpiry;
import org.peerlink.relay.request.RelayRejection;
import org.peerlink.relay.request.RequestFields;
import org.peerlink.relay.request.RequestSignature;
import org.peerlink.relay.storage.QueuedEnvelope;
import org.peerlink.relay.storage.RelayStorage;

/** {@code POST /relay/group/store}: one signed envelope, queued once per normalised recipient. */
public final class GroupFanOut {

    private final RelayStorage storage;
    private final RelaySettings settings;
    private final GroupMembership membership;

    public GroupFanOut(RelayStorage storage, RelaySettings settings, GroupMembership membership) {
        this.storage = storage;
        this.settings = settings;
        this.membership = membership;
    }

    public JsObject store(JsObject body, long nowMs) {
        RequestFields fields = new RequestFields(body)
                .require("id", "from", "groupId", "recipients", "ts", "ttl", "payload", "sig", "signingPub");
        String id = fields.name("id");
        String from = fields.name("from");
        String groupId = fields.name("groupId");
        JsArray recipientField = fields.peerIds("recipients");
        JsNumber ts = fields.number("ts");
        JsNumber ttl = fields.number("ttl");
        String payloadText = fields.string("payload");
        String sigText = fields.string("sig");
        String signingPubText = fields.string("signingPub");
        byte[] payload = fields.base64("payload");
        // The sender is dropped as given: a from with surrounding spaces is not trimmed before the comparison.
        List<String> recipients = PeerIdList.normaliseWithout(recipientField, from);
        if (recipients.isEmpty()) {
            throw RelayRejection.badRequest("empty recipients");
        }
        RequestSignature.of(fields)
                .requireValid(RelaySignedBytes.groupStore(id, from, groupId, recipients, ts, ttl, payload));
        membership.requireGroupStoreAllowed(groupId, from, recipients);

        long expiresAt = EnvelopeExpiry.expiresAtMs(nowMs, settings.messageRetention(), ttl);
        JsArray recipientList = JsArray.ofStrings(recipients);
        List<QueuedEnvelope> envelopes = new ArrayList<>(recipients.size());
        for (String recipient : recipients) {
            JsObject envelope = JsObject.builder()
                    .put("id", id)
                    .put("from", from)
                    .put("to", recipient)
                    .put("groupId", groupId)
                    .put("recipients", recipientList)
                    .put("ts", ts)
                    .put("ttl", ttl)
                    .put("payload", payloadText)
                    .put("sig", sigText)
                    .put("signingPub", signingPubText)
                    .build();
            envelopes.add(new QueuedEnvelope(recipient, id,
                    JsonWriter.write(envelope, JsonWriter.Numbers.AS_RECEIVED), expiresAt));
        }
        int stored = (int) storage.enqueue(envelopes, nowMs).stream().filter(Boolean::booleanValue).count();
        return JsObject.builder()
                .put("ok", JsBoolean.TRUE)
                .put("groupId", groupId)
                .put("recipients", JsNumber.of(recipients.size()))
                .put("stored", JsNumber.of(stored))
                .put("duplicate", JsNumber.of(recipients.size() - stored))
                .build();
    }
}
