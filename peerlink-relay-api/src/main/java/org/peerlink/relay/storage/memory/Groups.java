package org.peerlink.relay.storage.memory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.peerlink.relay.storage.GroupRecord;
import org.peerlink.relay.storage.MembershipChange;

/** Group memberships. Not thread-safe: {@link InMemoryRelayStorage}'s lock guards it. */
final class Groups {

    private final Map<String, GroupRecord> byId = new HashMap<>();

    Optional<GroupRecord> find(String groupId) {
        return Optional.ofNullable(byId.get(groupId));
    }

    GroupRecord createIfAbsent(GroupRecord group) {
        return byId.computeIfAbsent(group.groupId(), id -> new GroupRecord(id, group.ownerPeerId(),
                normalised(group.members()), group.provisional()));
    }

    MembershipChange replace(String groupId, String ownerPeerId, List<String> members) {
        GroupRecord existing = byId.get(groupId);
        if (existing != null && !existing.provisional() && !existing.ownerPeerId().equals(ownerPeerId)) {
            return MembershipChange.OWNER_MISMATCH;
        }
        byId.put(groupId, new GroupRecord(groupId, ownerPeerId, normalised(members), false));
        return MembershipChange.REPLACED;
    }

    void clear() {
        byId.clear();
    }

    /** Sorted by String.compareTo and unique, as {@link GroupRecord} promises and H2 reads them back. */
    private static List<String> normalised(List<String> members) {
        return List.copyOf(new TreeSet<>(members));
    }
}
