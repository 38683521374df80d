package org.peerlink.relay.storage;

/** What a blob write did. */
public enum BlobWrite {
    /** The blob now exists with the given bytes. */
    CREATED,
    /** An unexpired blob with that id already existed and was kept; an upload session, if any, was dropped. */
    DUPLICATE,
    /** Completion only: the session is gone or a chunk was written after it was read; nothing changed. */
    SESSION_CHANGED
}
