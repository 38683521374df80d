-- Relay storage, version 1. Plain SQL (identity columns, FETCH FIRST) so that a server database can
-- implement the same SPI with the same tables; IF NOT EXISTS lets a half-applied version run again.
-- Expiry columns are epoch milliseconds; a row is absent once expires_at_ms <= now.
-- No foreign keys: one writer makes every change and deletes what a row owns with it (a blob or session its
-- content, a content its chunks), and H2 would add an index per foreign key next to the ones below.

-- Queued envelopes. seq is global and only grows, so "order first stored" is ORDER BY seq; it is assigned
-- by the single writer, in commit order, so a reader paging by seq never finds an older row appearing later.
CREATE TABLE IF NOT EXISTS relay_envelope (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recipient_id VARCHAR NOT NULL,
    envelope_id VARCHAR NOT NULL,
    body CLOB NOT NULL,
    expires_at_ms BIGINT NOT NULL,
    CONSTRAINT relay_envelope_recipient_envelope UNIQUE (recipient_id, envelope_id)
);
CREATE INDEX IF NOT EXISTS relay_envelope_by_recipient ON relay_envelope (recipient_id, seq);
CREATE INDEX IF NOT EXISTS relay_envelope_by_expiry ON relay_envelope (expires_at_ms);

-- Acked (recipient, envelope) pairs, so that a late re-store is a duplicate.
CREATE TABLE IF NOT EXISTS relay_ack_tombstone (
    recipient_id VARCHAR NOT NULL,
    envelope_id VARCHAR NOT NULL,
    expires_at_ms BIGINT NOT NULL,
    PRIMARY KEY (recipient_id, envelope_id)
);
CREATE INDEX IF NOT EXISTS relay_ack_tombstone_by_expiry ON relay_ack_tombstone (expires_at_ms);

CREATE TABLE IF NOT EXISTS relay_group (
    group_id VARCHAR PRIMARY KEY,
    owner_peer_id VARCHAR NOT NULL,
    provisional BOOLEAN NOT NULL
);
CREATE TABLE IF NOT EXISTS relay_group_member (
    group_id VARCHAR NOT NULL,
    peer_id VARCHAR NOT NULL,
    PRIMARY KEY (group_id, peer_id)
);

-- The bytes of one blob or upload session, as numbered chunks. A completed upload hands its content to the
-- blob by id: the bytes are never copied.
CREATE TABLE IF NOT EXISTS relay_content (
    content_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at_ms BIGINT NOT NULL
);
-- chunk_id identifies one write of one chunk (a re-sent chunk gets a new row and id), which is what an
-- upload session's revision needs.
CREATE TABLE IF NOT EXISTS relay_chunk (
    chunk_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    content_id BIGINT NOT NULL,
    chunk_index INT NOT NULL,
    size_bytes BIGINT NOT NULL,
    data BLOB NOT NULL,
    CONSTRAINT relay_chunk_content_index UNIQUE (content_id, chunk_index)
);

CREATE TABLE IF NOT EXISTS relay_blob (
    blob_id VARCHAR PRIMARY KEY,
    group_id VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    mime_type VARCHAR NOT NULL,
    uploader_id VARCHAR NOT NULL,
    size_bytes BIGINT NOT NULL,
    expires_at_ms BIGINT NOT NULL,
    content_id BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS relay_blob_by_expiry ON relay_blob (expires_at_ms);

-- revision is the chunk_id of the session's latest chunk write: unique across sessions and restarts, so a
-- session that expired and was started again under the same key never repeats an old revision.
-- received_chunks and size_bytes are kept up to date by every chunk write, so no question about a session
-- needs to visit its chunks.
CREATE TABLE IF NOT EXISTS relay_upload (
    upload_id VARCHAR NOT NULL,
    uploader_id VARCHAR NOT NULL,
    group_id VARCHAR NOT NULL,
    total_chunks INT NOT NULL,
    received_chunks INT NOT NULL,
    size_bytes BIGINT NOT NULL,
    revision BIGINT NOT NULL,
    expires_at_ms BIGINT NOT NULL,
    content_id BIGINT NOT NULL,
    PRIMARY KEY (upload_id, uploader_id, group_id)
);
CREATE INDEX IF NOT EXISTS relay_upload_by_expiry ON relay_upload (expires_at_ms);
