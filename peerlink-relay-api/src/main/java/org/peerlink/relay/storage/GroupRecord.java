package org.peerlink.relay.storage;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A group's membership as the relay enforces it.
 *
 * @param groupId     the group
 * @param ownerPeerId who may replace the membership
 * @param members     normalised member ids (sorted, unique)
 * @param provisional true while the membership was only inferred from a first group store
 */
public record GroupRecord(String groupId, String ownerPeerId, List<String> members, boolean provisional) {
    public GroupRecord {
        Objects.requireNonNull(groupId);
        Objects.requireNonNull(ownerPeerId);
        // Sorted here whatever the store gave, so that a membership check is a binary search: a group store checks
        // every recipient, and a scan per recipient would cost recipients x members.
        members = members.stream().sorted().distinct().toList();
    }

    public boolean hasMember(String peerId) {
        return Collections.binarySearch(members, peerId) >= 0;
    }
}
