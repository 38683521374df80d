package org.peerlink.relay.storage;

/** What {@link RelayStorage#replaceMembers} did. */
public enum MembershipChange {
    /** The list replaced the membership (or created the group) and the group is no longer provisional. */
    REPLACED,
    /** The group exists, is not provisional and has a different owner: nothing changed. */
    OWNER_MISMATCH
}
