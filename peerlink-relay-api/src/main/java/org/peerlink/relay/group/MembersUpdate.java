package org.peerlink.relay.group;

import java.util.List;

import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsBoolean;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.relay.PeerIdList;
import org.peerlink.core.relay.RelaySignedBytes;
import org.peerlink.identity.IdentityPins;
import org.peerlink.relay.RelayCaps;
import org.peerlink.relay.RelayError;
import org.peerlink.relay.request.RelayRejection;
import org.peerlink.relay.request.RequestFields;
import org.peerlink.relay.request.RequestSignature;
import org.peerlink.relay.storage.MembershipChange;
import org.peerlink.relay.storage.RelayStorage;

/**
 * {@code POST /relay/group/members/update}: the owner replaces a group's membership. Unlike the other writes,
 * the owner and member-list checks come before the signature (and its decoding), as in the original.
 */
public final class MembersUpdate {

    private final RelayStorage storage;
    private final IdentityPins pins;
    private final RelayCaps caps;

    public MembersUpdate(RelayStorage storage, RelayCaps caps, IdentityPins pins) {
        this.pins = pins;
        this.caps = caps;
        this.storage = storage;
    }

    public JsObject update(JsObject body) {
        RequestFields fields = new RequestFields(body).require(
                "id", "from", "groupId", "ownerPeerId", "memberPeerIds", "ts", "ttl", "sig", "signingPub");
        fields.requireNames(RelayError.INVALID_ID_FROM_GROUP_OWNER, "id", "from", "groupId", "ownerPeerId");
        String from = fields.text("from");
        String groupId = fields.text("groupId");
        String ownerPeerId = fields.text("ownerPeerId");
        JsNumber ts = fields.number("ts", RelayError.INVALID_TS_TTL);
        JsNumber ttl = fields.number("ttl", RelayError.INVALID_TS_TTL);
        if (!from.equals(ownerPeerId)) {
            throw RelayRejection.of(RelayError.ONLY_OWNER);
        }
        // Anything but an array normalises to no members, as in the original.
        JsArray memberField = fields.peerIds("memberPeerIds", RelayError.INVALID_MEMBERS);
        if (memberField != null && memberField.size() > caps.maxMembers()) {
            throw RelayRejection.of(RelayError.TOO_MANY_MEMBERS, "limit", JsNumber.of(caps.maxMembers()));
        }
        List<String> members = memberField == null ? List.of() : PeerIdList.normalise(memberField);
        if (members.isEmpty()) {
            throw RelayRejection.of(RelayError.EMPTY_MEMBERS);
        }
        if (!members.contains(ownerPeerId)) {
            throw RelayRejection.of(RelayError.OWNER_NOT_MEMBER);
        }
        // from == ownerPeerId by now: the owner's pinned key must sign
        RequestSignature.of(fields).requireKeyOf(pins, ownerPeerId).requireValid(
                RelaySignedBytes.membersUpdate(fields.text("id"), from, groupId, ownerPeerId, members, ts, ttl));
        if (storage.replaceMembers(groupId, ownerPeerId, members) == MembershipChange.OWNER_MISMATCH) {
            throw RelayRejection.of(RelayError.OWNER_MISMATCH);
        }
        return JsObject.builder()
                .put("ok", JsBoolean.TRUE)
                .put("groupId", groupId)
                .put("ownerPeerId", ownerPeerId)
                .put("members", JsNumber.of(members.size()))
                .build();
    }
}
