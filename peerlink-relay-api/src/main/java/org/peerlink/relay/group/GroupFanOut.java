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
import org.peerlink.identity.IdentityPins;
import org.peerlink.relay.RelayError;
import org.peerlink.relay.RelaySettings;
import org.peerlink.relay.message.EnvelopeExpiry;
import org.peerlink.relay.message.EnvelopeSize;
import org.peerlink.relay.quota.QueueQuota;
import org.peerlink.relay.request.BodyBudget;
import org.peerlink.relay.request.RelayRejection;
import org.peerlink.relay.request.RequestFields;
import org.peerlink.relay.request.RequestSignature;
import org.peerlink.relay.storage.QueuedEnvelope;
import org.peerlink.relay.storage.RelayStorage;

/** {@code POST /relay/group/store}: one signed envelope, queued once per normalised recipient. */
public final class GroupFanOut {

    private final RelayStorage storage;
    private final IdentityPins pins;
    private final RelaySettings settings;
    private final GroupMembership membership;
    private final BodyBudget fanOutBudget;
    private final QueueQuota queueQuota;

    public GroupFanOut(RelayStorage storage, RelaySettings settings, GroupMembership membership, IdentityPins pins,
                       BodyBudget fanOutBudget, QueueQuota queueQuota) {
        this.queueQuota = queueQuota;
        this.pins = pins;
        this.fanOutBudget = fanOutBudget;
        this.storage = storage;
        this.settings = settings;
        this.membership = membership;
    }

    public JsObject store(JsObject body, long nowMs) {
        RequestFields fields = new RequestFields(body)
                .require("id", "from", "groupId", "recipients", "ts", "ttl", "payload", "sig", "signingPub");
        fields.requireNames(RelayError.INVALID_ID_FROM_GROUP, "id", "from", "groupId");
        String id = fields.text("id");
        String from = fields.text("from");
        String groupId = fields.text("groupId");
        JsArray recipientField = fields.peerIds("recipients", RelayError.INVALID_RECIPIENTS);
        if (recipientField == null) {
            throw RelayRejection.of(RelayError.INVALID_RECIPIENTS);
        }
        // As sent, before the list is normalised: the work of normalising it is what the cap bounds.
        int maxRecipients = settings.caps().maxRecipients();
        if (recipientField.size() > maxRecipients) {
            throw RelayRejection.of(RelayError.TOO_MANY_RECIPIENTS, "limit", JsNumber.of(maxRecipients));
        }
        JsNumber ts = fields.number("ts", RelayError.INVALID_TS_TTL);
        JsNumber ttl = fields.number("ttl", RelayError.INVALID_TS_TTL);
        // The sender is dropped as given: a from with surrounding spaces is not trimmed before the comparison.
        List<String> recipients = PeerIdList.normaliseWithout(recipientField, from);
        if (recipients.isEmpty()) {
            throw RelayRejection.of(RelayError.EMPTY_RECIPIENTS);
        }
        byte[] payload = fields.payload();
        RequestSignature.of(fields).requireKeyOf(pins, from)
                .requireValid(RelaySignedBytes.groupStore(id, from, groupId, recipients, ts, ttl, payload));
        membership.requireGroupStoreAllowed(groupId, from, recipients);

        long expiresAt = EnvelopeExpiry.expiresAtMs(nowMs, settings.messageRetention(), ttl);
        JsArray recipientList = JsArray.ofStrings(recipients);
        JsObject.Builder copy = JsObject.builder()
                .put("id", id)
                .put("from", from)
                .put("to", "")
                .put("groupId", groupId)
                .put("recipients", recipientList)
                .put("ts", ts)
                .put("ttl", ttl)
                .put("payload", fields.get("payload"))
                .put("sig", fields.get("sig"))
                .put("signingPub", fields.get("signingPub"));
        // Every copy is this text with its recipient in "to": the sizes are known before any copy is made.
        String template = JsonWriter.write(copy.build(), JsonWriter.Numbers.AS_RECEIVED);
        long fanOutChars = 0;
        for (String recipient : recipients) {
            long copyChars = template.length() + quotedLength(recipient) - 2;
            EnvelopeSize.requireFits(copyChars, settings.caps());
            fanOutChars += copyChars;
        }
        if (fanOutChars > settings.caps().maxFanOutChars()) {
            throw RelayRejection.of(RelayError.FAN_OUT_TOO_LARGE, "limit", JsNumber.of(settings.caps().maxFanOutChars()));
        }
        // The copies are held together until they are stored: a share of the budget for them, so that several
        // large fan-outs at once wait for each other instead of filling the heap together.
        List<QueuedEnvelope> envelopes = new ArrayList<>(recipients.size());
        try (BodyBudget.Permit ignored = fanOutBudget.acquire(fanOutChars)) {
            for (String recipient : recipients) {
                String json = JsonWriter.write(copy.put("to", recipient).build(), JsonWriter.Numbers.AS_RECEIVED);
                envelopes.add(new QueuedEnvelope(recipient, id, json, expiresAt));
            }
            List<QueuedEnvelope> admitted = queueQuota.withRoom(envelopes, nowMs);
            int stored = (int) storage.enqueue(admitted, nowMs).stream().filter(Boolean::booleanValue).count();
            return answer(groupId, recipients.size(), stored, envelopes.size() - admitted.size());
        }
    }

    private static int quotedLength(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2);
        JsonWriter.quote(text, quoted);
        return quoted.length();
    }

    /**
     * The contract's answer; {@code queueFull} (ours) counts the recipients whose queue was over its quota and got
     * no copy, and is left out when there are none, so that the answer stays the original's.
     */
    private static JsObject answer(String groupId, int recipients, int stored, int queueFull) {
        JsObject.Builder answer = JsObject.builder()
                .put("ok", JsBoolean.TRUE)
                .put("groupId", groupId)
                .put("recipients", JsNumber.of(recipients))
                .put("stored", JsNumber.of(stored))
                .put("duplicate", JsNumber.of(recipients - stored - queueFull));
        if (queueFull > 0) {
            answer.put("queueFull", JsNumber.of(queueFull));
        }
        return answer.build();
    }
}
