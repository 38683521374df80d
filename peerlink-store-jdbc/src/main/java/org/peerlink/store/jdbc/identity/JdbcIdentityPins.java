package org.peerlink.store.jdbc.identity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.peerlink.identity.IdentityPin;
import org.peerlink.identity.IdentityPins;
import org.peerlink.identity.PinMatch;
import org.peerlink.store.jdbc.GroupCommit;
import org.peerlink.store.jdbc.GroupCommitException;

/**
 * The pins in the database, and all of them in memory as well: {@link #match} runs on every signed relay write and
 * reads only the map, while every change is decided on the database's one writer and committed before it returns.
 * A pin is about 150 bytes of heap; a server with a million peerIds ever registered holds 150 MB of them, which the
 * expiry of unused pins keeps from growing without end.
 */
public final class JdbcIdentityPins implements IdentityPins {

    /** Longest peerId a pin can hold ({@code identity_pin.peer_id}). */
    public static final int MAX_PEER_ID_CHARS = 512;

    private final GroupCommit writer;
    private final Map<String, IdentityPin> pins = new ConcurrentHashMap<>();

    /** The caller has run {@link IdentitySchema#migrate}; the pins in the table are loaded. */
    public JdbcIdentityPins(DataSource dataSource, GroupCommit writer) {
        this.writer = writer;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT peer_id, signing_key, pinned_at_ms, last_used_ms FROM identity_pin");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                IdentityPin pin = new IdentityPin(rows.getString(1), rows.getString(2), rows.getLong(3),
                        rows.getLong(4));
                pins.put(pin.peerId(), pin);
            }
        } catch (SQLException e) {
            throw new GroupCommitException("cannot read the identity pins", e);
        }
    }

    @Override
    public PinMatch match(String peerId, byte[] signingKey) {
        IdentityPin pin = pins.get(peerId);
        if (pin == null) {
            return PinMatch.NONE;
        }
        return pin.isKey(signingKey) ? PinMatch.SAME_KEY
                : PinMatch.OTHER_KEY;
    }

    /**
     * @throws IllegalArgumentException for a peerId longer than {@link #MAX_PEER_ID_CHARS}, which the register
     *                                  refuses before it gets here
     */
    @Override
    public boolean bind(String peerId, byte[] signingKey, long nowMs) {
        if (peerId.length() > MAX_PEER_ID_CHARS) {
            throw new IllegalArgumentException("a peerId of " + peerId.length() + " characters cannot be pinned");
        }
        IdentityPin existing = pins.get(peerId);
        // The usual case, a register with the pinned key within a day of the last recorded one, writes nothing.
        if (existing != null && (!existing.isKey(signingKey) || nowMs - existing.lastUsedMs() < TOUCH_INTERVAL_MS)) {
            return existing.isKey(signingKey);
        }
        // Decided on the writer, so that of two concurrent binds of one peerId exactly one pins it; the map changes
        // there too, before the commit, and goes back if the commit fails.
        IdentityPin[] changed = new IdentityPin[2];
        try {
            // Essential: a register that cannot pin is refused, whatever the relay's writes are doing.
            return writer.writeEssential(connection -> {
                IdentityPin current = pins.get(peerId);
                if (current == null) {
                    IdentityPin pin = new IdentityPin(peerId, IdentityPin.keyText(signingKey), nowMs, nowMs);
                    insert(connection, pin);
                    remember(changed, null, pin);
                    return true;
                }
                if (!current.isKey(signingKey)) {
                    return false;
                }
                if (nowMs - current.lastUsedMs() >= TOUCH_INTERVAL_MS) {
                    IdentityPin used = current.usedAt(nowMs);
                    touch(connection, used);
                    remember(changed, current, used);
                }
                return true;
            });
        } catch (RuntimeException e) {
            undo(changed);
            throw e;
        }
    }

    private void remember(IdentityPin[] changed, IdentityPin before, IdentityPin after) {
        changed[0] = before;
        changed[1] = after;
        pins.put(after.peerId(), after);
    }

    private void undo(IdentityPin[] changed) {
        IdentityPin after = changed[1];
        if (after == null) {
            return;
        }
        if (changed[0] == null) {
            pins.remove(after.peerId(), after);
        } else {
            pins.replace(after.peerId(), after, changed[0]);
        }
    }

    private static void insert(Connection connection, IdentityPin pin) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO identity_pin (peer_id, signing_key, pinned_at_ms, last_used_ms) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, pin.peerId());
            insert.setString(2, pin.signingKey());
            insert.setLong(3, pin.pinnedAtMs());
            insert.setLong(4, pin.lastUsedMs());
            insert.executeUpdate();
        }
    }

    private static void touch(Connection connection, IdentityPin pin) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE identity_pin SET last_used_ms = ? WHERE peer_id = ?")) {
            update.setLong(1, pin.lastUsedMs());
            update.setString(2, pin.peerId());
            update.executeUpdate();
        }
    }

    /** How many peerIds are pinned now, from memory: cheap for a meter. */
    public int count() {
        return pins.size();
    }

    @Override
    public List<IdentityPin> list() {
        return pins.values().stream().sorted(Comparator.comparing(IdentityPin::peerId)).toList();
    }

    @Override
    public boolean release(String peerId) {
        // As in bind: the map changes on the writer, and goes back if the commit fails.
        IdentityPin[] removed = new IdentityPin[1];
        try {
            return writer.write(connection -> {
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM identity_pin WHERE peer_id = ?")) {
                    delete.setString(1, peerId);
                    delete.executeUpdate();
                }
                removed[0] = pins.remove(peerId);
                return removed[0] != null;
            });
        } catch (RuntimeException e) {
            if (removed[0] != null) {
                pins.putIfAbsent(peerId, removed[0]);
            }
            throw e;
        }
    }

    @Override
    public int expireUnusedSince(long cutoffMs) {
        List<IdentityPin> removed = new ArrayList<>();
        try {
            return writer.write(connection -> {
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM identity_pin WHERE last_used_ms < ?")) {
                    delete.setLong(1, cutoffMs);
                    delete.executeUpdate();
                }
                for (IdentityPin pin : pins.values()) {
                    if (pin.lastUsedMs() < cutoffMs && pins.remove(pin.peerId(), pin)) {
                        removed.add(pin);
                    }
                }
                return removed.size();
            });
        } catch (RuntimeException e) {
            removed.forEach(pin -> pins.putIfAbsent(pin.peerId(), pin));
            throw e;
        }
    }
}
