package org.peerlink.identity;

/** How a signing key stands to a peerId's pin. */
public enum PinMatch {
    /** The peerId is not pinned: any key may speak for it (until a register pins it). */
    NONE,
    /** The peerId is pinned to this key. */
    SAME_KEY,
    /** The peerId is pinned to another key: this one must not speak for it. */
    OTHER_KEY
}
