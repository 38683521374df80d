package org.peerlink.signal.hub;

import java.util.Objects;

/**
 * One server frame sent to many connections (a presence update goes to everyone online). Its text is serialised
 * once by the hub, and a connection's queue can tell it from a frame of its own ({@code OutboundQueue} lets
 * broadcasts wait a moment, so that many of them reach a peer in one write).
 */
public final class SharedFrame {

    private final String text;

    public SharedFrame(String text) {
        this.text = Objects.requireNonNull(text);
    }

    /** The frame's JSON text. */
    public String text() {
        return text;
    }
}
