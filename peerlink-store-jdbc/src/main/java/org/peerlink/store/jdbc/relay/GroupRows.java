package org.peerlink.store.jdbc.relay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.peerlink.relay.storage.GroupRecord;
import org.peerlink.relay.storage.MembershipChange;

/** Group memberships ({@code relay_group}, {@code relay_group_member}). */
final class GroupRows {

    private GroupRows() {
    }

    static Optional<GroupRecord> find(Connection c, String groupId) throws SQLException {
        String owner;
        boolean provisional;
        try (PreparedStatement query = c.prepareStatement(
                "SELECT owner_peer_id, provisional FROM relay_group WHERE group_id = ?")) {
            query.setString(1, groupId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                owner = row.getString(1);
                provisional = row.getBoolean(2);
            }
        }
        // Sorted here rather than by ORDER BY: the relay's order is String.compareTo (UTF-16 code units),
        // which a database collation need not follow.
        TreeSet<String> members = new TreeSet<>();
        try (PreparedStatement query = c.prepareStatement(
                "SELECT peer_id FROM relay_group_member WHERE group_id = ?")) {
            query.setString(1, groupId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    members.add(rows.getString(1));
                }
            }
        }
        return Optional.of(new GroupRecord(groupId, owner, List.copyOf(members), provisional));
    }

    /** Runs on the writer. */
    static GroupRecord createIfAbsent(Connection c, GroupRecord group) throws SQLException {
        Optional<GroupRecord> existing = find(c, group.groupId());
        if (existing.isPresent()) {
            return existing.get();
        }
        TreeSet<String> members = new TreeSet<>(group.members());
        insertGroup(c, group.groupId(), group.ownerPeerId(), group.provisional());
        insertMembers(c, group.groupId(), members);
        return new GroupRecord(group.groupId(), group.ownerPeerId(), List.copyOf(members), group.provisional());
    }

    /** Runs on the writer. */
    static MembershipChange replace(Connection c, String groupId, String ownerPeerId, List<String> members)
            throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT owner_peer_id, provisional FROM relay_group WHERE group_id = ?")) {
            query.setString(1, groupId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    insertGroup(c, groupId, ownerPeerId, false);
                } else if (!row.getBoolean(2) && !row.getString(1).equals(ownerPeerId)) {
                    return MembershipChange.OWNER_MISMATCH;
                } else {
                    updateGroup(c, groupId, ownerPeerId);
                }
            }
        }
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM relay_group_member WHERE group_id = ?")) {
            delete.setString(1, groupId);
            delete.executeUpdate();
        }
        insertMembers(c, groupId, new TreeSet<>(members));
        return MembershipChange.REPLACED;
    }

    private static void insertGroup(Connection c, String groupId, String ownerPeerId, boolean provisional)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO relay_group (group_id, owner_peer_id, provisional) VALUES (?, ?, ?)")) {
            insert.setString(1, groupId);
            insert.setString(2, ownerPeerId);
            insert.setBoolean(3, provisional);
            insert.executeUpdate();
        }
    }

    private static void updateGroup(Connection c, String groupId, String ownerPeerId) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE relay_group SET owner_peer_id = ?, provisional = FALSE WHERE group_id = ?")) {
            update.setString(1, ownerPeerId);
            update.setString(2, groupId);
            update.executeUpdate();
        }
    }

    private static void insertMembers(Connection c, String groupId, Collection<String> members) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO relay_group_member (group_id, peer_id) VALUES (?, ?)")) {
            for (String member : members) {
                insert.setString(1, groupId);
                insert.setString(2, member);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
