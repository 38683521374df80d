package org.peerlink.relay.group;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.peerlink.core.json.JsArray;
import org.peerlink.relay.RelayStatus;
import org.peerlink.relay.request.RelayRejection;
import org.peerlink.relay.storage.GroupRecord;
import org.peerlink.relay.storage.RelayStorage;

/** Who may send to a group and to whom, as the relay enforces it (PROTOCOL.md §2.2, "Membership"). */
public final class GroupMembership {

    private final RelayStorage storage;

    public GroupMembership(RelayStorage storage) {
        this.storage = storage;
    }

    /**
     * Checks a group store. An unknown group gets a provisional membership of the sender and the recipients,
     * owned by the sender; the check then runs against whatever membership the store holds, so two first
     * stores racing for one group are judged by the same membership.
     *
     * @throws RelayRejection 403 when the sender or any recipient is not a member
     */
    public void requireGroupStoreAllowed(String groupId, String from, List<String> recipients) {
        GroupRecord group = storage.group(groupId).orElseGet(() -> {
            TreeSet<String> members = new TreeSet<>(recipients);
            members.add(from);
            return storage.createGroupIfAbsent(new GroupRecord(groupId, from, List.copyOf(members), true));
        });
        requireSender(group, from);
        List<String> outsiders = recipients.stream().filter(r -> !group.hasMember(r)).toList();
        if (!outsiders.isEmpty()) {
            throw RelayRejection.of(RelayStatus.FORBIDDEN, "recipient is not a group member",
                    "unauthorizedRecipients", JsArray.ofStrings(outsiders));
        }
    }

    /**
     * Checks a blob upload step: when the relay knows the group, the uploader must be a member. An unknown
     * group is not created by an upload.
     *
     * @throws RelayRejection 403 {@code sender is not a group member}
     */
    public void requireUploader(String groupId, String from) {
        Optional<GroupRecord> group = storage.group(groupId);
        group.ifPresent(g -> requireSender(g, from));
    }

    private static void requireSender(GroupRecord group, String from) {
        if (!group.hasMember(from)) {
            throw RelayRejection.of(RelayStatus.FORBIDDEN, "sender is not a group member");
        }
    }
}
