package org.peerlink.relay.group;

import java.util.List;
import java.util.TreeSet;

import org.peerlink.core.json.JsArray;
import org.peerlink.relay.RelayError;
import org.peerlink.relay.request.RelayRejection;
import org.peerlink.relay.storage.GroupRecord;
import org.peerlink.relay.storage.RelayStorage;

/**
 * Who may send to a group and to whom, as the relay enforces it (PROTOCOL.md §2.2, "Membership"). Blob uploads are
 * not checked: the app uploads direct-message attachments ({@code dm:<a>|<b>}) and avatars ({@code profile:<id>})
 * under such group ids, and if uploads were checked anyone could block them with one group store under that id.
 */
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
            throw RelayRejection.of(RelayError.RECIPIENT_NOT_MEMBER,
                    "unauthorizedRecipients", JsArray.ofStrings(outsiders));
        }
    }

    private static void requireSender(GroupRecord group, String from) {
        if (!group.hasMember(from)) {
            throw RelayRejection.of(RelayError.SENDER_NOT_MEMBER);
        }
    }
}
