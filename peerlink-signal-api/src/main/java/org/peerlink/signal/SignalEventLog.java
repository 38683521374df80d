package org.peerlink.signal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The signal service's events as log lines on logger {@code org.peerlink.signal.events}: a peer registered (and after
 * how long offline), taken over, gone offline at INFO; refused registers at DEBUG (an attacker's flood must not fill
 * the disk). A peerId is never logged, only its {@link #shortHash}: enough to follow one peer through the log, not to
 * learn who it is.
 */
public final class SignalEventLog implements SignalEvents {

    private static final Logger LOGGER = System.getLogger("org.peerlink.signal.events");
    private static final HexFormat HEX = HexFormat.of();

    /**
     * The first 8 hex digits of the SHA-256 of {@code peerId}.
     *
     * @param peerId a peerId
     * @return its short hash
     */
    public static String shortHash(String peerId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(peerId.getBytes(StandardCharsets.UTF_8));
            return HEX.formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public void registered(String peerId) {
        if (LOGGER.isLoggable(Level.INFO)) {
            LOGGER.log(Level.INFO, "registered peer " + shortHash(peerId));
        }
    }

    @Override
    public void reconnected(String peerId, long offlineMs) {
        if (LOGGER.isLoggable(Level.INFO)) {
            LOGGER.log(Level.INFO, "peer " + shortHash(peerId) + " back after " + offlineMs + " ms offline");
        }
    }

    @Override
    public void registerRejected(SignalError error) {
        if (LOGGER.isLoggable(Level.DEBUG)) {
            LOGGER.log(Level.DEBUG, "register refused: " + error.code() + " " + error.message());
        }
    }

    @Override
    public void sessionReplaced(String peerId) {
        if (LOGGER.isLoggable(Level.INFO)) {
            LOGGER.log(Level.INFO, "peer " + shortHash(peerId) + " took over its session on a new connection");
        }
    }

    @Override
    public void offline(String peerId, long atMs) {
        if (LOGGER.isLoggable(Level.INFO)) {
            LOGGER.log(Level.INFO, "peer " + shortHash(peerId) + " offline");
        }
    }
}
