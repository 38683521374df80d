package org.peerlink.relay.group;

import java.util.List;

import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsBoolean;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.relay.PeerIdList;
import org.peerlink.core.relay.RelaySignedBytes;
import org.peerlink.relay.RelayStatus;
import org.peerlink.relay.request.RelayRejection;
import org.peerlink.relay.request.RequestFields;
import org.peerlink.relay.request.RequestSignature;
import org.peerlink.relay.storage.MembershipChange;
import org.peerlink.relay.storage.RelayStorage;

/**
 * {@code POST /relay/group/members/update}: the owner replaces a group's membership. Unlike the other writes,
 * the owner and member-list checks come before the signature, as in the original.
 */
public final class MembersUpdate {

    private final RelayStorage storage;

    public MembersUpdate(RelayStorage storage) {
        this.storage = storage;
    }

    public JsObject update(JsObject body) {
        RequestFields fields = new RequestFields(body).require(
                "id", "from", "groupId", "ownerPeerId", "memberPeerIds", "ts", "ttl", "sig", "signingPub");
        String id = fields.name("id");
        String from = fields.name("from");
        String groupId = fields.name("groupId");
        String ownerPeerId = fields.name("ownerPeerId");
        JsArray memberField = fields.peerIds("memberPeerIds");
        JsNumber ts = fields.number("ts");
        JsNumber ttl = fields.number("ttl");
        fields.strings("sig", "signingPub");
        RequestSignature signature = RequestSignature.of(fields);
        if (!from.equals(ownerPeerId)) {
            throw RelayRejection.of(RelayStatus.FORBIDDEN, "only owner can update members");
        }
        List<String> members = PeerIdList.normalise(memberField);
        if (members.isEmpty()) {
            throw RelayRejection.badRequest("empty memberPeerIds");
        }
        if (!members.contains(ownerPeerId)) {
            throw RelayRejection.badRequest("owner must be in memberPeerIds");
        }
        signature.requireValid(RelaySignedBytes.membersUpdate(id, from, groupId, ownerPeerId, members, ts, ttl));
        if (storage.replaceMembers(groupId, ownerPeerId, members) == MembershipChange.OWNER_MISMATCH) {
            throw RelayRejection.of(RelayStatus.CONFLICT, "owner mismatch");
        }
        return JsObject.builder()
                .put("ok", JsBoolean.TRUE)
                .put("groupId", groupId)
                .put("ownerPeerId", ownerPeerId)
                .put("members", JsNumber.of(members.size()))
                .build();
    }
}
